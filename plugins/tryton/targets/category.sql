-- Puts customers $1 in tiers $3 (one per customer, in the same order) of classification $2
-- as Tryton party categories "<classification> / <tier>" (see tierd.tryton_write_category in
-- install.sql). One statement for a whole batch of changes.
SELECT tierd.tryton_write_category(c.party, $2::text, c.tier)
FROM unnest($1::integer[], $3::text[]) AS c(party, tier)
