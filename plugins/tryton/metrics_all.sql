-- The metrics of EVERY classifiable customer as of date $3, one row per customer, for the
-- scheduled and start-up re-evaluation: windows $1 (keys, e.g. '365d') with intervals $2.
-- Same definitions as metrics.sql (read that file for what each metric means), written for
-- a full pass: every table is read once and joined by hash, with no per-invoice lookups, so
-- the cost grows with the size of the books and the daemon reads the rows as a stream.
-- Row: customer_id, overall (jsonb: metric -> value), by_window (jsonb: window -> metric ->
-- value); a JSON null is a metric with nothing to measure.
WITH span AS (
    SELECT window_key, ($3::date - length)::date AS since
    FROM unnest($1::text[], $2::interval[]) AS w(window_key, length)
    -- Without windows, one pseudo-window keeps the per-customer aggregates below.
    UNION ALL
    SELECT '', NULL::date WHERE cardinality($1::text[]) = 0
), customer AS (
    SELECT p.id, p.create_date::date AS created
    FROM party_party p
    WHERE p.active AND p.replaced_by IS NULL
      AND NOT EXISTS (SELECT 1 FROM company_company c WHERE c.party = p.id)
), kind AS (
    SELECT a.id, t.revenue, t.receivable
    FROM account_account a JOIN account_account_type t ON t.id = a.type
), counted_move AS (
    -- The moves that count for an invoice: its own move, and its cancelling move unless
    -- that move belongs to another invoice (a credit note, counted with the credit note).
    SELECT i.id AS invoice, i.move AS move, true AS own FROM account_invoice i
    WHERE i.type = 'out' AND i.state IN ('posted', 'paid', 'cancelled')
      AND i.invoice_date <= $3::date
    UNION ALL
    SELECT i.id, i.cancel_move, false FROM account_invoice i
    WHERE i.type = 'out' AND i.state = 'cancelled' AND i.cancel_move IS NOT NULL
      AND i.invoice_date <= $3::date
      AND NOT EXISTS (SELECT 1 FROM account_invoice j WHERE j.move = i.cancel_move)
), invoice_lines AS (
    SELECT cm.invoice,
           coalesce(sum(l.credit - l.debit) FILTER (WHERE k.revenue), 0) AS revenue,
           bool_or(cm.own) AS own_move_posted,
           max(l.maturity_date) FILTER (WHERE cm.own AND l.account = i.account) AS due_date,
           max(r.date) FILTER (WHERE cm.own AND l.account = i.account) AS reconciled_date
    FROM counted_move cm
    JOIN account_invoice i ON i.id = cm.invoice
    JOIN account_move m ON m.id = cm.move AND m.state = 'posted'
    JOIN account_move_line l ON l.move = cm.move
    JOIN kind k ON k.id = l.account
    LEFT JOIN account_move_reconciliation r ON r.id = l.reconciliation
    GROUP BY cm.invoice
), billing AS (
    SELECT i.party, i.invoice_date, il.revenue, il.due_date,
           CASE WHEN i.state = 'paid' THEN il.reconciled_date END AS paid_date,
           il.revenue > 0 AND i.state <> 'cancelled' AS billed
    FROM invoice_lines il
    JOIN account_invoice i ON i.id = il.invoice
    WHERE il.own_move_posted
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
           count(*) FILTER (WHERE b.billed AND b.paid_date <= b.due_date
                              AND b.invoice_date > s.since)
               / nullif(count(*) FILTER (WHERE b.billed AND b.invoice_date > s.since
                                           AND (b.paid_date IS NOT NULL
                                                OR b.due_date < $3::date)), 0)::float8
               AS on_time_ratio,
           -- The same in every window: the customer's whole history.
           max(b.invoice_date) FILTER (WHERE b.billed) AS last_invoice,
           min(b.invoice_date) AS first_invoice,
           max(b.due_date) FILTER (WHERE b.billed AND (b.paid_date > b.due_date
                                                       OR (b.paid_date IS NULL
                                                           AND b.due_date < $3::date)))
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
    SELECT l.party,
           sum(l.debit - l.credit) AS outstanding,
           coalesce(sum(l.debit) FILTER (WHERE l.maturity_date < $3::date), 0) AS past_due_debit,
           sum(l.credit) AS credit,
           min(l.maturity_date) FILTER (WHERE l.maturity_date < $3::date AND l.debit > 0)
               AS oldest_due
    FROM account_move_line l
    JOIN account_move m ON m.id = l.move AND m.state = 'posted'
    JOIN kind k ON k.id = l.account AND k.receivable
    WHERE l.reconciliation IS NULL AND l.party IS NOT NULL
    GROUP BY l.party
), since_late AS (
    SELECT c.id, c.created, h.by_window, h.last_invoice,
           age($3::date, coalesce(h.last_late_due, h.first_invoice)) AS on_time_age,
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
                                    THEN $3::date - oldest_due ELSE 0 END,
           'days_since_last_invoice', $3::date - coalesce(last_invoice, created),
           'customer_age_days', $3::date - created,
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
