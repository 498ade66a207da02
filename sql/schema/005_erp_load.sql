-- How busy the ERP keeps the database: its sessions at work in this database right now,
-- those of other roles than the caller's (the daemon's) that run a statement or are between
-- two statements of a transaction (the ERP's own code at work), unless left idle in it for
-- a second or more. The daemon samples it to yield to a busy ERP (see
-- daemon/pipeline/erp_load.hpp).
-- Only the count leaves the function: the daemon's role cannot see other roles' activity in
-- pg_stat_activity, and is not given the right to. The function runs with its owner's rights
-- (the installer's): installed by a superuser or a member of pg_read_all_stats it sees every
-- role's sessions; installed by the database owner, that owner's (usually the ERP's).
CREATE OR REPLACE FUNCTION tierd.erp_sessions_at_work() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*)::integer
    FROM pg_stat_activity
    WHERE datname = current_database() AND usename <> session_user
      AND backend_type IN ('client backend', 'parallel worker')
      AND (state = 'active'
           OR (state = 'idle in transaction'
               AND state_change > clock_timestamp() - interval '1 second'))
$$;
REVOKE ALL ON FUNCTION tierd.erp_sessions_at_work() FROM PUBLIC;
