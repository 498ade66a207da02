-- The companies of the database, by name (the name of each company's party).
SELECT p.name FROM company_company c JOIN party_party p ON p.id = c.party ORDER BY p.name
