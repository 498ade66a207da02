-- Stores where customer $1 stands in classification $2 after an evaluation; times as Unix
-- epoch seconds ($4 since, $7 candidate_since).
INSERT INTO tierd.customer_state AS s
    (customer_id, classification, tier, since, evaluated_at,
     candidate_tier, candidate_count, candidate_since, pending_tier, pending_rule)
VALUES ($1, $2, $3, to_timestamp($4::float8), now(),
        $5, $6, to_timestamp($7::float8), $8, $9)
ON CONFLICT (customer_id, classification) DO UPDATE
    SET tier = EXCLUDED.tier,
        since = EXCLUDED.since,
        evaluated_at = EXCLUDED.evaluated_at,
        candidate_tier = EXCLUDED.candidate_tier,
        candidate_count = EXCLUDED.candidate_count,
        candidate_since = EXCLUDED.candidate_since,
        pending_tier = EXCLUDED.pending_tier,
        pending_rule = EXCLUDED.pending_rule
