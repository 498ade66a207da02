-- Schema files already applied to this database.
SELECT version FROM tierd.schema_migration
