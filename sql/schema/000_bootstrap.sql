-- The tierd schema's own bookkeeping: which numbered schema files have been applied.
-- Run before every install; safe to run again.
CREATE SCHEMA IF NOT EXISTS tierd;

CREATE TABLE IF NOT EXISTS tierd.schema_migration (
    version integer PRIMARY KEY,
    file text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
