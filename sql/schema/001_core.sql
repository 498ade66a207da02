-- The core of tierd inside the ERP database: the event queue, each customer's current tier
-- per classification, the installed plugin, and the append-only, hash-chained audit log.

-- Advisory lock keys are (class, object) pairs in a class of tierd's own, so they cannot
-- collide with the ERP's locks. Object 1: "a daemon is draining the queue" (held shared by
-- draining daemons; triggers NOTIFY only when they can take it exclusively, i.e. nobody is
-- draining). Object 2: the audit chain's head. Customers use class + 1, object = id.
CREATE FUNCTION tierd.lock_class() RETURNS integer
    LANGUAGE sql IMMUTABLE AS 'SELECT 1953654116';  -- 'tier' as four bytes

-- Customers whose invoices or payments changed; written by the ERP's triggers in the ERP's
-- own transaction, consumed (deleted) by the daemon in the transaction that applies the result.
CREATE TABLE tierd.queue (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    source text NOT NULL DEFAULT 'event' CHECK (source IN ('event', 'schedule', 'start', 'manual')),
    enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX queue_customer_idx ON tierd.queue (customer_id);

-- Appends customers to the queue and wakes an idle daemon. Called by the plugins' triggers
-- once per statement with every customer the statement touched.
CREATE FUNCTION tierd.enqueue(customer_ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF customer_ids IS NULL OR cardinality(customer_ids) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO tierd.queue (customer_id)
        SELECT DISTINCT c FROM unnest(customer_ids) AS c WHERE c IS NOT NULL;
    -- NOTIFY serialises all committing transactions, so it is sent only when no daemon is
    -- draining (then the lock is free) and by only one transaction at a time (the lock is
    -- held until this transaction ends). A busy daemon finds the rows on its next batch.
    IF pg_try_advisory_xact_lock(tierd.lock_class(), 1) THEN
        PERFORM pg_notify('tierd_wakeup', '');
    END IF;
END $$;

-- Takes the per-customer lock that makes sure two daemons never process one customer at
-- the same time; released when the daemon's transaction ends.
CREATE FUNCTION tierd.try_lock_customer(customer_id bigint) RETURNS boolean
    LANGUAGE sql AS 'SELECT pg_try_advisory_xact_lock(tierd.lock_class() + 1, customer_id::integer)';

-- Where each customer stands in each classification.
CREATE TABLE tierd.customer_state (
    customer_id bigint NOT NULL,
    classification text NOT NULL,
    tier text NOT NULL,
    since timestamptz NOT NULL,
    evaluated_at timestamptz NOT NULL,
    PRIMARY KEY (customer_id, classification)
);

-- The ERP plugin installed in this database (at most one).
CREATE TABLE tierd.installed_plugin (
    name text PRIMARY KEY,
    version integer NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now(),
    only_one boolean NOT NULL DEFAULT true UNIQUE CHECK (only_one)
);

-- One row per change of tier. Rows are numbered without gaps and chained: row_hash covers
-- the row's content and the previous row's hash, so an edit, a deletion or an insertion in
-- the middle breaks the chain and `tierctl audit verify` finds it.
CREATE TABLE tierd.audit_log (
    seq bigint PRIMARY KEY,
    recorded_at timestamptz NOT NULL,
    customer_id bigint NOT NULL,
    classification text NOT NULL,
    from_tier text,
    to_tier text NOT NULL,
    rule text NOT NULL,
    metrics jsonb NOT NULL,
    policy_version text NOT NULL,
    policy_hash text NOT NULL,
    trigger text NOT NULL CHECK (trigger IN ('event', 'schedule', 'start', 'manual', 'approval')),
    actor text NOT NULL,
    prev_hash text NOT NULL,
    row_hash text NOT NULL
);
CREATE INDEX audit_log_customer_idx ON tierd.audit_log (customer_id, seq);

-- The canonical text of a row is a JSON array (jsonb renders it one way only); the hash
-- covers every column but row_hash itself.
CREATE FUNCTION tierd.audit_row_hash(r tierd.audit_log) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        r.prev_hash, r.seq, (extract(epoch FROM r.recorded_at) * 1000000)::bigint,
        r.customer_id, r.classification, r.from_tier, r.to_tier, r.rule, r.metrics,
        r.policy_version, r.policy_hash, r.trigger, r.actor)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION tierd.audit_log_chain() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    head record;
BEGIN
    -- One writer at a time extends the chain; the lock is held until the writer commits,
    -- so the next writer sees this row as the head.
    PERFORM pg_advisory_xact_lock(tierd.lock_class(), 2);
    SELECT seq, row_hash INTO head FROM tierd.audit_log ORDER BY seq DESC LIMIT 1;
    NEW.seq := coalesce(head.seq, 0) + 1;
    NEW.prev_hash := coalesce(head.row_hash, repeat('0', 64));
    NEW.recorded_at := clock_timestamp();
    NEW.row_hash := tierd.audit_row_hash(NEW);
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON tierd.audit_log
    FOR EACH ROW EXECUTE FUNCTION tierd.audit_log_chain();

CREATE FUNCTION tierd.audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tierd.audit_log is append-only: % refused', TG_OP
        USING HINT = 'corrections are new rows; the log itself is never edited';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON tierd.audit_log
    FOR EACH ROW EXECUTE FUNCTION tierd.audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON tierd.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION tierd.audit_log_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON tierd.audit_log FROM PUBLIC;

-- The audit log for people: one line per change, newest last.
CREATE VIEW tierd.audit AS
    SELECT seq, recorded_at, customer_id, classification,
           coalesce(from_tier, '(none)') AS from_tier, to_tier, trigger, actor, rule, metrics,
           policy_version, left(policy_hash, 12) AS policy_hash
    FROM tierd.audit_log;
