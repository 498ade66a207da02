-- Bulk-loads a Tryton 6.0 database with customers and their posted customer invoices,
-- payments and reconciliations, shaped like the rows Tryton writes, for tierd's benchmark.
--
-- Parameters (psql variables, all optional):
--   customers   number of new parties (default 10000)
--   invoices    total number of posted customer invoices (default 100000)
--   paid_share  share of the invoices that are paid and reconciled (default 0.7; about
--               0.93 gives a realistic book; at most ~0.96 over 730 days, as the invoices
--               of the last weeks are not paid yet)
--   days        history span in days ending today (default 730)
--   seed        varies the generated data (default 1)
--   vacuum      1 (default): VACUUM (FREEZE, ANALYZE) the filled tables after the load, so
--               that autovacuum does not run during the benchmark; 0: ANALYZE only
--
-- Run it, as a superuser, on a clone of the Tryton template (company, chart of accounts,
-- fiscal year with its sequences, cash payment method, as tests/tryton/create_template.py
-- makes it) BEFORE tierd is installed, or accept that it enqueues nothing (see below):
--   createdb -T tt_template bench_db
--   psql -d bench_db -v customers=1000000 -v invoices=10000000 -v paid_share=0.7 \
--        -v days=730 -f bench/sql/load_data.sql
-- Measured on 2 cores (PostgreSQL 15, fsync off): 100,000 invoices 9 s and 197 MB;
-- 1,000,000 in 41-56 s and 1.8 GB; 10,000,000 (1,000,000 customers) in 6 min 22 s and 17 GB.
--
-- What it writes, per customer: party_party (code from the party sequence, active), its
-- party_address and the per-company rows Tryton creates with a party (party_party_account,
-- _lang, _payment_term, _credit_limit_amount). Per invoice: account_invoice (type 'out',
-- state 'posted' or 'paid', 30-day payment term, number from the fiscal year's strict
-- invoice sequence), one account_invoice_line (the Consulting product, quantity 1), a posted
-- account_move in the revenue journal with a revenue credit line and a receivable debit line
-- for the party maturing 30 days after the invoice date. Per paid invoice: a posted
-- account_move in the cash journal (receivable credit for the party, cash debit), an
-- account_move_reconciliation dated the payment date that both receivable lines point to,
-- and the invoice's payment line (account_invoice-account_move_line). Fiscal years and
-- monthly periods (with their move and invoice sequences) are created for every calendar
-- year of the span that has none, and account_journal_period rows for the journals used.
--
-- Distribution: invoice dates spread evenly over the span (ids grow with dates, as in a
-- live database); invoices per customer skewed (older, bigger customers up to ~140 times the
-- mean, the smallest ~1/3 of it, a few never invoiced); amounts log-normal per customer and
-- per invoice (median ~250); payment behaviour per customer (55% pay within the 30-day term,
-- 30% from 15 to 60 days, 15% from 30 to 120 days). Unpaid invoices are mostly recent ones
-- (the chance to be unpaid falls linearly with age, from 2 (1 - paid_share) to 0) and mostly
-- the late payers' (weights 0.2, 1 and 3.5 by payer class); an invoice whose payment date
-- would be after today is unpaid too, so the paid share comes out near paid_share.
--
-- How it is fast: one transaction with session_replication_role = replica (no foreign-key
-- checks and no triggers: tierd's triggers, if installed, do not fire, so the loaded
-- customers are not enqueued; run tierd's full re-evaluation after loading), explicit ids
-- reserved from each table's own sequence (nextval, then setval past the block), the
-- non-unique indexes that back no constraint dropped during the load and recreated from
-- their saved definitions, set-based INSERT ... SELECT from one generated work table.
-- Numbers are plain integers (the template's sequences have no prefix, suffix or padding):
-- invoice numbers follow each fiscal year's strict sequence in date order, without holes;
-- move numbers and post numbers (per fiscal year) are unique, those of payment moves coming
-- after those of the invoices' moves, with holes, as non-strict sequences allow.

\set ON_ERROR_STOP on
\if :{?customers} \else \set customers 10000 \endif
\if :{?invoices} \else \set invoices 100000 \endif
\if :{?paid_share} \else \set paid_share 0.7 \endif
\if :{?days} \else \set days 730 \endif
\if :{?seed} \else \set seed 1 \endif
\if :{?vacuum} \else \set vacuum 1 \endif
\set QUIET on
\pset tuples_only on
\pset format unaligned

SET client_min_messages = warning;
SET temp_buffers = '1GB';
SET work_mem = '256MB';
SET maintenance_work_mem = '1GB';
SET synchronous_commit = off;
SET session_replication_role = replica;

-- Prints one line of progress: seconds since the load began, and what comes next.
SELECT set_config('load_data.began', clock_timestamp()::text, false) \g /dev/null
CREATE FUNCTION pg_temp.step(what text) RETURNS text LANGUAGE sql AS $$
    SELECT format('load_data: %s s: %s',
                  round(extract(epoch FROM clock_timestamp()
                                           - current_setting('load_data.began')::timestamptz)),
                  what)
$$;

BEGIN;

SELECT pg_temp.step('what the database already has (company, accounts, journals, sequences)');
CREATE TEMP TABLE ctx AS
SELECT c.id AS company,
       c.currency,
       current_date AS today,
       current_date - :days + 1 AS start_date,
       :customers::bigint AS customers,
       :invoices::bigint AS invoices,
       (SELECT id FROM res_user WHERE login = 'admin') AS uid,
       coalesce((SELECT d.default_account_receivable FROM account_configuration_default_account d
                 WHERE d.company = c.id AND d.default_account_receivable IS NOT NULL
                 ORDER BY d.id LIMIT 1),
                (SELECT a.id FROM account_account a
                 JOIN account_account_type t ON t.id = a.type
                 WHERE a.company = c.id AND t.receivable AND a.reconcile AND a.party_required
                 ORDER BY a.id LIMIT 1)) AS receivable,
       (SELECT a.id FROM account_account a
        JOIN account_account_type t ON t.id = a.type
        WHERE a.company = c.id AND t.revenue AND a.type IS NOT NULL
        ORDER BY a.id LIMIT 1) AS revenue,
       (SELECT id FROM account_journal WHERE type = 'revenue' AND active ORDER BY id LIMIT 1)
           AS revenue_journal,
       (SELECT m.debit_account FROM account_invoice_payment_method m
        WHERE m.company = c.id AND m.active ORDER BY m.id LIMIT 1) AS cash,
       (SELECT m.journal FROM account_invoice_payment_method m
        WHERE m.company = c.id AND m.active ORDER BY m.id LIMIT 1) AS cash_journal,
       coalesce((SELECT id FROM account_invoice_payment_term
                 WHERE name = '30 days' AND active ORDER BY id LIMIT 1), 0) AS payment_term,
       coalesce((SELECT p.id FROM product_product p ORDER BY p.id LIMIT 1), 0) AS product,
       coalesce((SELECT t.default_uom FROM product_product p
                 JOIN product_template t ON t.id = p.template ORDER BY p.id LIMIT 1), 0) AS unit,
       (SELECT party_sequence FROM party_configuration_party_sequence
        ORDER BY id LIMIT 1) AS party_sequence,
       (SELECT s.reconciliation_sequence FROM account_configuration_sequence s
        WHERE s.company = c.id OR s.company IS NULL
        ORDER BY s.company NULLS LAST LIMIT 1) AS reconciliation_sequence
FROM company_company c
ORDER BY c.id
LIMIT 1;

ALTER TABLE ctx ADD COLUMN revenue_journal_sequence integer,
                ADD COLUMN cash_journal_sequence integer;
UPDATE ctx SET
    revenue_journal_sequence = (SELECT s.sequence FROM account_journal_sequence s
                                WHERE s.journal = ctx.revenue_journal
                                  AND (s.company = ctx.company OR s.company IS NULL)
                                ORDER BY s.company NULLS LAST LIMIT 1),
    cash_journal_sequence = (SELECT s.sequence FROM account_journal_sequence s
                             WHERE s.journal = ctx.cash_journal
                               AND (s.company = ctx.company OR s.company IS NULL)
                             ORDER BY s.company NULLS LAST LIMIT 1);

DO $$
DECLARE
    c record;
BEGIN
    SELECT * INTO c FROM ctx;
    IF c.company IS NULL THEN
        RAISE EXCEPTION 'load_data: the database has no company'
            USING HINT = 'load into a clone of the Tryton template '
                         '(tests/tryton/create_template.py)';
    END IF;
    IF c.customers < 1 OR c.invoices < 0 OR c.start_date > c.today THEN
        RAISE EXCEPTION 'load_data: customers must be at least 1, invoices and days positive';
    END IF;
    IF c.uid IS NULL OR c.receivable IS NULL OR c.revenue IS NULL OR c.revenue_journal IS NULL
       OR c.cash IS NULL OR c.cash_journal IS NULL OR c.party_sequence IS NULL
       OR c.reconciliation_sequence IS NULL OR c.revenue_journal_sequence IS NULL
       OR c.cash_journal_sequence IS NULL THEN
        RAISE EXCEPTION 'load_data: missing accounting set-up: %', row_to_json(c)
            USING HINT = 'the database needs an admin user, a receivable and a revenue account, '
                         'a revenue journal, a payment method, party and reconciliation sequences';
    END IF;
END
$$;

SELECT * FROM ctx \gset

SELECT pg_temp.step('fiscal years and periods for every year of the span');
DO $$
DECLARE
    c record;
    model record;
    y integer;
    post_sequence integer;
    invoice_sequence integer;
    fiscalyear integer;
BEGIN
    SELECT * INTO c FROM ctx;
    -- The newest fiscal year serves as the model for the sequences of the new ones.
    SELECT f.post_move_sequence, s.out_invoice_sequence INTO model
    FROM account_fiscalyear f
    JOIN account_fiscalyear_invoice_sequence s ON s.fiscalyear = f.id
    WHERE f.company = c.company
    ORDER BY f.start_date DESC, s.sequence NULLS LAST, s.id
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'load_data: the company has no fiscal year with invoice sequences';
    END IF;
    FOR y IN extract(year FROM c.start_date)::integer .. extract(year FROM c.today)::integer LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM account_fiscalyear
                              WHERE company = c.company AND start_date <= make_date(y, 12, 31)
                                AND end_date >= make_date(y, 1, 1));
        INSERT INTO ir_sequence (active, create_date, create_uid, last_timestamp, name,
                                 number_increment, number_next_internal, padding, prefix,
                                 sequence_type, suffix, timestamp_offset, timestamp_rounding,
                                 type, company)
        SELECT active, now() AT TIME ZONE 'UTC', c.uid, last_timestamp, y::text,
               number_increment, 1, padding, prefix, sequence_type, suffix, timestamp_offset,
               timestamp_rounding, type, company
        FROM ir_sequence WHERE id = model.post_move_sequence
        RETURNING id INTO post_sequence;
        -- What ir.sequence's create does for an incremental sequence.
        EXECUTE format('CREATE SEQUENCE %I INCREMENT BY 1 START WITH 1',
                       'ir_sequence_' || post_sequence);
        INSERT INTO ir_sequence_strict (active, create_date, create_uid, last_timestamp, name,
                                        number_increment, number_next_internal, padding, prefix,
                                        sequence_type, suffix, timestamp_offset,
                                        timestamp_rounding, type, company)
        SELECT active, now() AT TIME ZONE 'UTC', c.uid, last_timestamp, y::text,
               number_increment, 1, padding, prefix, sequence_type, suffix, timestamp_offset,
               timestamp_rounding, type, company
        FROM ir_sequence_strict WHERE id = model.out_invoice_sequence
        RETURNING id INTO invoice_sequence;
        INSERT INTO account_fiscalyear (company, create_date, create_uid, end_date, name,
                                        post_move_sequence, start_date, state)
        VALUES (c.company, now() AT TIME ZONE 'UTC', c.uid, make_date(y, 12, 31), y::text,
                post_sequence, make_date(y, 1, 1), 'open')
        RETURNING id INTO fiscalyear;
        INSERT INTO account_fiscalyear_invoice_sequence (company, create_date, create_uid,
            fiscalyear, in_credit_note_sequence, in_invoice_sequence, out_credit_note_sequence,
            out_invoice_sequence)
        VALUES (c.company, now() AT TIME ZONE 'UTC', c.uid, fiscalyear, invoice_sequence,
                invoice_sequence, invoice_sequence, invoice_sequence);
        INSERT INTO account_period (create_date, create_uid, end_date, fiscalyear, name,
                                    post_move_sequence, start_date, state, type)
        SELECT now() AT TIME ZONE 'UTC', c.uid,
               (make_date(y, m, 1) + interval '1 month' - interval '1 day')::date, fiscalyear,
               to_char(make_date(y, m, 1), 'YYYY-MM'), post_sequence, make_date(y, m, 1),
               'open', 'standard'
        FROM generate_series(1, 12) AS m;
    END LOOP;
END
$$;

-- One row per day of the span: its period and the sequences that number its moves and
-- invoices.
CREATE TEMP TABLE cal AS
SELECT d::date AS day,
       (d::date - :'start_date'::date) AS day_index,
       p.id AS period,
       p.fiscalyear,
       coalesce(p.post_move_sequence, f.post_move_sequence) AS post_sequence,
       (SELECT s.out_invoice_sequence FROM account_fiscalyear_invoice_sequence s
        WHERE s.fiscalyear = f.id AND (s.period IS NULL OR s.period = p.id)
        ORDER BY s.sequence NULLS LAST, s.id LIMIT 1) AS invoice_sequence
FROM generate_series(:'start_date'::date, :'today'::date, interval '1 day') AS d
JOIN account_period p ON p.type = 'standard' AND d::date BETWEEN p.start_date AND p.end_date
JOIN account_fiscalyear f ON f.id = p.fiscalyear AND f.company = :company
WHERE p.state = 'open' AND f.state = 'open';

DO $$
DECLARE
    c record;
BEGIN
    SELECT * INTO c FROM ctx;
    IF (SELECT count(*) FROM cal) <> c.today - c.start_date + 1
       OR (SELECT count(DISTINCT day) FROM cal) <> c.today - c.start_date + 1 THEN
        RAISE EXCEPTION 'load_data: not every day from % to % is in exactly one open period',
                        c.start_date, c.today
            USING HINT = 'fiscal years are expected to be open calendar years with monthly periods';
    END IF;
    IF EXISTS (SELECT 1 FROM cal WHERE invoice_sequence IS NULL) THEN
        RAISE EXCEPTION 'load_data: a fiscal year of the span has no invoice sequence';
    END IF;
END
$$;

SELECT pg_temp.step('reserving ids and numbers from the sequences');
-- first_k(j): the first invoice (1-based) dated on or after day j of the span, invoices
-- being spread evenly over the days in id order: day(k) = (k - 1) * days / invoices.
CREATE TEMP TABLE invoice_numbering AS
SELECT s.invoice_sequence,
       (s.first_day * :invoices::bigint + :days - 1) / :days + 1 AS first_k,
       ((s.last_day + 1) * :invoices::bigint + :days - 1) / :days AS last_k,
       q.number_next_internal AS next_number
FROM (SELECT invoice_sequence, min(day_index) AS first_day, max(day_index) AS last_day
      FROM cal GROUP BY invoice_sequence) AS s
JOIN ir_sequence_strict q ON q.id = s.invoice_sequence;
UPDATE ir_sequence_strict q
SET number_next_internal = q.number_next_internal + (n.last_k - n.first_k + 1)
FROM invoice_numbering n
WHERE q.id = n.invoice_sequence AND n.last_k >= n.first_k;

-- Post numbers: invoice moves take their rank among the sequence's invoices, payment moves
-- take (number of invoices) + k, so the block reserved is invoices in the sequence + all.
CREATE TEMP TABLE post_numbering AS
SELECT s.post_sequence,
       (s.first_day * :invoices::bigint + :days - 1) / :days + 1 AS first_k,
       ((s.last_day + 1) * :invoices::bigint + :days - 1) / :days AS last_k,
       nextval(('ir_sequence_' || s.post_sequence)::regclass) AS base
FROM (SELECT post_sequence, min(day_index) AS first_day, max(day_index) AS last_day
      FROM cal GROUP BY post_sequence) AS s;
SELECT setval(('ir_sequence_' || post_sequence)::regclass,
              base + greatest(last_k - first_k + 1, 0) + :invoices)
FROM post_numbering \g /dev/null

-- Reserves count values of a sequence; returns the first.
CREATE FUNCTION pg_temp.reserve(sequence regclass, count bigint) RETURNS bigint
LANGUAGE sql AS $$
    SELECT setval(sequence, first + greatest(count, 1) - 1) - greatest(count, 1) + 1
    FROM (SELECT nextval(sequence) AS first) AS n
$$;

SELECT pg_temp.reserve('party_party_id_seq', :customers) AS party0 \gset
SELECT pg_temp.reserve('party_address_id_seq', :customers) AS address0 \gset
SELECT pg_temp.reserve('party_party_account_id_seq', :customers) AS party_account0 \gset
SELECT pg_temp.reserve('party_party_lang_id_seq', :customers) AS party_lang0 \gset
SELECT pg_temp.reserve('party_party_payment_term_id_seq', :customers) AS party_term0 \gset
SELECT pg_temp.reserve('party_party_credit_limit_amount_id_seq', :customers) AS party_limit0 \gset
SELECT pg_temp.reserve(('ir_sequence_' || :party_sequence)::regclass, :customers) AS code0 \gset
SELECT pg_temp.reserve('account_invoice_id_seq', :invoices) AS invoice0 \gset
SELECT pg_temp.reserve('account_invoice_line_id_seq', :invoices) AS invoice_line0 \gset
-- Invoice k: move move0 + k - 1, payment move move0 + invoices + k - 1; move lines
-- line0 + 4 (k - 1) + 0 revenue, 1 receivable, 2 payment receivable, 3 cash. Unpaid
-- invoices leave holes, as rolled-back transactions do in a live database.
SELECT pg_temp.reserve('account_move_id_seq', 2 * :invoices::bigint) AS move0 \gset
SELECT pg_temp.reserve('account_move_line_id_seq', 4 * :invoices::bigint) AS line0 \gset
SELECT pg_temp.reserve('account_move_reconciliation_id_seq', :invoices) AS reconciliation0 \gset
SELECT pg_temp.reserve('"account_invoice-account_move_line_id_seq"', :invoices)
    AS payment_line0 \gset
SELECT pg_temp.reserve(('ir_sequence_' || :reconciliation_sequence)::regclass, :invoices)
    AS reconciliation_name0 \gset
-- When both journals share one sequence (as in the template), the second block follows the
-- first.
SELECT pg_temp.reserve(('ir_sequence_' || :revenue_journal_sequence)::regclass, :invoices)
    AS invoice_move_number0 \gset
SELECT pg_temp.reserve(('ir_sequence_' || :cash_journal_sequence)::regclass, :invoices)
    AS payment_move_number0 \gset

SELECT pg_temp.step('generating the invoices');
-- A uniform number in (0, 1) from (k, salt), the same in every statement.
CREATE FUNCTION pg_temp.u(k bigint, salt bigint) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ((hashint8extended(k, salt) & 2147483647)::float8 + 0.5) / 2147483648.0
$$;

-- The chance that invoice k is unpaid is min(1, 2 (1 - paid_share) scale w (1 - age / days)),
-- w the payer-class weight; besides, an invoice whose payment date would come after today
-- is unpaid. scale makes the expected unpaid share 1 - paid_share: with a = 2 (1 - paid_share)
-- scale w and x uniform in [0, 1], E[min(1, a x)] = a / 2 for a <= 1, else 1 - 1 / (2 a);
-- the share not paid yet is about (1 - min(1, a)) mean delay / days.
SELECT scale AS unpaid_scale
FROM (SELECT scale,
             sum(share * (CASE WHEN a <= 1 THEN a / 2 ELSE 1 - 1 / (2 * a) END
                          + (1 - least(1, a)) * mean_delay / :days)) AS unpaid
      FROM generate_series(0, 50, 0.001) AS scale
      CROSS JOIN LATERAL (VALUES (0.55, 0.214, 17.5), (0.30, 1.07, 37.5),
                                 (0.15, 3.743, 75)) AS c(share, w, mean_delay)
      CROSS JOIN LATERAL (SELECT 2 * (1 - :paid_share) * scale * w AS a) AS x
      GROUP BY scale) AS fit
ORDER BY abs(unpaid - (1 - :paid_share)), scale
LIMIT 1 \gset

CREATE TEMP TABLE inv AS
SELECT k, customer, invoice_date, amount,
       CASE WHEN u_unpaid >= least(1.0, 2.0 * (1.0 - :paid_share) * :unpaid_scale
                                        * (1.0 - (:'today'::date - invoice_date)::float8 / :days)
                                        * unpaid_factor)
             AND invoice_date + delay <= :'today'::date
            THEN invoice_date + delay END AS pay_date
FROM (
    SELECT k, customer, invoice_date, u_unpaid,
           round(exp(least(12.5, 5.5 + 0.9 * z_customer
                                  + 0.6 * sqrt(-2 * ln(pg_temp.u(k, :seed * 16 + 7)))
                                        * cos(2 * pi() * pg_temp.u(k, :seed * 16 + 8))))::numeric,
                 2) + 1 AS amount,
           -- Payment behaviour of the customer: on time, somewhat late, late.
           CASE WHEN payer < 0.55 THEN 5 + floor(26 * u_delay)
                WHEN payer < 0.85 THEN 15 + floor(46 * u_delay)
                ELSE 30 + floor(91 * u_delay) END::integer AS delay,
           -- Unpaid invoices are mostly the late payers' (weights 0.2, 1, 3.5 / 0.935).
           CASE WHEN payer < 0.55 THEN 0.214 WHEN payer < 0.85 THEN 1.07 ELSE 3.743 END
               AS unpaid_factor
    FROM (
        SELECT k, customer, invoice_date,
               pg_temp.u(k, :seed * 16 + 10) AS u_delay,
               pg_temp.u(k, :seed * 16 + 11) AS u_unpaid,
               pg_temp.u(customer, :seed * 16 + 9) AS payer,
               sqrt(-2 * ln(pg_temp.u(customer, :seed * 16 + 5)))
                   * cos(2 * pi() * pg_temp.u(customer, :seed * 16 + 6)) AS z_customer
        FROM (
            SELECT k,
                   -- Customer index 0 .. customers - 1, skewed towards the low (older) ones:
                   -- x = ((c + u (1 - c))^3 - c^3) / (1 - c^3), c = 0.05.
                   least(:customers - 1,
                         floor(:customers * ((0.05 + pg_temp.u(k, :seed * 16 + 1) * 0.95) ^ 3
                                             - 0.000125) / 0.999875))::integer AS customer,
                   :'start_date'::date + ((k - 1) * :days / :invoices::bigint)::integer
                       AS invoice_date
            FROM generate_series(1, :invoices::bigint) AS k
        ) AS drawn
    ) AS customer_traits
) AS invoice_traits;

-- Each customer exists some days before its first invoice; a customer never invoiced was
-- created some time during the span.
CREATE TEMP TABLE cust AS
SELECT c AS customer,
       least(now() AT TIME ZONE 'UTC',
             coalesce(f.first_invoice - 1 - floor(90 * pg_temp.u(c, :seed * 16 + 12))::integer,
                      :'start_date'::date + floor(:days * pg_temp.u(c, :seed * 16 + 13))::integer)
             + interval '8 hours'
             + floor(36000 * pg_temp.u(c, :seed * 16 + 14)) * interval '1 second') AS created
FROM generate_series(0, :customers - 1) AS c
LEFT JOIN (SELECT customer, min(invoice_date) AS first_invoice FROM inv GROUP BY customer) AS f
       ON f.customer = c;
ANALYZE inv, cust, cal;

SELECT pg_temp.step('dropping the indexes that back no constraint');
CREATE TEMP TABLE saved_index AS
SELECT x.schemaname, x.tablename, x.indexname, x.indexdef
FROM pg_indexes x
JOIN pg_class i ON i.relname = x.indexname
JOIN pg_namespace n ON n.oid = i.relnamespace AND n.nspname = x.schemaname
JOIN pg_index ix ON ix.indexrelid = i.oid
WHERE x.schemaname = 'public'
  AND x.tablename IN ('party_party', 'party_address', 'party_party_account', 'party_party_lang',
                      'party_party_payment_term', 'party_party_credit_limit_amount',
                      'account_invoice', 'account_invoice_line', 'account_move',
                      'account_move_line', 'account_move_reconciliation',
                      'account_invoice-account_move_line')
  AND NOT ix.indisunique AND NOT ix.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid);
