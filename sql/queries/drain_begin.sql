-- Marks this daemon as draining (shared: several daemons may drain), so triggers stop
-- sending NOTIFY; false if a committing ERP transaction holds the lock at this instant.
SELECT pg_try_advisory_lock_shared(tierd.lock_class(), 1)
