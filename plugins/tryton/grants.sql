-- The rights of the daemon's role (current_setting('tierd.role')) on Tryton's tables: read
-- what the metrics and the attributes read; write only party categories and their links, the credit limit
-- amount, the customer payment term, the sale price list, and notes. Every other table and column of Tryton stays out of its reach.
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    EXECUTE 'GRANT SELECT ON party_party, company_company, ir_module, account_invoice, '
            'account_move, account_move_line, account_account, account_account_type, '
            'account_move_reconciliation, party_category, party_category_rel, party_address, '
            'party_party_lang, ir_lang, country_country, country_subdivision TO ' || daemon;
    EXECUTE 'GRANT INSERT ON party_category, ir_note TO ' || daemon;
    EXECUTE 'GRANT INSERT, DELETE ON party_category_rel TO ' || daemon;
    EXECUTE 'GRANT USAGE ON SEQUENCE party_category_id_seq, party_category_rel_id_seq, '
            'ir_note_id_seq TO ' || daemon;
    EXECUTE 'GRANT SELECT ON account_invoice_payment_term TO ' || daemon;
    EXECUTE 'GRANT SELECT, INSERT, UPDATE (customer_payment_term, write_uid, write_date) '
            'ON party_party_payment_term TO ' || daemon;
    EXECUTE 'GRANT USAGE ON SEQUENCE party_party_payment_term_id_seq TO ' || daemon;
    IF to_regclass('party_party_credit_limit_amount') IS NOT NULL THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE (credit_limit_amount, write_uid, write_date) '
                'ON party_party_credit_limit_amount TO ' || daemon;
        EXECUTE 'GRANT USAGE ON SEQUENCE party_party_credit_limit_amount_id_seq TO ' || daemon;
    END IF;
    IF to_regclass('party_party_sale_price_list') IS NOT NULL THEN
        EXECUTE 'GRANT SELECT ON product_price_list TO ' || daemon;
        EXECUTE 'GRANT SELECT, INSERT, UPDATE (sale_price_list, write_uid, write_date) '
                'ON party_party_sale_price_list TO ' || daemon;
        EXECUTE 'GRANT USAGE ON SEQUENCE party_party_sale_price_list_id_seq TO ' || daemon;
    END IF;
END $$
