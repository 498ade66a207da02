-- pgbench script: the writes Odoo 17's ORM sends when a user creates a customer invoice and
-- posts it (account.move.create committed as a draft, then action_post, each its own
-- transaction as the web client commits them), taken from the statements recorded from a
-- real Odoo 17 (operation 02_post_invoice of the fixture's recording: every INSERT and
-- UPDATE, in order, with its columns and values), parameterised: a random partner of the
-- range, the ids each INSERT returns, a unique invoice number. Left out: the ~170 SELECTs
-- Odoo sends between them (so this script costs less than a real posting and the triggers'
-- share of it looks larger, not smaller) and its Python work. One pgbench "transaction" is
-- one invoice created and posted: 8 hours of consulting and 10 widget boxes, 1,410.00 + 15%
-- tax, 30 days, as recorded. The ERP load of bench/bench_odoo.py, on the restored fixture.
--
-- Variables (-D): min_partner, max_partner, the range of customer partner ids to draw from.
--   pgbench -n -c 8 -T 20 -f bench/pgbench/odoo_post_invoice.sql \
--           -D min_partner=27 -D max_partner=1026 DB
-- Run it in pgbench's default query mode (-M simple): the invoice number and the message
-- ids are written into text literals, which only the simple mode substitutes.

\set partner random(:min_partner, :max_partner)

