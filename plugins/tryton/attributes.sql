-- Who customers $1 are, as Tryton records it: the attributes $2 asks for (among country,
-- subdivision, city, language, categories), for the company named $3 (empty: the database's
-- only one), leaving out the categories under the classifications $4 (tierd's own). One
-- row per value: customer_id, attribute, value (one per category); a customer without a
-- value (no address, an address without a country) has no row for that attribute.
-- One query for a whole batch or chunk, every step an index lookup by party.
-- The invoice address is the one Tryton's Party.address_get('invoice') returns: the first
-- active address flagged for invoices, else the first active address, in the order of the
-- party's addresses (sequence, then id).
-- A category is named by its full path, as Tryton shows it: "industry / retail".
WITH customer AS (
    SELECT DISTINCT unnest($1::bigint[])::integer AS id
), invoice_address AS (
    SELECT DISTINCT ON (a.party) a.party, a.city, a.country, a.subdivision
    FROM party_address a
    WHERE a.party IN (SELECT id FROM customer) AND a.active
    ORDER BY a.party, coalesce(a.invoice, false) DESC, a.sequence ASC NULLS FIRST, a.id
), company AS (
    SELECT c.id FROM company_company c JOIN party_party p ON p.id = c.party
    WHERE $3::text = '' OR p.name = $3::text
), language AS (
    -- The party's language for the company, else its language for every company.
    SELECT DISTINCT ON (l.party) l.party, i.code
    FROM party_party_lang l JOIN ir_lang i ON i.id = l.lang
    WHERE l.party IN (SELECT id FROM customer)
      AND (l.company IS NULL OR l.company IN (SELECT id FROM company))
    ORDER BY l.party, (l.company IS NULL), l.id
), category_path AS (
    -- Every category with its full name and its root's name.
    WITH RECURSIVE path AS (
        SELECT id, name::text AS full_name, name::text AS root FROM party_category
        WHERE parent IS NULL
        UNION ALL
        SELECT c.id, path.full_name || ' / ' || c.name, path.root
        FROM party_category c JOIN path ON c.parent = path.id
    )
    SELECT id, full_name FROM path WHERE root <> ALL ($4::text[])
)
SELECT a.party::bigint AS customer_id, 'country' AS attribute, c.code::text AS value
FROM invoice_address a JOIN country_country c ON c.id = a.country
WHERE 'country' = ANY ($2::text[]) AND c.code IS NOT NULL
UNION ALL
SELECT a.party, 'subdivision', s.code::text
FROM invoice_address a JOIN country_subdivision s ON s.id = a.subdivision
WHERE 'subdivision' = ANY ($2::text[]) AND s.code IS NOT NULL
UNION ALL
SELECT a.party, 'city', a.city::text
FROM invoice_address a
WHERE 'city' = ANY ($2::text[]) AND coalesce(a.city, '') <> ''
UNION ALL
SELECT l.party, 'language', l.code::text
FROM language l
WHERE 'language' = ANY ($2::text[])
UNION ALL
SELECT r.party, 'categories', p.full_name
FROM party_category_rel r JOIN category_path p ON p.id = r.category
WHERE 'categories' = ANY ($2::text[]) AND r.party IN (SELECT id FROM customer)
