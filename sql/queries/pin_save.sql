-- Pins customer $1 to tier $3 of classification $2 until $4 (NULL: until removed), with
-- reason $5 by $6; replaces an earlier pin of the same classification.
INSERT INTO tierd.pin (customer_id, classification, tier, until, reason, actor)
VALUES ($1, $2, $3, $4::timestamptz, $5, $6)
ON CONFLICT (customer_id, classification) DO UPDATE
    SET tier = EXCLUDED.tier, until = EXCLUDED.until, reason = EXCLUDED.reason,
        actor = EXCLUDED.actor, created_at = now()
