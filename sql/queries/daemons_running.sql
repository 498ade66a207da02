-- How many tierd daemons are connected to this database: each names its main session
-- 'tierd' (store/connection.cpp). The application name of every session is visible to every
-- role, so tierctl can tell whether anyone will apply a pin without further rights.
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND application_name = 'tierd' AND pid <> pg_backend_pid()
