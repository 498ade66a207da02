-- Of the customers $1, those that still exist as classifiable partners (see metrics.sql:
-- active commercial partners, not a company's own partner nor an internal user's); the
-- others were deleted, merged, archived or became a contact of a company while queued.
SELECT p.id
FROM res_partner p
WHERE p.id = ANY($1::bigint[])
  AND p.active AND p.commercial_partner_id = p.id AND p.partner_share
  AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