SELECT format('DROP INDEX %I.%I', schemaname, indexname) FROM saved_index \gexec

SELECT pg_temp.step('parties');
INSERT INTO party_party (id, active, code, create_date, create_uid, name)
SELECT :party0 + customer, true, (:code0 + customer)::text, created, :uid,
       'Customer ' || (:code0 + customer)
FROM cust ORDER BY customer;
INSERT INTO party_address (id, active, create_date, create_uid, party, invoice)
SELECT :address0 + customer, true, created, :uid, :party0 + customer, false
FROM cust ORDER BY customer;
INSERT INTO party_party_account (id, company, create_date, create_uid, party)
SELECT :party_account0 + customer, :company, created, :uid, :party0 + customer
FROM cust ORDER BY customer;
INSERT INTO party_party_lang (id, company, create_date, create_uid, party)
SELECT :party_lang0 + customer, :company, created, :uid, :party0 + customer
FROM cust ORDER BY customer;
INSERT INTO party_party_payment_term (id, create_date, create_uid, party)
SELECT :party_term0 + customer, created, :uid, :party0 + customer
FROM cust ORDER BY customer;
INSERT INTO party_party_credit_limit_amount (id, company, create_date, create_uid, party)
SELECT :party_limit0 + customer, :company, created, :uid, :party0 + customer
FROM cust ORDER BY customer;

