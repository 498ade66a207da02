-- Queues the customers whose pin ended since the daemon last looked ($1, Unix epoch seconds)
-- and now, so that the rules decide again when a pin ends rather than at the customer's next
-- event or scheduled pass. Only classifications of the policy in force ($2). Several daemons
-- may queue the same customer: a claim takes each customer once.
INSERT INTO tierd.queue (customer_id, source)
SELECT DISTINCT p.customer_id, 'schedule'
FROM tierd.pin p
WHERE p.until > to_timestamp($1::float8) AND p.until <= now()
  AND p.classification = ANY($2::text[])
