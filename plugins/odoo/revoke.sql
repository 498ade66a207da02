-- Takes back every right grants.sql gave the daemon's role (current_setting('tierd.role'))
-- on Odoo's tables (uninstall): afterwards the role can read and write nothing of Odoo.
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_setting('tierd.role')) THEN
        RETURN;
    END IF;
    -- Column rights are revoked with the table's (REVOKE ALL on a table covers them).
    EXECUTE 'REVOKE ALL ON ir_module_module, res_company, res_partner, res_country, '
            'res_country_state, account_move, account_move_line, account_account, '
            'account_partial_reconcile, account_payment_term, res_partner_category, '
            'res_partner_res_partner_category_rel, res_partner_industry, ir_model_fields, '
            'ir_model_data, '
            'ir_property, mail_message FROM ' || daemon;
    EXECUTE 'REVOKE ALL ON SEQUENCE res_partner_category_id_seq, ir_property_id_seq, '
            'mail_message_id_seq FROM ' || daemon;
    IF to_regprocedure('tierd.odoo_set_partner_property(text, text, integer[], numeric[], '
                       'text[], text)') IS NOT NULL THEN
        EXECUTE 'REVOKE ALL ON FUNCTION tierd.odoo_set_partner_property(text, text, integer[], '
                'numeric[], text[], text) FROM ' || daemon;
    END IF;
END $$
