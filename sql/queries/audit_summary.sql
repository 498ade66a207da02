-- Moves per period and classification among the audit rows matching a filter: $1..$10 as in
-- audit_list.sql, $11 'day' or 'week' (weeks start on Monday; both in the session's time
-- zone). A move is a row whose tiers differ (a rejection, which keeps the tier, is not one);
-- "other" counts the moves without a direction: a first classification, or a move from a
-- tier the policy no longer has. Periods without moves are left out.
SELECT date_trunc($11, recorded_at)::date::text AS period, classification,
       count(*) FILTER (WHERE direction = 'upgrade') AS upgrades,
       count(*) FILTER (WHERE direction = 'downgrade') AS downgrades,
       count(*) FILTER (WHERE direction IS NULL) AS other
FROM tierd.audit_matching($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
WHERE from_tier IS DISTINCT FROM to_tier
GROUP BY 1, 2
ORDER BY 1, 2
