-- The pins of the customers $1, expired ones included (the rules know to ignore those).
SELECT customer_id, classification, tier, extract(epoch FROM until)::float8 AS until, reason, actor
FROM tierd.pin
WHERE customer_id = ANY($1::bigint[])
