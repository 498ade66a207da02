-- Removes the tierd schema and everything in it, the audit log included (uninstall --purge).
DROP SCHEMA IF EXISTS tierd CASCADE
