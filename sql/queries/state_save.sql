-- Stores where customers stand after an evaluation, one per element of the arrays: $1
-- customer, $2 classification, $3 tier, $4 since, $5 candidate tier, $6 candidate count,
-- $7 candidate since, $8 pending tier, $9 pending rule, $10 pending since, $11 rejected
-- tier; times as Unix epoch seconds. A (customer, classification) appears at most once.
INSERT INTO tierd.customer_state AS s
    (customer_id, classification, tier, since, evaluated_at,
     candidate_tier, candidate_count, candidate_since, pending_tier, pending_rule,
     pending_since, rejected_tier)
SELECT e.customer_id, e.classification, e.tier, to_timestamp(e.since), now(),
       e.candidate_tier, e.candidate_count, to_timestamp(e.candidate_since), e.pending_tier,
       e.pending_rule, to_timestamp(e.pending_since), e.rejected_tier
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::integer[],
            $7::float8[], $8::text[], $9::text[], $10::float8[], $11::text[])
     AS e(customer_id, classification, tier, since, candidate_tier, candidate_count,
          candidate_since, pending_tier, pending_rule, pending_since, rejected_tier)
ON CONFLICT (customer_id, classification) DO UPDATE
    SET tier = EXCLUDED.tier,
        since = EXCLUDED.since,
        evaluated_at = EXCLUDED.evaluated_at,
        candidate_tier = EXCLUDED.candidate_tier,
        candidate_count = EXCLUDED.candidate_count,
        candidate_since = EXCLUDED.candidate_since,
        pending_tier = EXCLUDED.pending_tier,
        pending_rule = EXCLUDED.pending_rule,
        pending_since = EXCLUDED.pending_since,
        rejected_tier = EXCLUDED.rejected_tier
