-- Current tiers of the customers $1, all classifications.
SELECT customer_id, classification, tier
FROM tierd.customer_state
WHERE customer_id = ANY($1::bigint[])
