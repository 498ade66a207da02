-- Whether this database is an Odoo database at all: its module registry and its partners.
-- A Tryton database has neither (it has ir_module and party_party).
SELECT to_regclass('public.ir_module_module') IS NOT NULL
   AND to_regclass('public.res_partner') IS NOT NULL
