-- Forgets the installed plugin (uninstall).
DELETE FROM tierd.installed_plugin
