-- Adds notes $2 to customers $1 (one per customer, in the same order) on their records
-- (ir.note, shown under "Notes" on the party in Tryton's client), so the history of their
-- tiers is visible where Tryton users work. Tryton keeps timestamps in UTC without time zone.
INSERT INTO ir_note (resource, message, create_uid, create_date)
SELECT 'party.party,' || n.party, n.message, 0, now() AT TIME ZONE 'UTC'
FROM unnest($1::integer[], $2::text[]) WITH ORDINALITY AS n(party, message, position)
ORDER BY n.position
