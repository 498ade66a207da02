-- pgbench script: what Tryton 6.0 writes, in one transaction, when a customer invoice of a
-- random existing customer is posted: a posted account_move in the revenue journal with its
-- revenue credit line and receivable debit line (maturity in 30 days), the account_invoice
-- in state 'posted' referencing it, numbered from the fiscal year's strict invoice sequence,
-- and its account_invoice_line. The ERP load of tierd's benchmark, on a database loaded by
-- bench/sql/load_data.sql.
--
-- Variables (-D):
--   min_party, max_party  the range of customer ids to draw from (required); every loaded
--                customer has the address an invoice needs:
--                psql -d DB -Atc "SELECT min(party), max(party) FROM party_address
--                                 WHERE party NOT IN (SELECT party FROM company_company)"
--   number_lock  1 (default): the invoice number is taken from the strict sequence as
--                Tryton does, whose row lock serialises all posting transactions until they
--                commit; 0: the invoice's id is its number, without that lock. Read from the
--                query text: run in pgbench's default query mode (-M simple).
--   pgbench -n -c 4 -T 60 -f bench/pgbench/erp_post_invoice.sql \
--           -D min_party=2 -D max_party=1000001 DB
-- Amounts are drawn from 10.00 to 5,000.00. Dates are the server's current_date, timestamps
-- UTC (as Tryton keeps them); user 'admin' does the posting.

\set party random(:min_party, :max_party)
\set cents random(1000, 500000)

BEGIN;
-- What Tryton reads to post: the company and its accounts, the journal, the open period of
-- the day with its move and invoice sequences, the payment term, the party's address.
SELECT coalesce(nullif(regexp_replace(':number_lock', '^:.*$', ''), '')::integer, 1)
           AS number_lock,
       c.id AS company, c.currency,
       (SELECT id FROM res_user WHERE login = 'admin') AS uid,
       d.default_account_receivable AS receivable,
       (SELECT a.id FROM account_account a JOIN account_account_type t ON t.id = a.type
        WHERE a.company = c.id AND t.revenue ORDER BY a.id LIMIT 1) AS revenue,
       j.id AS journal,
       (SELECT s.sequence FROM account_journal_sequence s
        WHERE s.journal = j.id AND (s.company = c.id OR s.company IS NULL)
        ORDER BY s.company NULLS LAST LIMIT 1) AS journal_sequence,
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
       (SELECT a.id FROM party_address a WHERE a.party = :party AND a.active
        ORDER BY a.sequence NULLS FIRST, a.id LIMIT 1) AS address,
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
-- The move's number from the journal's sequence, its post number from the period's.
SELECT nextval(('ir_sequence_' || :journal_sequence)::regclass) AS move_number,
       nextval(('ir_sequence_' || :post_sequence)::regclass) AS post_number \gset
-- The invoice number: ir.sequence.strict locks its row until the transaction ends.
\if :number_lock
UPDATE ir_sequence_strict
SET number_next_internal = number_next_internal + number_increment,
    write_date = now() AT TIME ZONE 'UTC', write_uid = 0
WHERE id = :invoice_sequence
RETURNING number_next_internal - number_increment AS invoice_number \gset
\else
\set invoice_number :invoice
\endif
INSERT INTO account_move (id, company, create_date, create_uid, date, journal, number, origin,
                          period, post_date, post_number, state, write_date, write_uid)
VALUES (:move, :company, now() AT TIME ZONE 'UTC', :uid, current_date, :journal, :move_number,
        'account.invoice,' || :invoice, :period, current_date, :post_number, 'posted',
        now() AT TIME ZONE 'UTC', :uid);
INSERT INTO account_move_line (account, create_date, create_uid, credit, debit, maturity_date,
                               move, origin, party, state)
VALUES (:revenue, now() AT TIME ZONE 'UTC', :uid, round(:cents / 100.0, 2), 0, NULL, :move,
        'account.invoice.line,' || :invoice_line, NULL, 'valid'),
       (:receivable, now() AT TIME ZONE 'UTC', :uid, 0, round(:cents / 100.0, 2),
        current_date + 30, :move, NULL, :party, 'valid');
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
        'out', :product, 1, 'line', :unit, round(:cents / 100.0, 2), 1);
END;
