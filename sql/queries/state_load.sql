-- Where the customers $1 stand, all classifications; times as Unix epoch seconds.
SELECT customer_id, classification, tier, extract(epoch FROM since)::float8 AS since,
       candidate_tier, candidate_count,
       extract(epoch FROM candidate_since)::float8 AS candidate_since,
       pending_tier, pending_rule, extract(epoch FROM pending_since)::float8 AS pending_since,
       rejected_tier
FROM tierd.customer_state
WHERE customer_id = ANY($1::bigint[])
