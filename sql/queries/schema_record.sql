-- Records that schema file $2 (number $1) was applied.
INSERT INTO tierd.schema_migration (version, file) VALUES ($1, $2)
