-- Records which ERP plugin ($1, version $2) is installed.
INSERT INTO tierd.installed_plugin (name, version) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, installed_at = now()
