-- Whether the tierd schema is installed in this database.
SELECT to_regclass('tierd.installed_plugin') IS NOT NULL
