-- Records which ERP plugin ($1, version $2) is installed, and the daemon's role ($3).
INSERT INTO tierd.installed_plugin (name, version, role) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE
    SET version = EXCLUDED.version, role = EXCLUDED.role, installed_at = now()
