-- The ERP plugin installed in this database, if any.
SELECT name, version FROM tierd.installed_plugin
