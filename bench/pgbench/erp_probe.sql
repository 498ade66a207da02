-- pgbench script: the latency probe of tierd's benchmark. In one transaction, creates a NEW
-- customer as Tryton 6.0 does (party_party with its code from the party sequence, an address,
-- the per-company account, language, payment-term and credit-limit rows) and posts for it a
-- customer invoice of :probe_amount (move, revenue and receivable lines, account_invoice
-- 'posted', invoice line), so that the time from this commit to the customer's
-- reclassification by tierd can be measured. The party is named 'Probe <code>'; its
-- create_date (UTC, transaction start) marks the moment the probe began.
--
-- Variables (-D): probe_amount  the invoice amount (default 1000000). The default is read
-- from the text of the query, so run in pgbench's default query mode (-M simple).
--   pgbench -n -c 1 -R 1 -T 60 -f bench/pgbench/erp_probe.sql -D probe_amount=1000000 DB
-- Usually run beside erp_post_invoice.sql / erp_pay_invoice.sql, e.g. with their weights:
--   pgbench -n -c 4 -T 60 -f bench/pgbench/erp_post_invoice.sql@99 \
--           -f bench/pgbench/erp_probe.sql@1 -D min_party=... -D max_party=... DB

BEGIN;
-- The amount (":probe_amount" stays as it is in the query text when not given), the
-- company and its accounts, the journal, the open period of the day with its sequences,
-- the payment term, and the ids of the rows to come.
SELECT round(coalesce(nullif(regexp_replace(':probe_amount', '^:.*$', ''), '')::numeric,
                      1000000), 2) AS amount,
       c.id AS company, c.currency,
       (SELECT id FROM res_user WHERE login = 'admin') AS uid,
       d.default_account_receivable AS receivable,
       (SELECT a.id FROM account_account a JOIN account_account_type t ON t.id = a.type
        WHERE a.company = c.id AND t.revenue ORDER BY a.id LIMIT 1) AS revenue,
       j.id AS journal,
       (SELECT s.sequence FROM account_journal_sequence s
        WHERE s.journal = j.id AND (s.company = c.id OR s.company IS NULL)
        ORDER BY s.company NULLS LAST LIMIT 1) AS journal_sequence,
       (SELECT party_sequence FROM party_configuration_party_sequence ORDER BY id LIMIT 1)
           AS party_sequence,
       p.id AS period,
       coalesce(p.post_move_sequence, f.post_move_sequence) AS post_sequence,
       (SELECT s.out_invoice_sequence FROM account_fiscalyear_invoice_sequence s
        WHERE s.fiscalyear = f.id AND (s.period IS NULL OR s.period = p.id)
        ORDER BY s.sequence NULLS LAST, s.id LIMIT 1) AS invoice_sequence,
       (SELECT id FROM account_invoice_payment_term WHERE name = '30 days' AND active
        ORDER BY id LIMIT 1) AS payment_term,
       (SELECT pp.id FROM product_product pp ORDER BY pp.id LIMIT 1) AS product,
       (SELECT t.default_uom FROM product_product pp JOIN product_template t ON t.id = pp.template
        ORDER BY pp.id LIMIT 1) AS unit,
       nextval('party_party_id_seq') AS party,
       nextval('party_address_id_seq') AS address,
       nextval('account_invoice_id_seq') AS invoice,
       nextval('account_invoice_line_id_seq') AS invoice_line,
       nextval('account_move_id_seq') AS move
FROM company_company c
JOIN account_configuration_default_account d ON d.company = c.id
JOIN account_fiscalyear f ON f.company = c.id AND f.state = 'open'
JOIN account_period p ON p.fiscalyear = f.id AND p.type = 'standard' AND p.state = 'open'
                     AND current_date BETWEEN p.start_date AND p.end_date
CROSS JOIN LATERAL (SELECT id FROM account_journal WHERE type = 'revenue' AND active
                    ORDER BY id LIMIT 1) AS j
ORDER BY c.id
LIMIT 1 \gset
SELECT nextval(('ir_sequence_' || :party_sequence)::regclass) AS code,
       nextval(('ir_sequence_' || :journal_sequence)::regclass) AS move_number,
       nextval(('ir_sequence_' || :post_sequence)::regclass) AS post_number \gset
-- The new customer.
INSERT INTO party_party (id, active, code, create_date, create_uid, name)
VALUES (:party, true, :code, now() AT TIME ZONE 'UTC', :uid, 'Probe ' || :code);
INSERT INTO party_address (id, active, create_date, create_uid, party, invoice)
VALUES (:address, true, now() AT TIME ZONE 'UTC', :uid, :party, false);
INSERT INTO party_party_account (company, create_date, create_uid, party)
VALUES (:company, now() AT TIME ZONE 'UTC', :uid, :party);
INSERT INTO party_party_lang (company, create_date, create_uid, party)
VALUES (:company, now() AT TIME ZONE 'UTC', :uid, :party);
INSERT INTO party_party_payment_term (create_date, create_uid, party)
VALUES (now() AT TIME ZONE 'UTC', :uid, :party);
INSERT INTO party_party_credit_limit_amount (company, create_date, create_uid, party)
VALUES (:company, now() AT TIME ZONE 'UTC', :uid, :party);
-- Its invoice, posted.
UPDATE ir_sequence_strict
SET number_next_internal = number_next_internal + number_increment,
    write_date = now() AT TIME ZONE 'UTC', write_uid = 0
WHERE id = :invoice_sequence
RETURNING number_next_internal - number_increment AS invoice_number \gset
INSERT INTO account_move (id, company, create_date, create_uid, date, journal, number, origin,
                          period, post_date, post_number, state, write_date, write_uid)
VALUES (:move, :company, now() AT TIME ZONE 'UTC', :uid, current_date, :journal, :move_number,
        'account.invoice,' || :invoice, :period, current_date, :post_number, 'posted',
        now() AT TIME ZONE 'UTC', :uid);
INSERT INTO account_move_line (account, create_date, create_uid, credit, debit, maturity_date,
                               move, origin, party, state)
VALUES (:revenue, now() AT TIME ZONE 'UTC', :uid, :amount, 0, NULL, :move,
        'account.invoice.line,' || :invoice_line, NULL, 'valid'),
       (:receivable, now() AT TIME ZONE 'UTC', :uid, 0, :amount, current_date + 30, :move,
        NULL, :party, 'valid');
INSERT INTO account_invoice (id, account, company, create_date, create_uid, currency,
                             invoice_address, invoice_date, journal, move, number, party,
                             payment_term, sequence, state, type, write_date, write_uid)
VALUES (:invoice, :receivable, :company, now() AT TIME ZONE 'UTC', :uid, :currency, :address,
        current_date, :journal, :move, :invoice_number, :party, :payment_term,
        :invoice_sequence, 'posted', 'out', now() AT TIME ZONE 'UTC', :uid);
INSERT INTO account_invoice_line (id, account, company, create_date, create_uid, currency,
                                  invoice, invoice_type, product, quantity, type, unit,
                                  unit_price, taxes_deductible_rate)
VALUES (:invoice_line, :revenue, :company, now() AT TIME ZONE 'UTC', :uid, :currency, :invoice,
        'out', :product, 1, 'line', :unit, :amount, 1);
END;
