-- Appends one change to the audit log; seq, time and hashes are set by the chain trigger.
INSERT INTO tierd.audit_log (customer_id, classification, from_tier, to_tier, rule, metrics,
                             policy_version, policy_hash, trigger, actor,
                             seq, recorded_at, prev_hash, row_hash)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, 0, now(), '', '')
