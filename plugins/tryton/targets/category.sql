-- Puts customer $1 in tier $3 of classification $2 as a Tryton party category
-- "<classification> / <tier>" (see tierd.tryton_write_category in install.sql).
SELECT tierd.tryton_write_category($1::integer, $2::text, $3::text)
