-- Creates the daemon's database role (current_setting('tierd.role'); LOGIN, no password:
-- the operator sets one or uses peer or certificate authentication) unless it exists.
-- Roles belong to the whole cluster, so another database's install may create it first.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('tierd.role')) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', current_setting('tierd.role'));
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END $$
