-- tierd.enqueue without 003's memo of the customers a transaction already queued: a queue row
-- per statement that touches a customer (two for a Tryton posting, its receivable line and
-- its invoice), coalesced by the daemon, which claims each customer once with all its rows.
-- The memo (a transaction-local setting, read, parsed and written back on every call) cost
-- more than the rows it saved: on a copy of the benchmark's million customers, Tryton's
-- posting at saturation (8 clients, durable commits, the drain lock held by an idle
-- session) ran at 0.91 of the triggers disabled with the memo and at 0.97-1.02 without it
-- (two series of four 15 s rounds, the order rotated); checking the queue for the
-- transaction's own rows instead (by xmin) cost more still (0.83). See README.md at commit
-- 368b6f7, "Benchmarks".
CREATE OR REPLACE FUNCTION tierd.enqueue(customer_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tierd.queue (customer_id)
        SELECT DISTINCT c FROM unnest(customer_ids) AS c WHERE c IS NOT NULL;
    -- NOTIFY serialises all committing transactions, so it is sent only when no daemon is
    -- draining (then the lock is free) and by only one transaction at a time (the lock is
    -- held until this transaction ends). A busy daemon finds the rows on its next batch.
    IF FOUND AND pg_try_advisory_xact_lock(tierd.lock_class(), 1) THEN
        PERFORM pg_notify('tierd_wakeup', '');
    END IF;
END $$;
