-- Of the tables and columns of Tryton the plugin reads and writes, those this database
-- lacks: a Tryton other than 6.0 (or a damaged database) is refused before anything is
-- installed, by name, instead of failing in the middle of a batch later.
SELECT needed.table_name || '.' || needed.column_name
FROM (VALUES
    ('party_party', 'id'), ('party_party', 'active'), ('party_party', 'replaced_by'),
    ('party_party', 'create_date'), ('company_company', 'party'),
    ('account_invoice', 'party'), ('account_invoice', 'type'), ('account_invoice', 'state'),
    ('account_invoice', 'invoice_date'), ('account_invoice', 'move'),
    ('account_invoice', 'cancel_move'), ('account_invoice', 'account'),
    ('account_invoice', 'company'),
    ('account_move', 'state'),
    ('account_move_line', 'move'), ('account_move_line', 'party'),
    ('account_move_line', 'account'), ('account_move_line', 'debit'),
    ('account_move_line', 'credit'), ('account_move_line', 'maturity_date'),
    ('account_move_line', 'reconciliation'),
    ('account_move_reconciliation', 'date'),
    ('account_account', 'type'), ('account_account_type', 'revenue'),
    ('account_account_type', 'receivable'),
    ('party_category', 'name'), ('party_category', 'parent'),
    ('party_category_rel', 'party'), ('party_category_rel', 'category'),
    ('ir_note', 'resource'), ('ir_note', 'message'),
    ('party_address', 'party'), ('party_address', 'active'), ('party_address', 'invoice'),
    ('party_address', 'sequence'), ('party_address', 'country'),
    ('party_address', 'subdivision'), ('party_address', 'city'),
    ('country_country', 'code'), ('country_subdivision', 'code'),
    ('party_party_lang', 'party'), ('party_party_lang', 'lang'),
    ('party_party_lang', 'company'), ('ir_lang', 'code')) AS needed(table_name, column_name)
-- pg_attribute, not information_schema: the daemon's role sees only the columns it may
-- use there, and a role named like the tierd schema would look for them in that schema.
WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = to_regclass(needed.table_name)
                    AND a.attname = needed.column_name AND NOT a.attisdropped)
ORDER BY 1
