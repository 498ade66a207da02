-- Distinct customers at the head of the queue (oldest events first); $1: how many rows to look at.
SELECT DISTINCT customer_id
FROM (SELECT customer_id FROM tierd.queue ORDER BY id LIMIT $1) AS head
