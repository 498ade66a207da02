-- The name and code of each customer of $1 (ids), for the tables people read: one query
-- for a whole list. Ids that name no party are left out. Rows: id, code (NULL when the party
-- has none), name.
SELECT p.id, p.code, p.name
FROM party_party p
WHERE p.id = ANY($1::bigint[])
