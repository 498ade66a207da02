-- Removes the pin of customer $1 in classification $2; returns the tier it held, if any.
DELETE FROM tierd.pin WHERE customer_id = $1 AND classification = $2 RETURNING tier
