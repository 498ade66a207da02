-- The rights of the daemon's role (current_setting('tierd.role')) on the tierd schema: take
-- work from the queue, keep customer state, append to the audit log (never change it),
-- read pins and what is installed, count the ERP's sessions at work. Nothing else.
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    EXECUTE 'GRANT USAGE ON SCHEMA tierd TO ' || daemon;
    -- UPDATE only for the row locks of a claim (SELECT ... FOR UPDATE SKIP LOCKED).
    EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON tierd.queue TO ' || daemon;
    EXECUTE 'GRANT SELECT, INSERT, UPDATE ON tierd.customer_state TO ' || daemon;
    EXECUTE 'GRANT SELECT, INSERT ON tierd.audit_log TO ' || daemon;
    EXECUTE 'GRANT SELECT ON tierd.audit, tierd.pin, tierd.installed_plugin, '
            'tierd.schema_migration TO ' || daemon;
    EXECUTE 'GRANT EXECUTE ON FUNCTION tierd.erp_sessions_at_work() TO ' || daemon;
END $$