-- The times of the day at which invoice k was created and its payment entered.
-- Tryton keeps timestamps in UTC; none is later than the start of the load.
CREATE FUNCTION pg_temp.at(day date, k bigint, salt bigint) RETURNS timestamp
LANGUAGE sql STABLE AS $$
    SELECT least(day + interval '8 hours' + floor(36000 * pg_temp.u(k, salt)) * interval '1 second',
                 now() AT TIME ZONE 'UTC')
$$;

SELECT pg_temp.step('invoices');
INSERT INTO account_invoice (id, account, company, create_date, create_uid, currency,
                             invoice_address, invoice_date, journal, move, number, party,
                             payment_term, sequence, state, type, write_date, write_uid)
SELECT :invoice0 + k - 1, :receivable, :company, pg_temp.at(invoice_date, k, 3), :uid, :currency,
       :address0 + customer, invoice_date, :revenue_journal, :move0 + k - 1,
       (n.next_number + k - n.first_k)::text, :party0 + customer, nullif(:payment_term, 0),
       n.invoice_sequence, CASE WHEN pay_date IS NULL THEN 'posted' ELSE 'paid' END, 'out',
       coalesce(pg_temp.at(pay_date, k, 4), pg_temp.at(invoice_date, k, 3)), :uid
FROM inv
JOIN cal ON cal.day = inv.invoice_date
JOIN invoice_numbering n ON n.invoice_sequence = cal.invoice_sequence;

