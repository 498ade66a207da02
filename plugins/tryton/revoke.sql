-- Takes back every right grants.sql gave the daemon's role (current_setting('tierd.role'))
-- on Tryton's tables (uninstall): afterwards the role can read and write nothing of Tryton.
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('tierd.role')) THEN
        RETURN;
    END IF;
    EXECUTE 'REVOKE ALL ON party_party, company_company, ir_module, account_invoice, '
            'account_move, account_move_line, account_account, account_account_type, '
            'account_move_reconciliation, party_category, party_category_rel, ir_note, '
            'account_invoice_payment_term, party_party_payment_term, party_address, '
            'party_party_lang, ir_lang, country_country, country_subdivision FROM ' || daemon;
    EXECUTE 'REVOKE ALL ON SEQUENCE party_category_id_seq, party_category_rel_id_seq, '
            'ir_note_id_seq, party_party_payment_term_id_seq FROM ' || daemon;
    IF to_regclass('party_party_credit_limit_amount') IS NOT NULL THEN
        -- Column rights are revoked with the table's (REVOKE ALL on a table covers them).
        EXECUTE 'REVOKE ALL ON party_party_credit_limit_amount FROM ' || daemon;
        EXECUTE 'REVOKE ALL ON SEQUENCE party_party_credit_limit_amount_id_seq FROM ' || daemon;
    END IF;
    IF to_regclass('party_party_sale_price_list') IS NOT NULL THEN
        EXECUTE 'REVOKE ALL ON product_price_list, party_party_sale_price_list FROM ' || daemon;
        EXECUTE 'REVOKE ALL ON SEQUENCE party_party_sale_price_list_id_seq FROM ' || daemon;
    END IF;
END $$
