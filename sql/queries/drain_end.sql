-- This daemon stops draining: the next ERP transaction will wake it with NOTIFY.
SELECT pg_advisory_unlock_shared(tierd.lock_class(), 1)