INSERT INTO account_invoice_line (id, account, company, create_date, create_uid, currency,
                                  invoice, invoice_type, product, quantity, type, unit,
                                  unit_price, taxes_deductible_rate)
SELECT :invoice_line0 + k - 1, :revenue, :company, pg_temp.at(invoice_date, k, 3), :uid,
       :currency, :invoice0 + k - 1, 'out', nullif(:product, 0), 1, 'line', nullif(:unit, 0),
       amount, 1
FROM inv;

SELECT pg_temp.step('moves');
-- Rows are made per invoice with a set-returning function in the select list (cheaper than
-- a LATERAL VALUES list, whose expressions are set up again for every invoice), so the
-- moves and lines of one invoice lie together, as Tryton writes them.
INSERT INTO account_move (id, company, create_date, create_uid, date, journal, number, origin,
                          period, post_date, post_number, state, write_date, write_uid)
SELECT CASE WHEN payment THEN :move0 + :invoices + k - 1 ELSE :move0 + k - 1 END,
       :company, pg_temp.at(m.day, k, salt), :uid, m.day,
       CASE WHEN payment THEN :cash_journal ELSE :revenue_journal END,
       (CASE WHEN payment THEN :payment_move_number0 ELSE :invoice_move_number0 END + k - 1)::text,
       'account.invoice,' || (:invoice0 + k - 1), cal.period, m.day,
       CASE WHEN payment THEN p.base + greatest(p.last_k - p.first_k + 1, 0) + k - 1
            ELSE p.base + k - p.first_k END::text,
       'posted', pg_temp.at(m.day, k, salt), :uid
