-- Waits for, then holds until commit, the lock a daemon holds while processing customer $1.
SELECT pg_advisory_xact_lock(tierd.lock_class() + 1, $1::integer)
