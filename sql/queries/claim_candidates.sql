-- Distinct customers at the head of the queue (oldest events first); $1: how many rows to
-- look at. Rows another daemon has claimed are skipped rather than waited for, so daemons
-- sharing the queue take different customers (the per-customer lock of claim_lock.sql
-- covers the same customer's later events).
SELECT DISTINCT customer_id
FROM (SELECT customer_id FROM tierd.queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) AS head
