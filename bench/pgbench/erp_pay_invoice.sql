-- pgbench script: what Tryton 6.0 writes, in one transaction, when a random unpaid customer
-- invoice is paid in full through the "Pay" wizard with the cash payment method: a posted
-- account_move in the cash journal (receivable credit for the party, cash debit), the
-- payment line added to the invoice (account_invoice-account_move_line), an
-- account_move_reconciliation of the invoice's receivable line with the payment's, and the
-- invoice in state 'paid'. The ERP load of tierd's benchmark, on a database loaded by
-- bench/sql/load_data.sql.
--
-- No variables: the invoice is the first unpaid one from a random id on (locked rows are
-- skipped, so clients never pay the same invoice twice). Fails with "expected one row" when
-- no invoice is left unpaid after the random id.
--   pgbench -n -c 4 -T 60 -f bench/pgbench/erp_pay_invoice.sql DB
-- Payment date is the server's current_date, timestamps UTC; user 'admin' pays.

BEGIN;
-- The invoice and the receivable line it is paid by; the cash method, journal, period and
-- sequences; ids of the rows to come.
WITH i AS (
    SELECT id, party, company, account, move
    FROM account_invoice
    WHERE type = 'out' AND state = 'posted'
      AND id >= (SELECT min(id) + floor(random() * (max(id) - min(id) + 1))::integer
                 FROM account_invoice)
    ORDER BY id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
SELECT i.id AS invoice, i.party, i.company, i.account AS receivable, l.id AS line_to_pay,
       l.debit - l.credit AS amount,
       (SELECT id FROM res_user WHERE login = 'admin') AS uid,
       m.journal, m.debit_account AS cash,
       (SELECT s.sequence FROM account_journal_sequence s
        WHERE s.journal = m.journal AND (s.company = i.company OR s.company IS NULL)
        ORDER BY s.company NULLS LAST LIMIT 1) AS journal_sequence,
       (SELECT s.reconciliation_sequence FROM account_configuration_sequence s
        WHERE s.company = i.company OR s.company IS NULL
        ORDER BY s.company NULLS LAST LIMIT 1) AS reconciliation_sequence,
       p.id AS period,
       coalesce(p.post_move_sequence, f.post_move_sequence) AS post_sequence,
       nextval('account_move_id_seq') AS move,
       nextval('account_move_line_id_seq') AS payment_line,
       nextval('account_move_reconciliation_id_seq') AS reconciliation
FROM i
JOIN account_move_line l ON l.move = i.move AND l.account = i.account
                        AND l.reconciliation IS NULL AND l.debit > 0
JOIN account_fiscalyear f ON f.company = i.company AND f.state = 'open'
JOIN account_period p ON p.fiscalyear = f.id AND p.type = 'standard' AND p.state = 'open'
                     AND current_date BETWEEN p.start_date AND p.end_date
CROSS JOIN LATERAL (SELECT journal, debit_account FROM account_invoice_payment_method
                    WHERE company = i.company AND active ORDER BY id LIMIT 1) AS m \gset
SELECT nextval(('ir_sequence_' || :journal_sequence)::regclass) AS move_number,
       nextval(('ir_sequence_' || :post_sequence)::regclass) AS post_number,
       nextval(('ir_sequence_' || :reconciliation_sequence)::regclass) AS reconciliation_name \gset
INSERT INTO account_move (id, company, create_date, create_uid, date, journal, number, origin,
                          period, post_date, post_number, state, write_date, write_uid)
VALUES (:move, :company, now() AT TIME ZONE 'UTC', :uid, current_date, :journal, :move_number,
        'account.invoice,' || :invoice, :period, current_date, :post_number, 'posted',
        now() AT TIME ZONE 'UTC', :uid);
INSERT INTO account_move_line (id, account, create_date, create_uid, credit, debit, move, party,
                               state)
VALUES (:payment_line, :receivable, now() AT TIME ZONE 'UTC', :uid, :amount, 0, :move, :party,
        'valid'),
       (DEFAULT, :cash, now() AT TIME ZONE 'UTC', :uid, 0, :amount, :move, NULL, 'valid');
INSERT INTO "account_invoice-account_move_line" (create_date, create_uid, invoice, line)
VALUES (now() AT TIME ZONE 'UTC', :uid, :invoice, :payment_line);
INSERT INTO account_move_reconciliation (id, company, create_date, create_uid, date, name)
VALUES (:reconciliation, :company, now() AT TIME ZONE 'UTC', :uid, current_date,
        :reconciliation_name);
UPDATE account_move_line
SET reconciliation = :reconciliation, write_date = now() AT TIME ZONE 'UTC', write_uid = :uid
WHERE id IN (:line_to_pay, :payment_line);
UPDATE account_invoice
SET state = 'paid', write_date = now() AT TIME ZONE 'UTC', write_uid = :uid
WHERE id = :invoice;
END;
