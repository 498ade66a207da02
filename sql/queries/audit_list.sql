-- Audit rows, oldest first; $1: customer id or NULL for all; $2: at most this many (newest).
SELECT seq, recorded_at, customer_id, classification, from_tier, to_tier, trigger, actor,
       rule, metrics::text, policy_version, policy_hash, direction
FROM (SELECT * FROM tierd.audit
      WHERE $1::bigint IS NULL OR customer_id = $1::bigint
      ORDER BY seq DESC LIMIT $2) AS newest
ORDER BY seq
