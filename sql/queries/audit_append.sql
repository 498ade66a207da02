-- Appends changes to the audit log, one per element of the arrays $1..$11 (customer,
-- classification, from tier or NULL, to tier, rule, metrics as JSON, policy version and
-- hash, trigger, actor, direction or NULL), in that order; seq, time and hashes are set by
-- the chain trigger.
INSERT INTO tierd.audit_log (customer_id, classification, from_tier, to_tier, rule, metrics,
                             policy_version, policy_hash, trigger, actor, direction,
                             seq, recorded_at, prev_hash, row_hash)
SELECT e.customer_id, e.classification, e.from_tier, e.to_tier, e.rule, e.metrics::jsonb,
       e.policy_version, e.policy_hash, e.trigger, e.actor, e.direction, 0, now(), '', ''
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
            $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
     WITH ORDINALITY AS e(customer_id, classification, from_tier, to_tier, rule, metrics,
                          policy_version, policy_hash, trigger, actor, direction, position)
ORDER BY e.position
