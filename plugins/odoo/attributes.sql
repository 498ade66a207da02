-- Who customers $1 are, as Odoo records it on the commercial partner: the attributes $2
-- asks for (among country, subdivision, city, language, industry, categories), leaving out
-- the tags
-- under the classifications $4 (tierd's own), for the company named $3 (empty: the only
-- one; a partner's address and tags are the same in every company that shares it). One
-- row per value: customer_id, attribute, value (one per tag); a customer without a value
-- has no row for that attribute.
--   country: res_country.code ("US"); subdivision: ISO 3166-2, the country's code and the
--   state's (res_country_state.code): "US-CA"; city as written; language: res_partner.lang
--   ("en_US"); industry: the name of the partner's Industry (res_partner_industry, e.g.
--   "Wholesale/Retail"); categories: the partner tags by full name, as Odoo shows them
--   ("Industry / Retail"). Names of industries and tags are jsonb by language, read in
--   English.
WITH customer AS (
    SELECT p.id, p.country_id, p.state_id, p.city, p.lang, p.industry_id
    FROM res_partner p
    WHERE p.id = ANY ($1::bigint[])
      AND ($3::text = '' OR p.company_id IS NULL
           OR p.company_id IN (SELECT c.id FROM res_company c WHERE c.name = $3::text))
), tag_path AS (
    -- Every tag with its full name and its root's name.
    WITH RECURSIVE path AS (
        SELECT id, name ->> 'en_US' AS full_name, name ->> 'en_US' AS root
        FROM res_partner_category WHERE parent_id IS NULL
        UNION ALL
        SELECT c.id, path.full_name || ' / ' || (c.name ->> 'en_US'), path.root
        FROM res_partner_category c JOIN path ON c.parent_id = path.id
    )
    SELECT id, full_name FROM path WHERE root <> ALL ($4::text[])
)
SELECT c.id::bigint AS customer_id, 'country' AS attribute, k.code::text AS value
FROM customer c JOIN res_country k ON k.id = c.country_id
WHERE 'country' = ANY ($2::text[]) AND k.code IS NOT NULL
UNION ALL
SELECT c.id, 'subdivision', k.code || '-' || s.code
FROM customer c JOIN res_country_state s ON s.id = c.state_id
JOIN res_country k ON k.id = s.country_id
WHERE 'subdivision' = ANY ($2::text[]) AND s.code IS NOT NULL AND k.code IS NOT NULL
UNION ALL
SELECT c.id, 'city', c.city::text
FROM customer c
WHERE 'city' = ANY ($2::text[]) AND coalesce(c.city, '') <> ''
UNION ALL
SELECT c.id, 'language', c.lang::text
FROM customer c
WHERE 'language' = ANY ($2::text[]) AND coalesce(c.lang, '') <> ''
UNION ALL
SELECT c.id, 'industry', i.name ->> 'en_US'
FROM customer c JOIN res_partner_industry i ON i.id = c.industry_id
WHERE 'industry' = ANY ($2::text[]) AND coalesce(i.name ->> 'en_US', '') <> ''
UNION ALL
SELECT r.partner_id, 'categories', t.full_name
FROM res_partner_res_partner_category_rel r JOIN tag_path t ON t.id = r.category_id
WHERE 'categories' = ANY ($2::text[]) AND r.partner_id = ANY ($1::bigint[])
