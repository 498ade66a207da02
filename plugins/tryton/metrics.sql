-- The metrics of customers $1 as of date $4, one row per (customer, metric, window), from
-- Tryton's books: posted customer invoices and their account moves, receivable move lines.
-- Windowed metrics are computed for every window key $2 (e.g. '365d') with its interval $3.
-- Amounts are in the company currency, as booked in the moves; credit notes net out.
-- Payment behaviour looks at invoices (not credit notes): due date = the latest maturity of
-- the invoice's receivable lines, paid date = the date of their reconciliation. A metric
-- with nothing to measure (no paid invoice yet) is NULL: every comparison with it is false.
WITH customer AS (
    SELECT DISTINCT c::integer AS id FROM unnest($1::bigint[]) AS c
), span AS (
    SELECT window_key, ($4::date - length)::date AS since
    FROM unnest($2::text[], $3::interval[]) AS w(window_key, length)
), invoice AS (
    -- Customer invoices and credit notes that were posted, with their revenue in company
    -- currency: the revenue-account lines of their posted moves, credit minus debit. An
    -- invoice cancelled after posting counts with its cancelling move (net zero); when it
    -- was credited, Tryton records the credit note's move as that cancelling move, and it
    -- is counted once, with the credit note.
    SELECT i.party, i.invoice_date, i.state = 'cancelled' AS cancelled,
           (SELECT coalesce(sum(l.credit - l.debit), 0)
            FROM account_move_line l
            JOIN account_move m ON m.id = l.move AND m.state = 'posted'
            JOIN account_account a ON a.id = l.account
            JOIN account_account_type t ON t.id = a.type
            WHERE t.revenue
              AND (l.move = i.move
                   OR (l.move = i.cancel_move AND NOT EXISTS (
                           SELECT 1 FROM account_invoice j WHERE j.move = i.cancel_move))))
               AS revenue,
           (SELECT max(l.maturity_date) FROM account_move_line l
            WHERE l.move = i.move AND l.account = i.account) AS due_date,
           CASE WHEN i.state = 'paid' THEN
               (SELECT max(r.date) FROM account_move_line l
                JOIN account_move_reconciliation r ON r.id = l.reconciliation
                WHERE l.move = i.move AND l.account = i.account)
           END AS paid_date
    FROM account_invoice i
    JOIN customer ON customer.id = i.party
    WHERE i.type = 'out' AND i.state IN ('posted', 'paid', 'cancelled')
      AND i.invoice_date <= $4::date
      AND EXISTS (SELECT 1 FROM account_move m WHERE m.id = i.move AND m.state = 'posted')
), billing AS (
    -- An invoice proper: not a credit note, not cancelled; what payment behaviour measures.
    SELECT *, revenue > 0 AND NOT cancelled AS billed FROM invoice
), windowed AS (
    SELECT customer.id AS customer_id, span.window_key,
           coalesce(sum(invoice.revenue), 0) AS revenue,
           count(invoice.party) FILTER (WHERE invoice.billed) AS invoice_count,
           avg(invoice.paid_date - invoice.invoice_date)
               FILTER (WHERE invoice.billed AND invoice.paid_date IS NOT NULL)
               AS avg_days_to_pay,
           avg(greatest(0, invoice.paid_date - invoice.due_date))
               FILTER (WHERE invoice.billed AND invoice.paid_date IS NOT NULL)
               AS avg_days_late,
           -- Of the invoices whose fate is known (paid, or unpaid past their due date),
           -- the share paid by their due date.
           count(*) FILTER (WHERE invoice.billed AND invoice.paid_date <= invoice.due_date)
               / nullif(count(*) FILTER (WHERE invoice.billed AND
                                         (invoice.paid_date IS NOT NULL
                                          OR invoice.due_date < $4::date)), 0)::float8
               AS on_time_ratio
    FROM customer
    CROSS JOIN span
    LEFT JOIN billing AS invoice ON invoice.party = customer.id
                                 AND invoice.invoice_date > span.since
    GROUP BY customer.id, span.window_key
), receivable AS (
    -- Unreconciled receivable lines of posted moves. Unreconciled credits (partial
    -- payments, credit notes not yet matched) pay the oldest debts first, so what is
    -- overdue is the past-due debit less those credits.
    SELECT l.party,
           sum(l.debit - l.credit) AS outstanding,
           coalesce(sum(l.debit) FILTER (WHERE l.maturity_date < $4::date), 0) AS past_due_debit,
           sum(l.credit) AS credit,
           min(l.maturity_date) FILTER (WHERE l.maturity_date < $4::date AND l.debit > 0) AS oldest_due
    FROM account_move_line l
    JOIN customer ON customer.id = l.party
    JOIN account_move m ON m.id = l.move
    JOIN account_account a ON a.id = l.account
    JOIN account_account_type t ON t.id = a.type
    WHERE t.receivable AND l.reconciliation IS NULL AND m.state = 'posted'
    GROUP BY l.party
), overall AS (
    SELECT customer.id AS customer_id,
           coalesce(r.outstanding, 0) AS outstanding,
           greatest(0, coalesce(r.past_due_debit - r.credit, 0)) AS overdue_amount,
           CASE WHEN coalesce(r.past_due_debit - r.credit, 0) > 0
                THEN $4::date - r.oldest_due ELSE 0 END AS max_days_overdue,
           -- A customer never invoiced counts from its creation: dormant since it exists.
           $4::date - coalesce((SELECT max(i.invoice_date) FROM billing i
                                WHERE i.party = customer.id AND i.billed),
                               p.create_date::date) AS days_since_last_invoice,
           $4::date - p.create_date::date AS customer_age_days,
           -- Whole months since the due date of the last invoice paid late or still unpaid
           -- past due; never late: since the first invoice; never invoiced: 0.
           (SELECT coalesce(extract(year FROM age($4::date, coalesce(
                                late.last_due, (SELECT min(i.invoice_date) FROM invoice i
                                                WHERE i.party = customer.id)))) * 12
                            + extract(month FROM age($4::date, coalesce(
                                late.last_due, (SELECT min(i.invoice_date) FROM invoice i
                                                WHERE i.party = customer.id)))), 0)
            FROM (SELECT max(i.due_date) AS last_due FROM billing i
                  WHERE i.party = customer.id AND i.billed
                    AND (i.paid_date > i.due_date
                         OR (i.paid_date IS NULL AND i.due_date < $4::date))) AS late)
               AS consecutive_on_time_months
    FROM customer
    JOIN party_party p ON p.id = customer.id
    LEFT JOIN receivable r ON r.party = customer.id
)
SELECT customer_id, metric, window_key, value::float8
FROM windowed
CROSS JOIN LATERAL (VALUES ('revenue', revenue::float8),
                           ('invoice_count', invoice_count),
                           ('avg_days_to_pay', avg_days_to_pay),
                           ('avg_days_late', avg_days_late),
                           ('on_time_ratio', on_time_ratio)) AS m(metric, value)
UNION ALL
SELECT customer_id, metric, '', value::float8
FROM overall
CROSS JOIN LATERAL (VALUES ('outstanding', outstanding),
                           ('overdue_amount', overdue_amount),
                           ('max_days_overdue', max_days_overdue),
                           ('days_since_last_invoice', days_since_last_invoice),
                           ('customer_age_days', customer_age_days),
                           ('consecutive_on_time_months', consecutive_on_time_months))
    AS m(metric, value)
