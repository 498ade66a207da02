-- Takes back the rights role_grants.sql gave the daemon's role
-- (current_setting('tierd.role')) on the tierd schema (uninstall; the audit log stays).
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('tierd.role')) THEN
        RETURN;
    END IF;
    EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA tierd FROM ' || daemon;
    EXECUTE 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA tierd FROM ' || daemon;
    EXECUTE 'REVOKE ALL ON ALL FUNCTIONS IN SCHEMA tierd FROM ' || daemon;
    EXECUTE 'REVOKE ALL ON SCHEMA tierd FROM ' || daemon;
END $$
