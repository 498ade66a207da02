-- The name and code (the partner's Reference, ref) of each customer of $1 (ids), for the
-- tables people read: one query for a whole list. Ids that name no partner are left out.
-- Rows: id, code (NULL when the partner has none), name.
SELECT p.id, nullif(p.ref, '') AS code, p.name
FROM res_partner p
WHERE p.id = ANY($1::bigint[])
