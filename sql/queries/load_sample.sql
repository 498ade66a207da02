-- What decides whether the daemon yields to the ERP: how many ERP sessions are at work now,
-- and how long the oldest queued event has waited, in seconds (NULL: the queue is empty).
SELECT tierd.erp_sessions_at_work(),
       extract(epoch FROM clock_timestamp() - (SELECT enqueued_at FROM tierd.queue
                                               ORDER BY id LIMIT 1))::float8
