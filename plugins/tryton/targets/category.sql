-- Puts customers $1 in tiers $3 (one per customer, in the same order) of classification $2
-- as Tryton party categories "<classification> / <tier>" (categories created if missing by
-- tierd.tryton_category in install.sql): each customer's other categories under the
-- classification are removed, its tier's added unless it has it. The parent category is
-- named after the classification so Tryton users can filter by it; the customer's other
-- categories are never touched.
-- Set-based, one statement for a whole batch, and every row of party_category_rel is found
-- through its customer, in a subquery per customer (OFFSET 0 keeps it one), never through
-- its category: every customer of a tier has the tier's category, and when the table was
-- analyzed nearly empty (as at a first classification) the planner cannot tell the two
-- apart, and went by category, reading a growing share of the table for every customer. A
-- first classification of 100,000 customers took 35-73 s, almost all of it here.
WITH classification AS (
    SELECT tierd.tryton_category($2::text, NULL) AS id
), tier AS (
    SELECT t.name, tierd.tryton_category(t.name, classification.id) AS id
    FROM (SELECT DISTINCT name FROM unnest($3::text[]) AS n(name)) AS t
    CROSS JOIN classification
), placed AS (
    SELECT c.party, tier.id AS category
    FROM unnest($1::integer[], $3::text[]) AS c(party, tier)
    JOIN tier ON tier.name = c.tier
), held AS (
    -- Each customer's categories under the classification.
    SELECT p.party, p.category AS placed, r.id, r.category
    FROM placed p
    CROSS JOIN LATERAL (SELECT r.id, r.category FROM party_category_rel r
                        WHERE r.party = p.party OFFSET 0) AS r
    WHERE (SELECT pc.parent FROM party_category pc WHERE pc.id = r.category)
          = (SELECT id FROM classification)
), removed AS (
    DELETE FROM party_category_rel r
    WHERE r.id = ANY (ARRAY(SELECT h.id FROM held h WHERE h.category <> h.placed))
)
INSERT INTO party_category_rel (party, category, create_uid, create_date)
SELECT p.party, p.category, 0, now()
FROM placed p
WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.party = p.party AND h.category = p.category)
