-- The rights of the daemon's role (current_setting('tierd.role')) on Tryton's tables: read
-- what the metrics read; write only party categories and their links, the credit limit
-- amount, and notes. Every other table and column of Tryton stays out of its reach.
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    EXECUTE 'GRANT SELECT ON party_party, company_company, ir_module, account_invoice, '
            'account_move, account_move_line, account_account, account_account_type, '
            'account_move_reconciliation, party_category, party_category_rel TO ' || daemon;
    EXECUTE 'GRANT INSERT ON party_category, ir_note TO ' || daemon;
    EXECUTE 'GRANT INSERT, DELETE ON party_category_rel TO ' || daemon;
    EXECUTE 'GRANT USAGE ON SEQUENCE party_category_id_seq, party_category_rel_id_seq, '
            'ir_note_id_seq TO ' || daemon;
    IF to_regclass('party_party_credit_limit_amount') IS NOT NULL THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE (credit_limit_amount, write_uid, write_date) '
                'ON party_party_credit_limit_amount TO ' || daemon;
        EXECUTE 'GRANT USAGE ON SEQUENCE party_party_credit_limit_amount_id_seq TO ' || daemon;
    END IF;
END $$