FROM (SELECT k, payment,
             CASE WHEN payment THEN pay_date ELSE invoice_date END AS day,
             CASE WHEN payment THEN 4 ELSE 3 END AS salt
      FROM (SELECT k, invoice_date, pay_date,
                   generate_series(0, CASE WHEN pay_date IS NULL THEN 0 ELSE 1 END) = 1 AS payment
            FROM inv) AS each_move
     ) AS m
JOIN cal ON cal.day = m.day
JOIN post_numbering p ON p.post_sequence = cal.post_sequence;

SELECT pg_temp.step('move lines');
-- Line n of invoice k: 0 revenue credit, 1 receivable debit, 2 payment's receivable credit,
-- 3 payment's cash debit.
INSERT INTO account_move_line (id, account, create_date, create_uid, credit, debit,
                               maturity_date, move, origin, party, reconciliation, state,
                               write_date, write_uid)
SELECT :line0 + 4 * (k - 1) + n,
       CASE n WHEN 0 THEN :revenue WHEN 3 THEN :cash ELSE :receivable END,
       CASE WHEN n < 2 THEN pg_temp.at(invoice_date, k, 3) ELSE pg_temp.at(pay_date, k, 4) END,
       :uid,
       CASE WHEN n IN (0, 2) THEN amount ELSE 0 END,
       CASE WHEN n IN (1, 3) THEN amount ELSE 0 END,
       CASE WHEN n = 1 THEN invoice_date + 30 END,
       CASE WHEN n < 2 THEN :move0 + k - 1 ELSE :move0 + :invoices + k - 1 END,
       CASE WHEN n = 0 THEN 'account.invoice.line,' || (:invoice_line0 + k - 1) END,
       CASE WHEN n IN (1, 2) THEN :party0 + customer END,
       CASE WHEN n IN (1, 2) AND pay_date IS NOT NULL THEN :reconciliation0 + k - 1 END,
       'valid',
       CASE WHEN n IN (1, 2) THEN pg_temp.at(pay_date, k, 4) END,
       CASE WHEN n IN (1, 2) AND pay_date IS NOT NULL THEN :uid END
