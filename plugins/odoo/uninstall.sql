-- Removes the Odoo plugin's triggers, functions and index; Odoo's own data stays as it is
-- (the tags, properties and notes tierd wrote are Odoo's records now).
DO $$
DECLARE
    entry text[];
BEGIN
    FOREACH entry SLICE 1 IN ARRAY ARRAY[
        ['account_move', 'INSERT'], ['account_move', 'UPDATE'], ['account_move', 'DELETE'],
        ['account_move_line', 'INSERT'], ['account_move_line', 'UPDATE'],
        ['account_move_line', 'DELETE'], ['account_partial_reconcile', 'INSERT'],
        ['account_partial_reconcile', 'DELETE'], ['res_partner', 'INSERT'],
        ['res_partner', 'UPDATE'], ['res_partner', 'DELETE'],
        ['res_partner_res_partner_category_rel', 'INSERT'],
        ['res_partner_res_partner_category_rel', 'DELETE'],
        ['res_partner_category', 'UPDATE'], ['res_partner_industry', 'UPDATE']] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', 'tierd_' || lower(entry[2]), entry[1]);
    END LOOP;
END $$;

-- The triggers' functions (one per table and event).
DO $$
DECLARE
    trigger_function regprocedure;
BEGIN
    FOR trigger_function IN
        SELECT p.oid FROM pg_proc p
        WHERE p.pronamespace = 'tierd'::regnamespace AND p.prorettype = 'trigger'::regtype
          AND p.proname LIKE 'odoo\_%' LOOP
        EXECUTE format('DROP FUNCTION %s', trigger_function);
    END LOOP;
END $$;
-- The right every role had to queue customers, for the triggers (install.sql).
REVOKE INSERT (customer_id) ON tierd.queue FROM PUBLIC;
REVOKE USAGE ON SCHEMA tierd FROM PUBLIC;
DROP FUNCTION IF EXISTS tierd.odoo_partner_tag(text, integer);
DROP FUNCTION IF EXISTS tierd.odoo_set_partner_property(text, text, integer[], numeric[],
                                                        text[], text);
DROP FUNCTION IF EXISTS tierd.odoo_payment_term(text);
DROP INDEX IF EXISTS tierd_account_move_customer_invoice_idx;
