-- Records that customer $1 is in tier $3 of classification $2 as of now.
INSERT INTO tierd.customer_state AS s (customer_id, classification, tier, since, evaluated_at)
VALUES ($1, $2, $3, now(), now())
ON CONFLICT (customer_id, classification) DO UPDATE
    SET tier = EXCLUDED.tier,
        since = CASE WHEN s.tier = EXCLUDED.tier THEN s.since ELSE EXCLUDED.since END,
        evaluated_at = EXCLUDED.evaluated_at
