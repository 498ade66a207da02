-- Removes every queued event of the locked customers $1 and says why each was queued. The
-- deletion commits with the results, so a crash before commit leaves the events queued.
DELETE FROM tierd.queue
WHERE customer_id = ANY($1::bigint[])
RETURNING customer_id, source
