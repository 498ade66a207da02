-- Whether this database is a Tryton database at all (its module registry exists).
SELECT to_regclass('public.ir_module') IS NOT NULL
   AND to_regclass('public.party_party') IS NOT NULL
