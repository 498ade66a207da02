-- The companies of the database, by name (res_company.name).
SELECT name FROM res_company ORDER BY name
