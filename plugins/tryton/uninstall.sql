-- Removes the Tryton plugin's triggers and functions; Tryton's own data stays as it is.
DO $$
DECLARE
    entry text[];
BEGIN
    FOREACH entry SLICE 1 IN ARRAY ARRAY[
        ['account_invoice', 'INSERT'], ['account_invoice', 'UPDATE'], ['account_invoice', 'DELETE'],
        ['account_move_line', 'INSERT'], ['account_move_line', 'UPDATE'],
        ['account_move_line', 'DELETE'], ['account_move', 'UPDATE'],
        ['party_party', 'INSERT'], ['party_party', 'UPDATE']] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', 'tierd_' || lower(entry[2]), entry[1]);
    END LOOP;
END $$;

DROP FUNCTION IF EXISTS tierd.tryton_invoice_changed();
DROP FUNCTION IF EXISTS tierd.tryton_move_line_changed();
DROP FUNCTION IF EXISTS tierd.tryton_move_changed();
DROP FUNCTION IF EXISTS tierd.tryton_party_changed();
DROP FUNCTION IF EXISTS tierd.tryton_write_category(integer, text, text);
DROP FUNCTION IF EXISTS tierd.tryton_category(text, integer);
DROP INDEX IF EXISTS tierd_account_invoice_party_idx;
DROP INDEX IF EXISTS tierd_account_move_line_open_idx;
DROP FUNCTION IF EXISTS tierd.tryton_set_payment_term(integer, text, text);
DROP FUNCTION IF EXISTS tierd.tryton_set_sale_price_list(integer, text, text);
