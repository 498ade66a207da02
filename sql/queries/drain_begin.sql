-- Marks this daemon as draining (shared: several daemons may drain), so triggers stop
-- sending NOTIFY. If a committing ERP transaction holds the lock, wait for it, briefly:
-- while this request waits no other ERP transaction can take the lock (a waiting request
-- blocks later conflicting ones), so the wait ends with that one commit. A mere try would
-- lose that race again and again under load, and NOTIFYs would go on. Run in a transaction
-- of its own; the lock is the session's and outlives it. Errors with lock_timeout if an ERP
-- transaction keeps the lock longer (a long import): the daemon tries again later.
SET LOCAL lock_timeout = '200ms';
SELECT true FROM pg_advisory_lock_shared(tierd.lock_class(), 1)
