-- The categories a rule's has_category("...") may name: every active party category of the
-- database by its full name ("industry / retail"), as Tryton shows it, but those under the
-- classifications $1 (tierd's own).
WITH RECURSIVE path AS (
    SELECT id, name::text AS full_name, name::text AS root, active FROM party_category
    WHERE parent IS NULL
    UNION ALL
    SELECT c.id, path.full_name || ' / ' || c.name, path.root, c.active
    FROM party_category c JOIN path ON c.parent = path.id
)
SELECT full_name FROM path WHERE root <> ALL ($1::text[]) AND active ORDER BY 1
