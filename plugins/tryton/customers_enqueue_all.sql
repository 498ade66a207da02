-- Queues every customer for re-evaluation with source $1 ('start' or 'schedule'): the active
-- parties that are not merged into another and are not one of the database's companies.
INSERT INTO tierd.queue (customer_id, source)
SELECT p.id, $1
FROM party_party p
WHERE p.active AND p.replaced_by IS NULL
  AND NOT EXISTS (SELECT 1 FROM company_company c WHERE c.party = p.id)
ORDER BY p.id