-- account.move.create: the draft invoice with its lines, committed.
BEGIN ISOLATION LEVEL REPEATABLE READ;
INSERT INTO "account_move" ("auto_post", "company_id", "create_date", "create_uid", "currency_id", "date", "fiscal_position_id", "invoice_date", "invoice_incoterm_id", "invoice_payment_term_id", "journal_id", "move_type", "partner_id", "partner_shipping_id", "state", "write_date", "write_uid") VALUES ('no', 1, now() AT TIME ZONE 'UTC', 2, 1, '2026-12-02', NULL, '2026-12-02', NULL, 4, 1, 'out_invoice', :partner, :partner, 'draft', now() AT TIME ZONE 'UTC', 2) RETURNING "id" AS move_id
\gset
-- Both product lines in one INSERT, as Odoo sends them; their ids for what follows.
WITH line AS (
INSERT INTO "account_move_line" ("account_id", "amount_currency", "balance", "blocked", "company_currency_id", "company_id", "create_date", "create_uid", "credit", "currency_id", "debit", "discount", "display_type", "journal_id", "move_id", "name", "partner_id", "price_unit", "product_id", "product_uom_id", "quantity", "sequence", "tax_group_id", "tax_line_id", "write_date", "write_uid") VALUES (24, '0.00', '0.00', false, 1, 1, now() AT TIME ZONE 'UTC', 2, '0.00', 1, '0.00', '0.00', 'product', 1, :move_id, 'Consulting Hour', :partner, '120.00', 1, 1, '8.00', 100, NULL, NULL, now() AT TIME ZONE 'UTC', 2), (24, '0.00', '0.00', false, 1, 1, now() AT TIME ZONE 'UTC', 2, '0.00', 1, '0.00', '0.00', 'product', 1, :move_id, 'Widget Box', :partner, '45.00', 2, 1, '10.00', 100, NULL, NULL, now() AT TIME ZONE 'UTC', 2) RETURNING "id"
) SELECT min(id) AS line1, max(id) AS line2 FROM line
\gset
INSERT INTO "account_move_line_account_tax_rel" ("account_move_line_id", "account_tax_id") VALUES (:line1, 1), (:line2, 1) ON CONFLICT DO NOTHING;
UPDATE "account_move" SET "is_storno" = false, "sequence_number" = 0, "sequence_prefix" = '', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:move_id);
UPDATE "account_move_line" SET "account_root_id" = 52048, "amount_currency" = '-960.00', "amount_residual" = '0.00', "amount_residual_currency" = '0.00', "balance" = '-960.00', "credit" = '960.00', "date" = '2026-12-02', "invoice_date" = '2026-12-02', "move_name" = '/', "parent_state" = 'draft', "price_subtotal" = '960.00', "price_total" = '1104.00', "reconciled" = false, "tax_tag_invert" = true, "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:line1);
UPDATE "account_move_line" SET "account_root_id" = 52048, "amount_currency" = '-450.00', "amount_residual" = '0.00', "amount_residual_currency" = '0.00', "balance" = '-450.00', "credit" = '450.00', "date" = '2026-12-02', "invoice_date" = '2026-12-02', "move_name" = '/', "parent_state" = 'draft', "price_subtotal" = '450.00', "price_total" = '517.50', "reconciled" = false, "tax_tag_invert" = true, "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:line2);
UPDATE "account_move" SET "name" = '/', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:move_id);
INSERT INTO "mail_followers" ("partner_id", "res_id", "res_model") VALUES (3, :move_id, 'account.move') RETURNING "id" AS follower_id
\gset
INSERT INTO "mail_followers_mail_message_subtype_rel" ("mail_followers_id", "mail_message_subtype_id") VALUES (:follower_id, 1) ON CONFLICT DO NOTHING;
INSERT INTO "mail_message" ("author_guest_id", "author_id", "body", "create_date", "create_uid", "date", "email_add_signature", "email_from", "message_id", "message_type", "model", "parent_id", "record_alias_domain_id", "record_company_id", "record_name", "reply_to", "res_id", "subject", "subtype_id", "write_date", "write_uid") VALUES (NULL, 3, '', now() AT TIME ZONE 'UTC', 2, date_trunc('second', now() AT TIME ZONE 'UTC'), true, '"Administrator" <admin@example.com>', '<bench.:move_id-openerp-:move_id-account.move@vm>', 'notification', 'account.move', NULL, NULL, 1, 'Draft Invoice (* :move_id)', '"Administrator" <admin@example.com>', :move_id, NULL, 6, now() AT TIME ZONE 'UTC', 2) RETURNING "id" AS created_message_id
\gset
INSERT INTO "account_move_line" ("account_id", "amount_currency", "analytic_distribution", "balance", "blocked", "company_currency_id", "company_id", "create_date", "create_uid", "credit", "currency_id", "debit", "discount", "display_type", "group_tax_id", "journal_id", "move_id", "name", "partner_id", "price_unit", "product_uom_id", "quantity", "sequence", "tax_base_amount", "tax_group_id", "tax_line_id", "tax_repartition_line_id", "write_date", "write_uid") VALUES (19, '-211.50', NULL, '-211.50', false, 1, 1, now() AT TIME ZONE 'UTC', 2, '211.50', 1, '0.00', '0.00', 'tax', NULL, 1, :move_id, '15%', :partner, '0.00', NULL, '0.00', 10000, '1410.00', 1, 1, 2, now() AT TIME ZONE 'UTC', 2) RETURNING "id" AS tax_line
\gset
UPDATE "account_move_line" SET "account_root_id" = 50053, "amount_residual" = '0.00', "amount_residual_currency" = '0.00', "date" = '2026-12-02', "invoice_date" = '2026-12-02', "move_name" = '/', "parent_state" = 'draft', "payment_id" = NULL, "price_subtotal" = '0.00', "price_total" = '0.00', "reconciled" = false, "ref" = NULL, "statement_id" = NULL, "statement_line_id" = NULL, "tax_tag_invert" = true, "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:tax_line);
INSERT INTO "account_move_line" ("account_id", "amount_currency", "balance", "blocked", "company_currency_id", "company_id", "create_date", "create_uid", "credit", "currency_id", "date_maturity", "debit", "discount", "discount_amount_currency", "discount_balance", "discount_date", "display_type", "journal_id", "move_id", "name", "partner_id", "price_unit", "product_uom_id", "quantity", "sequence", "tax_group_id", "tax_line_id", "write_date", "write_uid") VALUES (6, '1621.50', '1621.50', false, 1, 1, now() AT TIME ZONE 'UTC', 2, '0.00', 1, '2027-01-01', '1621.50', '0.00', '0.00', '0.00', NULL, 'payment_term', 1, :move_id, '', :partner, '0.00', NULL, '0.00', 12000, NULL, NULL, now() AT TIME ZONE 'UTC', 2) RETURNING "id" AS term_line
\gset
UPDATE "account_move_line" SET "account_root_id" = 49050, "amount_residual" = '1621.50', "amount_residual_currency" = '1621.50', "date" = '2026-12-02', "invoice_date" = '2026-12-02', "move_name" = '/', "parent_state" = 'draft', "payment_id" = NULL, "price_subtotal" = '0.00', "price_total" = '0.00', "reconciled" = false, "ref" = NULL, "statement_id" = NULL, "statement_line_id" = NULL, "tax_tag_invert" = false, "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:term_line);
UPDATE "account_move" SET "always_tax_exigible" = false, "amount_residual" = '1621.50', "amount_residual_signed" = '1621.50', "amount_tax" = '211.50', "amount_tax_signed" = '211.50', "amount_total" = '1621.50', "amount_total_in_currency_signed" = '1621.50', "amount_total_signed" = '1621.50', "amount_untaxed" = '1410.00', "amount_untaxed_signed" = '1410.00', "commercial_partner_id" = :partner, "invoice_date_due" = '2027-01-01', "invoice_partner_display_name" = 'Bench customer', "invoice_user_id" = 2, "payment_state" = 'not_paid', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 1 WHERE id IN (:move_id);
COMMIT;

