-- Of the customers $1, those that still exist as classifiable parties (see
-- metrics.sql); the others were deleted or merged while queued.
SELECT p.id
FROM party_party p
WHERE p.id = ANY($1::bigint[])
  AND p.active AND p.replaced_by IS NULL
  AND NOT EXISTS (SELECT 1 FROM company_company c WHERE c.party = p.id)
