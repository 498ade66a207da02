-- Audit rows matching a filter, oldest first: the newest $11 of them (NULL: all). $1..$10
-- are the filter of tierd.audit_matching (sql/schema/008_audit_filter.sql), NULL for any:
-- customer id, classification, tier (from or to), direction, trigger, since, until (a day,
-- included), until (a time, included), policy version, actor.
SELECT seq, recorded_at, customer_id, classification, from_tier, to_tier, trigger, actor,
       rule, metrics::text, policy_version, policy_hash, direction, row_hash
FROM (SELECT * FROM tierd.audit_matching($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      ORDER BY seq DESC LIMIT $11) AS newest
ORDER BY seq
