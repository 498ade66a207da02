-- Removes the Tryton plugin's triggers and functions; Tryton's own data stays as it is.
DO $$
DECLARE
    entry text[];
BEGIN
    FOREACH entry SLICE 1 IN ARRAY ARRAY[
        ['account_invoice', 'INSERT'], ['account_invoice', 'UPDATE'], ['account_invoice', 'DELETE'],
        ['account_move_line', 'INSERT'], ['account_move_line', 'UPDATE'],
        ['account_move_line', 'DELETE'], ['account_move', 'UPDATE'],
        ['party_party', 'INSERT'], ['party_party', 'UPDATE'],
        ['party_address', 'INSERT'], ['party_address', 'UPDATE'], ['party_address', 'DELETE'],
        ['party_party_lang', 'INSERT'], ['party_party_lang', 'UPDATE'],
        ['party_party_lang', 'DELETE'], ['party_category_rel', 'INSERT'],
        ['party_category_rel', 'DELETE'], ['party_category', 'UPDATE']] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', 'tierd_' || lower(entry[2]), entry[1]);
    END LOOP;
END $$;

-- The triggers' functions, of this version (one per table and event) and of versions 1-3.
DO $$
DECLARE
    trigger_function regprocedure;
BEGIN
    FOR trigger_function IN
        SELECT p.oid FROM pg_proc p
        WHERE p.pronamespace = 'tierd'::regnamespace AND p.prorettype = 'trigger'::regtype
          AND p.proname LIKE 'tryton\_%' LOOP
        EXECUTE format('DROP FUNCTION %s', trigger_function);
    END LOOP;
END $$;
-- The right every role had to queue customers, for the triggers (install.sql).
REVOKE INSERT (customer_id) ON tierd.queue FROM PUBLIC;
REVOKE USAGE ON SCHEMA tierd FROM PUBLIC;
DROP FUNCTION IF EXISTS tierd.tryton_write_category(integer, text, text);
DROP FUNCTION IF EXISTS tierd.tryton_category(text, integer);
DROP INDEX IF EXISTS tierd_account_invoice_party_idx;
DROP INDEX IF EXISTS tierd_account_move_line_open_idx;
DROP FUNCTION IF EXISTS tierd.tryton_set_payment_term(integer, text, text);
DROP FUNCTION IF EXISTS tierd.tryton_set_sale_price_list(integer, text, text);
