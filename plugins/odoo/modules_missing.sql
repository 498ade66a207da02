-- Of the Odoo modules $1 the plugin needs, those not installed in this database.
SELECT wanted
FROM unnest($1::text[]) AS wanted
WHERE NOT EXISTS (SELECT 1 FROM ir_module_module m
                  WHERE m.name = wanted AND m.state = 'installed')
ORDER BY wanted
