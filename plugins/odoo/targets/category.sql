-- Puts customers $1 in tiers $3 (one per customer, in the same order) of classification $2
-- as Odoo partner tags: a tag per tier under a parent tag named after the classification,
-- shown "value_tier / A" in the partner's Tags (tags created if missing by
-- tierd.odoo_partner_tag in install.sql). Each customer's other tags under the
-- classification are taken off, its tier's given unless it has it; its other tags are
-- never touched. One statement for a whole batch, each customer's links read through it
-- (res_partner_res_partner_category_rel's (partner_id, category_id) index).
WITH classification AS (
    SELECT tierd.odoo_partner_tag($2::text, NULL) AS id
), tier AS (
    SELECT t.name, tierd.odoo_partner_tag(t.name, classification.id) AS id
    FROM (SELECT DISTINCT name FROM unnest($3::text[]) AS n(name)) AS t
    CROSS JOIN classification
), placed AS (
    SELECT c.partner, tier.id AS category
    FROM unnest($1::integer[], $3::text[]) AS c(partner, tier)
    JOIN tier ON tier.name = c.tier
), held AS (
    -- Each customer's tags under the classification.
    SELECT p.partner, p.category AS placed, r.category_id AS category
    FROM placed p
    CROSS JOIN LATERAL (SELECT r.category_id FROM res_partner_res_partner_category_rel r
                        WHERE r.partner_id = p.partner OFFSET 0) AS r
    WHERE (SELECT pc.parent_id FROM res_partner_category pc WHERE pc.id = r.category_id)
          = (SELECT id FROM classification)
), removed AS (
    DELETE FROM res_partner_res_partner_category_rel r
    USING held h
    WHERE r.partner_id = h.partner AND r.category_id = h.category AND h.category <> h.placed
)
INSERT INTO res_partner_res_partner_category_rel (partner_id, category_id)
SELECT p.partner, p.category
FROM placed p
WHERE NOT EXISTS (SELECT 1 FROM held h WHERE h.partner = p.partner AND h.category = p.category)
