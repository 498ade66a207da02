-- Upgrade means better: a classification says which end of its tier list is best, so the
-- direction of a move cannot be read from the tiers' order once the policy has changed.
-- Each new audit row records it ('upgrade', 'downgrade', or NULL: a first classification,
-- a tier the policy no longer has, or a row that moves nothing, such as a rejection).
ALTER TABLE tierd.audit_log
    ADD COLUMN direction text CHECK (direction IN ('upgrade', 'downgrade'));

-- A person may reject a move waiting for approval: the rejection is an audit row of its own
-- (trigger 'rejection', from_tier = to_tier = the tier the customer stays in, the rejected
-- tier and the reason in `rule`), and the state remembers the rejected tier so that the
-- move is not proposed again until the rules select another tier.
ALTER TABLE tierd.audit_log DROP CONSTRAINT audit_log_trigger_check,
    ADD CONSTRAINT audit_log_trigger_check
        CHECK (trigger IN ('event', 'schedule', 'start', 'manual', 'approval', 'policy',
                           'rejection'));
ALTER TABLE tierd.customer_state ADD COLUMN rejected_tier text;
-- Since when a move has waited for approval, for the approvals queue (NULL: none waits, or
-- it began waiting before this column existed).
ALTER TABLE tierd.customer_state ADD COLUMN pending_since timestamptz;

-- The hash of a row with a direction covers it too; rows written before (direction NULL)
-- hash exactly as they did, so the chain of an existing log still verifies.
CREATE OR REPLACE FUNCTION tierd.audit_row_hash(r tierd.audit_log) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(CASE
        WHEN r.direction IS NULL THEN jsonb_build_array(
            r.prev_hash, r.seq, (extract(epoch FROM r.recorded_at) * 1000000)::bigint,
            r.customer_id, r.classification, r.from_tier, r.to_tier, r.rule, r.metrics,
            r.policy_version, r.policy_hash, r.trigger, r.actor)
        ELSE jsonb_build_array(
            r.prev_hash, r.seq, (extract(epoch FROM r.recorded_at) * 1000000)::bigint,
            r.customer_id, r.classification, r.from_tier, r.to_tier, r.rule, r.metrics,
            r.policy_version, r.policy_hash, r.trigger, r.actor, r.direction)
        END::text, 'UTF8')), 'hex')
$$;

-- The audit log for people, with each row's direction (added last: a view's columns keep
-- their places).
CREATE OR REPLACE VIEW tierd.audit AS
    SELECT seq, recorded_at, customer_id, classification,
           coalesce(from_tier, '(none)') AS from_tier, to_tier, trigger, actor, rule, metrics,
           policy_version, left(policy_hash, 12) AS policy_hash, direction
    FROM tierd.audit_log;