FROM (SELECT k, customer, invoice_date, amount, pay_date,
             generate_series(0, CASE WHEN pay_date IS NULL THEN 1 ELSE 3 END) AS n
      FROM inv) AS each_line;

SELECT pg_temp.step('reconciliations and payment lines');
INSERT INTO account_move_reconciliation (id, company, create_date, create_uid, date, name)
SELECT :reconciliation0 + k - 1, :company, pg_temp.at(pay_date, k, 4), :uid, pay_date,
       (:reconciliation_name0 + k - 1)::text
FROM inv WHERE pay_date IS NOT NULL;

INSERT INTO "account_invoice-account_move_line" (id, create_date, create_uid, invoice, line)
SELECT :payment_line0 + k - 1, pg_temp.at(pay_date, k, 4), :uid, :invoice0 + k - 1,
       :line0 + 4 * (k - 1) + 2
FROM inv WHERE pay_date IS NOT NULL;

-- Tryton opens a journal period the first time a move is posted in it.
INSERT INTO account_journal_period (active, create_date, create_uid, journal, period, state)
SELECT true, now() AT TIME ZONE 'UTC', :uid, j.journal, p.period, 'open'
FROM (SELECT DISTINCT period FROM cal) AS p
CROSS JOIN (VALUES (:revenue_journal), (:cash_journal)) AS j(journal)
WHERE NOT EXISTS (SELECT 1 FROM account_journal_period x
                  WHERE x.journal = j.journal AND x.period = p.period);

