-- How many customers each tier held at the end of every day of a period, per
-- classification, rebuilt from the audit log: each row that changes a customer's tier adds
-- one to its new tier and takes one from the tier of the customer's row before it; what
-- happened before the period counts on its first day, and each day adds its changes to the
-- day before. $1 the first day, $2 the last day (days in the session's time zone), $3 one
-- classification or NULL for every one. One row per classification, tier ever held, day.
WITH rows AS (
    SELECT classification, recorded_at, to_tier,
           lag(to_tier) OVER (PARTITION BY customer_id, classification ORDER BY seq) AS before
    FROM tierd.audit_log
    WHERE recorded_at < ($2::date + 1)::timestamptz
      AND ($3::text IS NULL OR classification = $3::text)
), changes AS (
    SELECT classification, recorded_at, to_tier AS tier, 1 AS delta
    FROM rows WHERE before IS DISTINCT FROM to_tier
    UNION ALL
    SELECT classification, recorded_at, before, -1
    FROM rows WHERE before IS DISTINCT FROM to_tier AND before IS NOT NULL
), daily AS (
    SELECT classification, tier, greatest(recorded_at::date, $1::date) AS day,
           sum(delta) AS delta
    FROM changes
    GROUP BY 1, 2, 3
), series AS (
    SELECT DISTINCT classification, tier FROM daily
), days AS (
    SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') AS d
)
SELECT s.classification, s.tier, d.day::text AS day,
       (sum(coalesce(x.delta, 0)) OVER (PARTITION BY s.classification, s.tier
                                       ORDER BY d.day))::bigint AS customers
FROM series s
CROSS JOIN days d
LEFT JOIN daily x ON x.classification = s.classification AND x.tier = s.tier AND x.day = d.day
ORDER BY s.classification, d.day, s.tier
