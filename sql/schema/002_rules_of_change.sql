-- The rules of change need more than the current tier: the move a customer is waiting to
-- make (upgrade delay, downgrade grace), a move awaiting approval, and people's pins.
ALTER TABLE tierd.customer_state
    ADD COLUMN candidate_tier text,
    ADD COLUMN candidate_count integer NOT NULL DEFAULT 0,
    ADD COLUMN candidate_since timestamptz,
    ADD COLUMN pending_tier text,
    ADD COLUMN pending_rule text NOT NULL DEFAULT '';

-- A person's decision that wins over the rules until `until` (forever when NULL).
CREATE TABLE tierd.pin (
    customer_id bigint NOT NULL,
    classification text NOT NULL,
    tier text NOT NULL,
    until timestamptz,
    reason text NOT NULL CHECK (reason <> ''),
    actor text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, classification)
);

-- Customers are re-evaluated when the policy changes; their audit rows say so.
ALTER TABLE tierd.queue DROP CONSTRAINT queue_source_check,
    ADD CONSTRAINT queue_source_check
        CHECK (source IN ('event', 'schedule', 'start', 'manual', 'policy'));
ALTER TABLE tierd.audit_log DROP CONSTRAINT audit_log_trigger_check,
    ADD CONSTRAINT audit_log_trigger_check
        CHECK (trigger IN ('event', 'schedule', 'start', 'manual', 'approval', 'policy'));
