-- An ERP transaction usually reaches tierd.enqueue several times for one customer (posting
-- an invoice writes the invoice, its move and the move's lines): the queue row is written
-- once per customer per transaction, and the rest of the calls return at once. The ids
-- already queued by this transaction are kept in a transaction-local setting, which a
-- rolled-back savepoint restores along with the rows it removes.
CREATE OR REPLACE FUNCTION tierd.enqueue(customer_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    queued bigint[] := coalesce(nullif(current_setting('tierd.queued_by_transaction', true),
                                       '')::bigint[], '{}');
    fresh bigint[];
BEGIN
    IF customer_ids IS NULL OR cardinality(customer_ids) = 0 THEN
        RETURN;
    END IF;
    fresh := array(SELECT DISTINCT c FROM unnest(customer_ids) AS c
                   WHERE c IS NOT NULL AND c <> ALL (queued));
    IF cardinality(fresh) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO tierd.queue (customer_id) SELECT unnest(fresh);
    -- Remembering costs a comparison per queued id on every later call: only worth it for
    -- the few customers of an ordinary transaction, not for a bulk import's thousands.
    IF cardinality(queued) + cardinality(fresh) <= 32 THEN
        PERFORM set_config('tierd.queued_by_transaction', (queued || fresh)::text, true);
    END IF;
    -- NOTIFY serialises all committing transactions, so it is sent only when no daemon is
    -- draining (then the lock is free) and by only one transaction at a time (the lock is
    -- held until this transaction ends). A busy daemon finds the rows on its next batch.
    IF pg_try_advisory_xact_lock(tierd.lock_class(), 1) THEN
        PERFORM pg_notify('tierd_wakeup', '');
    END IF;
END $$;
