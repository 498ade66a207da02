-- The metrics of customers $1 (NULL: every classifiable customer) as of date $4, one row per
-- customer, from Tryton's books: posted customer invoices and credit notes, their account
-- moves, receivable move lines and reconciliations. Windowed metrics are computed for every
-- window key $2 (e.g. '365d') with its interval $3.
-- Row: customer_id, overall (jsonb: metric -> value), by_window (jsonb: window -> metric ->
-- value). A JSON null is a metric with nothing to measure (no paid invoice yet): every
-- comparison with it is false.
-- One query for both uses: for a batch of customers the filters on $1 make every step an
-- index lookup; for everyone ($1 NULL, the full pass, read through a cursor) the invoices
-- are read once, each one's lines and reconciliations looked up by index and totalled as it
-- is read, and the per-invoice rows sorted once by customer (measured at 10,000,000
-- invoices: joining the lines by hash and aggregating by hash was slower). Batches run it
-- prepared once, without the "$1::bigint[] IS NULL OR" alternative of each customer filter
-- (see daemon/plugin/batch_metric_query.hpp), which is why the filters are written that way.
-- Company $5 (its name; empty: the database's companies, of which there is one): only that
-- company's invoices and accounts count, so amounts are in its currency, as booked in the
-- moves; credit notes net out.
-- Payment behaviour looks at invoices (not credit notes): due date = the latest maturity of
-- the invoice's receivable lines, paid date = the date of their reconciliation.
WITH span AS (
    SELECT window_key, ($4::date - length)::date AS since
    FROM unnest($2::text[], $3::interval[]) AS w(window_key, length)
    -- Without windows, one pseudo-window keeps the per-customer aggregates below.
    UNION ALL
    SELECT '', NULL::date WHERE cardinality($2::text[]) = 0
), customer AS (
    SELECT p.id, p.create_date::date AS created
    FROM party_party p
    WHERE ($1::bigint[] IS NULL OR p.id = ANY($1::bigint[]))
      AND p.active AND p.replaced_by IS NULL
      AND NOT EXISTS (SELECT 1 FROM company_company c WHERE c.party = p.id)
), company AS (
    SELECT c.id FROM company_company c JOIN party_party p ON p.id = c.party
    WHERE $5::text = '' OR p.name = $5::text
), kind AS (
    -- The company's revenue and receivable accounts.
    SELECT coalesce(array_agg(a.id) FILTER (WHERE t.revenue), '{}') AS revenue,
           coalesce(array_agg(a.id) FILTER (WHERE t.receivable), '{}') AS receivable
    FROM account_account a JOIN account_account_type t ON t.id = a.type
    WHERE a.company IN (SELECT id FROM company)
), invoice AS NOT MATERIALIZED (
    -- Customer invoices and credit notes that were posted (and maybe paid or cancelled since).
    SELECT i.id, i.party, i.invoice_date, i.state, i.move, i.cancel_move, i.account
    FROM account_invoice i
    WHERE ($1::bigint[] IS NULL OR i.party = ANY($1::bigint[]))
      AND i.company IN (SELECT id FROM company)
      AND i.type = 'out' AND i.state IN ('posted', 'paid', 'cancelled') AND i.move IS NOT NULL
      AND i.invoice_date <= $4::date
    -- In the order they were booked, which is their moves' order: the full pass then looks
    -- up each invoice's lines near the last one's, in the index and in the table. Read by
    -- customer instead, as the planner may prefer in order to spare the sort by customer
    -- below, the full pass took 170 s instead of 50 s at 10,000,000 invoices.
    ORDER BY i.id
), invoice_lines AS (
    -- Per invoice: its revenue in company currency (the revenue-account lines of the moves
    -- that count for it, credit minus debit), its due date (the latest maturity of its own
    -- receivable lines) and the date they were reconciled.
    -- The moves that count: its own, and the move that cancelled it unless that move is
    -- another invoice's (when it was credited, Tryton records the credit note's move as the
    -- cancelling move; it counts once, with the credit note), so that a cancelled invoice
    -- nets to zero. They need no check of their state: Tryton posts an invoice's move when
    -- it posts the invoice, deletes a draft move when it cancels an invoice that was never
    -- posted, and posts the move that cancels one.
    -- Aggregated per invoice in a lateral subquery, not grouped by invoice after a join: the
    -- rows then stream out in the invoices' order, with no per-invoice sort or group keys
    -- (measured at 10,000,000 invoices: the full pass's query, read through a cursor, took
    -- 46-52 s instead of 60 s).
    SELECT i.party, i.invoice_date, i.state, totals.revenue, totals.due_date,
           totals.reconciled_date
    FROM invoice i
    CROSS JOIN kind k
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account = ANY (k.revenue)), 0)
                   AS revenue,
               max(l.maturity_date) FILTER (WHERE l.move = i.move AND l.account = i.account)
                   AS due_date,
               -- Looked up per line, never joined: for a batch the planner may otherwise
               -- merge the few lines with the whole reconciliation index, read end to end.
               max((SELECT r.date FROM account_move_reconciliation r
                    WHERE r.id = l.reconciliation))
                   FILTER (WHERE l.move = i.move AND l.account = i.account) AS reconciled_date
        FROM account_move_line l
        -- A NULL in the array matches nothing.
        WHERE l.move = ANY (ARRAY[i.move,
                                  CASE WHEN i.state = 'cancelled' AND NOT EXISTS (
                                           SELECT 1 FROM account_invoice j
                                           WHERE j.party = i.party AND j.move = i.cancel_move)
                                       THEN i.cancel_move END])
    ) AS totals
), billing AS (
    -- An invoice proper (not a credit note, not cancelled) is what payment behaviour measures.
    SELECT party, invoice_date, revenue, due_date,
           CASE WHEN state = 'paid' THEN reconciled_date END AS paid_date,
           revenue > 0 AND state <> 'cancelled' AS billed
    FROM invoice_lines
), windowed AS (
    SELECT b.party, s.window_key,
           coalesce(sum(b.revenue) FILTER (WHERE b.invoice_date > s.since), 0) AS revenue,
           count(*) FILTER (WHERE b.billed AND b.invoice_date > s.since) AS invoice_count,
           avg(b.paid_date - b.invoice_date)
               FILTER (WHERE b.billed AND b.paid_date IS NOT NULL AND b.invoice_date > s.since)
               AS avg_days_to_pay,
           avg(greatest(0, b.paid_date - b.due_date))
               FILTER (WHERE b.billed AND b.paid_date IS NOT NULL AND b.invoice_date > s.since)
               AS avg_days_late,
           -- Of the invoices whose fate is known (paid, or unpaid past their due date),
           -- the share paid by their due date.
           count(*) FILTER (WHERE b.billed AND b.paid_date <= b.due_date
                              AND b.invoice_date > s.since)
               / nullif(count(*) FILTER (WHERE b.billed AND b.invoice_date > s.since
                                           AND (b.paid_date IS NOT NULL
                                                OR b.due_date < $4::date)), 0)::float8
               AS on_time_ratio,
           -- The same in every window: the customer's whole history.
           max(b.invoice_date) FILTER (WHERE b.billed) AS last_invoice,
           min(b.invoice_date) AS first_invoice,
           max(b.due_date) FILTER (WHERE b.billed AND (b.paid_date > b.due_date
                                                       OR (b.paid_date IS NULL
                                                           AND b.due_date < $4::date)))
               AS last_late_due
    FROM billing b
    CROSS JOIN span s
    GROUP BY b.party, s.window_key
), history AS (
    SELECT party,
           jsonb_object_agg(window_key, jsonb_build_object(
               'revenue', revenue, 'invoice_count', invoice_count,
               'avg_days_to_pay', avg_days_to_pay, 'avg_days_late', avg_days_late,
               'on_time_ratio', on_time_ratio)) AS by_window,
           max(last_invoice) AS last_invoice, min(first_invoice) AS first_invoice,
           max(last_late_due) AS last_late_due
    FROM windowed
    GROUP BY party
), receivable AS (
    -- Unreconciled receivable lines, whatever their move's state, as Tryton's own
    -- Receivable on the party counts them (party.get_receivable_payable). Unreconciled
    -- credits (partial payments, credit notes not yet matched) pay the oldest debts first,
    -- so what is overdue is the past-due debit less those credits. Read from the index of
    -- open items alone (tierd_account_move_line_open_idx, see install.sql).
    SELECT l.party,
           sum(l.debit - l.credit) AS outstanding,
           coalesce(sum(l.debit) FILTER (WHERE l.maturity_date < $4::date), 0) AS past_due_debit,
           sum(l.credit) AS credit,
           min(l.maturity_date) FILTER (WHERE l.maturity_date < $4::date AND l.debit > 0)
               AS oldest_due
    FROM account_move_line l
    CROSS JOIN kind k
    WHERE l.account = ANY (k.receivable) AND ($1::bigint[] IS NULL OR l.party = ANY($1::bigint[]))
      AND l.reconciliation IS NULL AND l.party IS NOT NULL
    GROUP BY l.party
), since_late AS (
    SELECT c.id, c.created, h.by_window, h.last_invoice,
           age($4::date, coalesce(h.last_late_due, h.first_invoice)) AS on_time_age,
           r.outstanding, r.past_due_debit - r.credit AS overdue, r.oldest_due
    FROM customer c
    LEFT JOIN history h ON h.party = c.id
    LEFT JOIN receivable r ON r.party = c.id
)
SELECT id AS customer_id,
       jsonb_build_object(
           'outstanding', coalesce(outstanding, 0),
           'overdue_amount', greatest(0, coalesce(overdue, 0)),
           'max_days_overdue', CASE WHEN coalesce(overdue, 0) > 0
                                    THEN $4::date - oldest_due ELSE 0 END,
           -- A customer never invoiced counts from its creation: dormant since it exists.
           'days_since_last_invoice', $4::date - coalesce(last_invoice, created),
           'customer_age_days', $4::date - created,
           -- Whole months since the due date of the last invoice paid late or still unpaid
           -- past due; never late: since the first invoice; never invoiced: 0.
           'consecutive_on_time_months',
               coalesce(extract(year FROM on_time_age) * 12 + extract(month FROM on_time_age), 0))
           AS overall,
       -- Every window, also for a customer never invoiced (nothing billed, nothing paid).
       (SELECT jsonb_object_agg(s.window_key, coalesce(
                   by_window -> s.window_key,
                   jsonb_build_object('revenue', 0, 'invoice_count', 0, 'avg_days_to_pay', NULL,
                                      'avg_days_late', NULL, 'on_time_ratio', NULL)))
        FROM span s) AS by_window
FROM since_late
