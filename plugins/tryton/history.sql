-- Adds note $2 to customer $1's record (ir.note, shown under "Notes" on the party in
-- Tryton's client), so the history of its tiers is visible where Tryton users work.
-- Tryton keeps timestamps in UTC without time zone.
INSERT INTO ir_note (resource, message, create_uid, create_date)
VALUES ('party.party,' || $1::integer, $2, 0, now() AT TIME ZONE 'UTC')
