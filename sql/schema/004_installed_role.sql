-- The daemon's role is recorded at install, so that uninstall can take its rights back.
ALTER TABLE tierd.installed_plugin ADD COLUMN role text;