SELECT pg_temp.step('recreating the indexes');
SELECT indexdef FROM saved_index \gexec

SELECT pg_temp.step('analyze');
ANALYZE party_party, party_address, party_party_account, party_party_lang,
        party_party_payment_term, party_party_credit_limit_amount, account_invoice,
        account_invoice_line, account_move, account_move_line, account_move_reconciliation,
        "account_invoice-account_move_line";

SELECT pg_temp.step('what was loaded');
\pset tuples_only off
\pset format aligned
\x on
SELECT :customers AS customers,
       count(*) AS invoices,
       count(pay_date) AS paid,
       round(count(pay_date)::numeric / nullif(count(*), 0), 3) AS paid_share,
       count(*) FILTER (WHERE pay_date IS NULL AND invoice_date + 30 < :'today'::date)
           AS unpaid_past_due,
       count(*) FILTER (WHERE pay_date > invoice_date + 30) AS paid_late,
       round(sum(amount), 2) AS amount,
       (SELECT count(*) FROM cust c WHERE NOT EXISTS (SELECT 1 FROM inv i
                                                      WHERE i.customer = c.customer))
           AS never_invoiced
FROM inv;

COMMIT;
\x off
\pset tuples_only on
\pset format unaligned

RESET session_replication_role;
\if :vacuum
SELECT pg_temp.step('vacuum (freeze, analyze)');
VACUUM (FREEZE, ANALYZE) party_party, party_address, party_party_account, party_party_lang,
        party_party_payment_term, party_party_credit_limit_amount, account_invoice,
        account_invoice_line, account_move, account_move_line, account_move_reconciliation,
        "account_invoice-account_move_line";
\endif
SELECT pg_temp.step('done, database size ' || pg_size_pretty(pg_database_size(current_database())));
