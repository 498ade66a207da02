-- The rights of the daemon's role (current_setting('tierd.role')) on Odoo's tables: read
-- what the metrics, the attributes and the writers read; write only partner tags and their
-- links to partners, and chatter messages; the two company-dependent properties (credit
-- limit and customer payment term) only through tierd.odoo_set_partner_property
-- (install.sql), as ir_property holds every other company-dependent value too. Every other
-- table and column of Odoo stays out of its reach (res_users, with the password hashes, is
-- not read at all). The rights an earlier version gave are taken back first, so that an
-- upgrade leaves exactly these.
DO $$
DECLARE
    daemon constant text := quote_ident(current_setting('tierd.role'));
BEGIN
    EXECUTE 'REVOKE ALL ON ir_module_module, res_company, res_partner, res_country, '
            'res_country_state, account_move, account_move_line, account_account, '
            'account_partial_reconcile, account_payment_term, res_partner_category, '
            'res_partner_res_partner_category_rel, res_partner_industry, ir_model_fields, '
            'ir_model_data, ir_property, mail_message FROM ' || daemon;
    EXECUTE 'REVOKE ALL ON SEQUENCE res_partner_category_id_seq, ir_property_id_seq, '
            'mail_message_id_seq FROM ' || daemon;
    EXECUTE 'GRANT SELECT ON ir_module_module, res_company, res_partner, res_country, '
            'res_country_state, account_move, account_move_line, account_account, '
            'account_partial_reconcile, account_payment_term, res_partner_category, '
            'res_partner_res_partner_category_rel, res_partner_industry, ir_model_data '
            'TO ' || daemon;
    EXECUTE 'GRANT INSERT, UPDATE (parent_path) ON res_partner_category TO ' || daemon;
    EXECUTE 'GRANT INSERT, DELETE ON res_partner_res_partner_category_rel TO ' || daemon;
    EXECUTE 'GRANT INSERT ON mail_message TO ' || daemon;
    EXECUTE 'GRANT USAGE ON SEQUENCE res_partner_category_id_seq, mail_message_id_seq TO '
            || daemon;
    EXECUTE 'GRANT EXECUTE ON FUNCTION tierd.odoo_set_partner_property(text, text, integer[], '
            'numeric[], text[], text) TO ' || daemon;
END $$
