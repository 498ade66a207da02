-- Each customer's tier at the start and at the end of a period, per classification, read
-- from the audit log: the tier of its last row recorded before the period's first day, and
-- of its last row up to the end of the period's last day; with the moves it made within
-- the period. The rows of `tierctl report`'s transition matrix and largest movers, read
-- through a cursor. $1 the first day, $2 the last day (both whole days in the session's
-- time zone, as `tierctl audit --since/--until` read them), $3 one classification or NULL
-- for every one. start_tier is NULL for a customer first classified within the period.
SELECT customer_id, classification,
       (array_agg(to_tier ORDER BY seq DESC)
            FILTER (WHERE recorded_at < $1::date::timestamptz))[1] AS start_tier,
       (array_agg(to_tier ORDER BY seq DESC))[1] AS end_tier,
       count(*) FILTER (WHERE recorded_at >= $1::date::timestamptz
                          AND from_tier IS DISTINCT FROM to_tier) AS moves
FROM tierd.audit_log
WHERE recorded_at < ($2::date + 1)::timestamptz
  AND ($3::text IS NULL OR classification = $3::text)
GROUP BY customer_id, classification
