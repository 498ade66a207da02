-- The ERP plugin installed in this database, if any: name, version, the daemon's role
-- (read through jsonb so that a schema from before the role was recorded still answers).
SELECT name, version, to_jsonb(p) ->> 'role' AS role FROM tierd.installed_plugin AS p
