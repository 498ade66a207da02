-- Of the Tryton modules $1 the plugin needs, those not activated in this database.
SELECT wanted
FROM unnest($1::text[]) AS wanted
WHERE NOT EXISTS (SELECT 1 FROM ir_module m WHERE m.name = wanted AND m.state = 'activated')
ORDER BY wanted
