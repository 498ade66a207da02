-- The moves waiting for a person's approval, oldest first ($1: one classification, or NULL
-- for all): where each customer is, where the rules would move it, since when it waits.
SELECT customer_id, classification, tier, pending_tier, pending_rule,
       to_char(pending_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS pending_since
FROM tierd.customer_state
WHERE pending_tier IS NOT NULL AND ($1::text IS NULL OR classification = $1::text)
ORDER BY pending_since NULLS FIRST, customer_id, classification
