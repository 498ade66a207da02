-- pgbench script: what Tryton 6.0 writes when a user edits a random customer in the party
-- form and saves it: the customer's address gets another city, and a category of the
-- users' own is taken off and put back (Tryton writes a many2many by deleting and inserting
-- its links). The ERP load for the triggers on what the attributes of rules read (plugin
-- version 5: party_address, party_category_rel), on a database loaded by
-- bench/sql/load_data.sql.
--
-- Variable: category, the id of a category the benchmark made (-D category=ID).
--   pgbench -n -c 8 -T 20 -D category=ID -f bench/pgbench/erp_edit_party.sql DB

BEGIN;
-- A random address (its id from a random point on; ids are contiguous), and its party.
SELECT a.id AS address, a.party
FROM party_address a
WHERE a.id >= (SELECT min(id) + floor(random() * (max(id) - min(id) + 1))::integer
               FROM party_address)
ORDER BY a.id
LIMIT 1 \gset
UPDATE party_address
SET city = 'City ' || (:address % 97), write_uid = 1, write_date = now() AT TIME ZONE 'UTC'
WHERE id = :address;
DELETE FROM party_category_rel WHERE party = :party AND category = :category;
INSERT INTO party_category_rel (party, category, create_uid, create_date)
VALUES (:party, :category, 1, now() AT TIME ZONE 'UTC');
COMMIT;
