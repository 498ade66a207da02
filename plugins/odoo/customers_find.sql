-- The customers a person may mean by the text $1 (what they typed) and $2 (the same as a
-- number, NULL when it is not one): by id, by code (the partner's Reference, ref) or by
-- exact name, each row saying how it matched; when none matches so, up to 10 whose name
-- contains the text in any case (matched_by 'similar'), for the error's hint. The
-- companies' own partners and contacts of a company are never customers. Rows: id, code
-- (NULL when the partner has none), name, matched_by.
WITH customers AS (
    SELECT p.id, nullif(p.ref, '') AS code, p.name
    FROM res_partner p
    WHERE p.commercial_partner_id = p.id
      AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
), exact AS (
    SELECT id, code, name, 'id' AS matched_by FROM customers WHERE id = $2::bigint
    UNION ALL
    SELECT id, code, name, 'code' FROM customers WHERE code = $1::text
    UNION ALL
    SELECT id, code, name, 'name' FROM customers WHERE name = $1::text
)
SELECT id, code, name, matched_by FROM exact
UNION ALL
(SELECT id, code, name, 'similar'
 FROM customers
 WHERE NOT EXISTS (SELECT 1 FROM exact)
   AND strpos(lower(name), lower($1::text)) > 0
 ORDER BY name, id
 LIMIT 10)
