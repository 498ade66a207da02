-- Of the tables and columns of Odoo the plugin reads and writes, those this database lacks,
-- and the Odoo version itself when it is not 17.0: another version (Odoo 18 keeps
-- company-dependent fields in jsonb columns, not ir_property) is refused before anything
-- is installed, by name, instead of failing in the middle of a batch later.
SELECT needed.table_name || '.' || needed.column_name
FROM (VALUES
    ('ir_module_module', 'name'), ('ir_module_module', 'state'),
    ('ir_module_module', 'latest_version'),
    ('res_company', 'name'), ('res_company', 'partner_id'),
    ('res_partner', 'name'), ('res_partner', 'ref'), ('res_partner', 'active'),
    ('res_partner', 'commercial_partner_id'), ('res_partner', 'parent_id'),
    ('res_partner', 'partner_share'), ('res_partner', 'create_date'), ('res_partner', 'lang'),
    ('res_partner', 'country_id'), ('res_partner', 'state_id'), ('res_partner', 'city'),
    ('res_partner', 'email'), ('res_partner', 'industry_id'), ('res_partner_industry', 'name'),
    ('res_country', 'code'), ('res_country_state', 'code'), ('res_country_state', 'country_id'),
    ('account_move', 'move_type'), ('account_move', 'state'),
    ('account_move', 'commercial_partner_id'), ('account_move', 'invoice_date'),
    ('account_move', 'amount_untaxed_signed'), ('account_move', 'company_id'),
    ('account_move', 'payment_state'),
    ('account_move_line', 'move_id'), ('account_move_line', 'partner_id'),
    ('account_move_line', 'account_id'), ('account_move_line', 'amount_residual'),
    ('account_move_line', 'reconciled'), ('account_move_line', 'date_maturity'),
    ('account_move_line', 'parent_state'), ('account_move_line', 'company_id'),
    ('account_account', 'account_type'),
    ('account_partial_reconcile', 'debit_move_id'),
    ('account_partial_reconcile', 'credit_move_id'), ('account_partial_reconcile', 'max_date'),
    ('account_payment_term', 'name'), ('account_payment_term', 'active'),
    ('res_partner_category', 'name'), ('res_partner_category', 'parent_id'),
    ('res_partner_category', 'parent_path'), ('res_partner_category', 'active'),
    ('res_partner_res_partner_category_rel', 'category_id'),
    ('res_partner_res_partner_category_rel', 'partner_id'),
    ('ir_property', 'res_id'), ('ir_property', 'fields_id'), ('ir_property', 'company_id'),
    ('ir_property', 'type'), ('ir_property', 'value_float'),
    ('ir_property', 'value_reference'),
    ('ir_model_fields', 'model'), ('ir_model_fields', 'name'),
    ('ir_model_data', 'module'), ('ir_model_data', 'name'), ('ir_model_data', 'res_id'),
    ('mail_message', 'model'), ('mail_message', 'res_id'), ('mail_message', 'message_type'),
    ('mail_message', 'subtype_id'), ('mail_message', 'body'),
    ('mail_message', 'record_name'), ('mail_message', 'record_company_id'),
    ('mail_message', 'message_id')) AS needed(table_name, column_name)
-- pg_attribute, not information_schema: the daemon's role sees only the columns it may
-- use there, and a role named like the tierd schema would look for them in that schema.
WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = to_regclass(needed.table_name)
                    AND a.attname = needed.column_name AND NOT a.attisdropped)
UNION ALL
-- Odoo's own version is its base module's: 17.0.x.y for every Odoo 17.
SELECT 'Odoo 17.0 (its base module is ' || coalesce(m.latest_version, 'of no version') || ')'
FROM ir_module_module m
WHERE to_regclass('public.ir_module_module') IS NOT NULL
  AND m.name = 'base' AND coalesce(m.latest_version, '') NOT LIKE '17.0.%'
ORDER BY 1
