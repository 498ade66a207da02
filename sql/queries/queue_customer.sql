-- Queues customer $1 for evaluation, source $2 (e.g. 'manual' after a pin).
INSERT INTO tierd.queue (customer_id, source) VALUES ($1, $2)