-- action_post: posted, numbered, its lines posted, the "Validated" message with tracking.
BEGIN ISOLATION LEVEL REPEATABLE READ;
UPDATE "account_move" SET "posted_before" = true, "state" = 'posted', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:move_id);
UPDATE "account_move" SET "name" = 'INV/BENCH/:move_id', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:move_id);
UPDATE "account_move" SET "sequence_number" = :move_id, "sequence_prefix" = 'INV/BENCH/', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:move_id);
UPDATE "account_move" SET "payment_reference" = 'INV/BENCH/:move_id', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:move_id);
INSERT INTO "mail_followers" ("partner_id", "res_id", "res_model") VALUES (:partner, :move_id, 'account.move') RETURNING "id" AS partner_follower_id
\gset
INSERT INTO "mail_followers_mail_message_subtype_rel" ("mail_followers_id", "mail_message_subtype_id") VALUES (:partner_follower_id, 1) ON CONFLICT DO NOTHING;
UPDATE "account_move_line" SET "move_name" = 'INV/BENCH/:move_id', "parent_state" = 'posted', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:line1, :line2, :tax_line);
UPDATE "account_move_line" SET "move_name" = 'INV/BENCH/:move_id', "name" = 'INV/BENCH/:move_id', "parent_state" = 'posted', "write_date" = now() AT TIME ZONE 'UTC', "write_uid" = 2 WHERE id IN (:term_line);
INSERT INTO "mail_message" ("author_guest_id", "author_id", "body", "create_date", "create_uid", "date", "email_add_signature", "email_from", "message_id", "message_type", "model", "parent_id", "record_alias_domain_id", "record_company_id", "record_name", "reply_to", "res_id", "subject", "subtype_id", "write_date", "write_uid") VALUES (NULL, 3, '', now() AT TIME ZONE 'UTC', 2, date_trunc('second', now() AT TIME ZONE 'UTC'), true, '"Administrator" <admin@example.com>', '<bench.:move_id.posted-openerp-:move_id-account.move@vm>', 'notification', 'account.move', :created_message_id, NULL, 1, 'INV/BENCH/:move_id', '"Administrator" <admin@example.com>', :move_id, NULL, 4, now() AT TIME ZONE 'UTC', 2) RETURNING "id" AS posted_message_id
\gset
INSERT INTO "mail_tracking_value" ("create_date", "create_uid", "field_id", "mail_message_id", "new_value_char", "old_value_char", "write_date", "write_uid") VALUES (now() AT TIME ZONE 'UTC', 2, 4279, :posted_message_id, 'Posted', 'Draft', now() AT TIME ZONE 'UTC', 2), (now() AT TIME ZONE 'UTC', 2, 4323, :posted_message_id, 'INV/BENCH/:move_id', NULL, now() AT TIME ZONE 'UTC', 2), (now() AT TIME ZONE 'UTC', 2, 4276, :posted_message_id, 'INV/BENCH/:move_id', '/', now() AT TIME ZONE 'UTC', 2);
COMMIT;
