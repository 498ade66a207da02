-- The audit log's rows that match a reviewer's filter, written once for every query that
-- filters it (sql/queries/audit_list.sql, audit_summary.sql: `tierctl audit` and `tierctl
-- audit summary`) and usable by hand in SQL. Each argument is NULL for "any":
--   customer        the customer's id
--   classification  the classification's name
--   tier            a tier the row moves from or to
--   direction       'upgrade' or 'downgrade'
--   trigger         event, schedule, start, manual, approval, policy or rejection
--   since           rows recorded at or after this time (a date casts to its midnight)
--   until_date      rows recorded up to the end of this day (the day is included)
--   until_time      rows recorded at or before this time
--   policy_version  the policy's version as recorded
--   actor           who: the actor as recorded, or its part before '@' (`tierd` matches
--                   every daemon's rows, tierd@host:pid)
-- Days and times are in the session's time zone, the one recorded_at is shown in. The
-- function is inlined into the query that calls it, so its NULL tests cost nothing and the
-- customer's index serves a customer's rows. By hand, name the arguments that filter:
--   SELECT * FROM tierd.audit_matching(customer => 42, direction => 'downgrade');
CREATE FUNCTION tierd.audit_matching(
    customer bigint DEFAULT NULL, classification text DEFAULT NULL, tier text DEFAULT NULL,
    direction text DEFAULT NULL, trigger text DEFAULT NULL, since timestamptz DEFAULT NULL,
    until_date date DEFAULT NULL, until_time timestamptz DEFAULT NULL,
    policy_version text DEFAULT NULL, actor text DEFAULT NULL)
    RETURNS SETOF tierd.audit_log
    LANGUAGE sql STABLE AS $$
    SELECT * FROM tierd.audit_log a
    WHERE ($1 IS NULL OR a.customer_id = $1)
      AND ($2 IS NULL OR a.classification = $2)
      AND ($3 IS NULL OR a.from_tier = $3 OR a.to_tier = $3)
      AND ($4 IS NULL OR a.direction = $4)
      AND ($5 IS NULL OR a.trigger = $5)
      AND ($6 IS NULL OR a.recorded_at >= $6)
      AND ($7 IS NULL OR a.recorded_at < ($7 + 1)::timestamptz)
      AND ($8 IS NULL OR a.recorded_at <= $8)
      AND ($9 IS NULL OR a.policy_version = $9)
      AND ($10 IS NULL OR a.actor = $10 OR split_part(a.actor, '@', 1) = $10)
$$;
