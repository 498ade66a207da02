-- The queue for the operator's /metrics: how many events wait, and how long the oldest has
-- waited, in seconds (NULL: the queue is empty). Read on a scrape, at most every few seconds.
SELECT count(*),
       extract(epoch FROM clock_timestamp() - min(enqueued_at))::float8
FROM tierd.queue
