-- Whether this daemon runs the scheduled re-evaluations: the first daemon to ask keeps the
-- lock for as long as its session lives, so one daemon schedules and another takes over
-- when it goes away.
SELECT pg_try_advisory_lock(tierd.lock_class(), 4)
