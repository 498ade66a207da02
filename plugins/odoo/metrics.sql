-- The metrics of customers $1 (NULL: every classifiable customer) as of date $4, one row per
-- customer, from Odoo's books: posted customer invoices and credit notes (account_move
-- out_invoice / out_refund), their receivable journal items (account_move_line on accounts
-- of type asset_receivable, one per installment) and their matching
-- (account_partial_reconcile). Windowed metrics are computed for every window key $2 (e.g.
-- '365d') with its interval $3.
-- Row: customer_id, overall (jsonb: metric -> value), by_window (jsonb: window -> metric ->
-- value). A JSON null is a metric with nothing to measure (no paid invoice yet): every
-- comparison with it is false.
-- A customer is a commercial partner (a company, or a person without one): Odoo books every
-- invoice of a contact on it (account_move.commercial_partner_id, and the partner of every
-- journal item of an invoice). Archived partners, the companies' own partners and the
-- partners of internal users (partner_share false) are not customers.
-- Batches run it prepared once, without the "$1::bigint[] IS NULL OR" alternative of each
-- customer filter (see daemon/plugin/batch_metric_query.hpp), which is why the filters are
-- written that way.
-- Company $5 (its name; empty: the database's companies, of which there is one): only that
-- company's moves and journal items count, and amounts are in its currency (Odoo's *_signed
-- amounts, balance and amount_residual are in company currency).
--   revenue: the untaxed amount of posted invoices less posted credit notes
--   (amount_untaxed_signed, negative for a credit note), dated in the window; a cancelled
--   invoice (state cancel) or a draft counts for nothing.
--   invoice_count and payment behaviour: posted invoices, but those fully reversed by a
--   credit note (payment_state reversed: cancelled by credit, not paid).
--   Paid: every receivable item of the invoice reconciled; the day it was paid is the last
--   matching's date (account_partial_reconcile.max_date, the later of the two items'
--   accounting dates), a credit note's matching included.
--   Due dates are per installment (date_maturity of each receivable item): lateness and the
--   share paid on time count installments, the days to pay count invoices.
--   outstanding: Odoo's Total Receivable (res.partner.credit): the residual of the posted,
--   unreconciled receivable items. overdue_amount: the residual of those past due, less
--   every unmatched credit (an unapplied payment, a credit note not yet matched), never
--   below 0: partial payments are already in the residuals.
WITH span AS (
    SELECT window_key, ($4::date - length)::date AS since
    FROM unnest($2::text[], $3::interval[]) AS w(window_key, length)
    -- Without windows, one pseudo-window keeps the per-customer aggregates below.
    UNION ALL
    SELECT '', NULL::date WHERE cardinality($2::text[]) = 0
), customer AS (
    SELECT p.id, p.create_date::date AS created
    FROM res_partner p
    WHERE ($1::bigint[] IS NULL OR p.id = ANY($1::bigint[]))
      AND p.active AND p.commercial_partner_id = p.id AND p.partner_share
      AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
), company AS (
    SELECT c.id FROM res_company c WHERE $5::text = '' OR c.name = $5::text
), kind AS (
    -- The company's receivable accounts.
    SELECT coalesce(array_agg(a.id), '{}') AS receivable
    FROM account_account a
    WHERE a.account_type = 'asset_receivable' AND a.company_id IN (SELECT id FROM company)
), invoice AS NOT MATERIALIZED (
    -- Posted customer invoices and credit notes (tierd_account_move_customer_invoice_idx).
    SELECT m.id, m.commercial_partner_id AS party, m.invoice_date, m.amount_untaxed_signed,
           m.move_type = 'out_invoice' AND m.payment_state IS DISTINCT FROM 'reversed' AS billed
    FROM account_move m
    WHERE ($1::bigint[] IS NULL OR m.commercial_partner_id = ANY($1::bigint[]))
      AND m.move_type IN ('out_invoice', 'out_refund') AND m.state = 'posted'
      AND m.company_id IN (SELECT id FROM company)
      AND m.invoice_date <= $4::date
    ORDER BY m.id
), invoice_terms AS (
    -- Per invoice: its installments (receivable items), each with its due date and, when
    -- fully matched, the day it was paid; totalled per invoice in a lateral subquery, so the
    -- rows stream out in the invoices' order.
    SELECT i.party, i.invoice_date, i.amount_untaxed_signed AS revenue, i.billed, t.*
    FROM invoice i
    CROSS JOIN kind k
    CROSS JOIN LATERAL (
        SELECT coalesce(bool_and(x.paid_date IS NOT NULL), false) AS paid,
               max(x.paid_date) AS paid_date,
               count(*) FILTER (WHERE x.paid_date IS NOT NULL OR x.due_date < $4::date)
                   AS settled_or_due,
               count(*) FILTER (WHERE x.paid_date <= x.due_date) AS on_time,
               count(*) FILTER (WHERE x.paid_date IS NOT NULL) AS paid_installments,
               sum(greatest(0, x.paid_date - x.due_date)) AS days_late,
               max(x.due_date) FILTER (WHERE x.paid_date > x.due_date
                                         OR (x.paid_date IS NULL AND x.due_date < $4::date))
                   AS last_late_due
        FROM (SELECT coalesce(l.date_maturity, i.invoice_date) AS due_date,
                     -- An invoice's receivable items are debits: matched as debit_move_id.
                     CASE WHEN l.reconciled THEN
                         (SELECT max(r.max_date) FROM account_partial_reconcile r
                          WHERE r.debit_move_id = l.id) END AS paid_date
              FROM account_move_line l
              WHERE l.move_id = i.id AND l.account_id = ANY (k.receivable) AND i.billed)
             AS x
    ) AS t
), windowed AS (
    SELECT b.party, s.window_key,
           coalesce(sum(b.revenue) FILTER (WHERE b.invoice_date > s.since), 0) AS revenue,
           count(*) FILTER (WHERE b.billed AND b.invoice_date > s.since) AS invoice_count,
           avg(b.paid_date - b.invoice_date)
               FILTER (WHERE b.billed AND b.paid AND b.invoice_date > s.since)
               AS avg_days_to_pay,
           sum(b.days_late) FILTER (WHERE b.billed AND b.invoice_date > s.since)::float8
               / nullif(sum(b.paid_installments)
                            FILTER (WHERE b.billed AND b.invoice_date > s.since), 0)
               AS avg_days_late,
           -- Of the installments whose fate is known (paid, or unpaid past their due
           -- date), the share paid by their due date.
           sum(b.on_time) FILTER (WHERE b.billed AND b.invoice_date > s.since)::float8
               / nullif(sum(b.settled_or_due)
                            FILTER (WHERE b.billed AND b.invoice_date > s.since), 0)
               AS on_time_ratio,
           -- The same in every window: the customer's whole history.
           max(b.invoice_date) FILTER (WHERE b.billed) AS last_invoice,
           min(b.invoice_date) AS first_invoice,
           max(b.last_late_due) FILTER (WHERE b.billed) AS last_late_due
    FROM invoice_terms b
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
    -- Posted, unreconciled receivable items, whatever their move (invoices, credit notes,
    -- payments), as Odoo's Total Receivable counts them, by the commercial partner of their
    -- partner (a payment may name a contact).
    SELECT p.commercial_partner_id AS party,
           sum(l.amount_residual) AS outstanding,
           coalesce(sum(l.amount_residual)
                        FILTER (WHERE l.amount_residual > 0 AND l.date_maturity < $4::date), 0)
               + coalesce(sum(l.amount_residual) FILTER (WHERE l.amount_residual < 0), 0)
               AS overdue,
           min(l.date_maturity) FILTER (WHERE l.amount_residual > 0 AND l.date_maturity < $4::date)
               AS oldest_due
    FROM account_move_line l
    JOIN res_partner p ON p.id = l.partner_id
    CROSS JOIN kind k
    WHERE l.account_id = ANY (k.receivable)
      AND ($1::bigint[] IS NULL OR l.partner_id IN (SELECT c.id FROM res_partner c
                                                    WHERE c.commercial_partner_id
                                                          = ANY($1::bigint[])))
      AND l.parent_state = 'posted' AND NOT coalesce(l.reconciled, false)
      AND l.amount_residual <> 0
    GROUP BY p.commercial_partner_id
), since_late AS (
    SELECT c.id, c.created, h.by_window, h.last_invoice,
           age($4::date, coalesce(h.last_late_due, h.first_invoice)) AS on_time_age,
           r.outstanding, r.overdue, r.oldest_due
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
           -- Whole months since the due date of the last installment paid late or still
           -- unpaid past due; never late: since the first invoice; never invoiced: 0.
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
