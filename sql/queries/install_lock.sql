-- Serialises concurrent installs and uninstalls of tierd in one database.
-- (The schema may not exist yet, so the class is written out: tierd.lock_class().)
SELECT pg_advisory_xact_lock(1953654116, 3)
