-- The categories a rule's has_category("...") may name: every active partner tag of the
-- database by its full name ("Industry / Retail"), as Odoo shows it (names are jsonb by
-- language, read in English), but those under the classifications $1 (tierd's own).
WITH RECURSIVE path AS (
    SELECT id, name ->> 'en_US' AS full_name, name ->> 'en_US' AS root, active
    FROM res_partner_category WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, path.full_name || ' / ' || (c.name ->> 'en_US'), path.root, c.active
    FROM res_partner_category c JOIN path ON c.parent_id = path.id
)
SELECT full_name FROM path WHERE root <> ALL ($1::text[]) AND active ORDER BY 1
