-- The metrics of customers $1 as of date $4, one row per (customer, metric, window), from
-- Tryton's books: posted customer invoices and their account moves, receivable move lines.
-- Windowed metrics are computed for every window key $2 (e.g. '365d') with its interval $3.
-- Amounts are in the company currency, as booked in the moves; credit notes net out.
WITH customer AS (
    SELECT DISTINCT c::integer AS id FROM unnest($1::bigint[]) AS c
), span AS (
    SELECT window_key, ($4::date - length)::date AS since
    FROM unnest($2::text[], $3::interval[]) AS w(window_key, length)
), invoice AS (
    -- Posted (or paid) customer invoices and credit notes with their revenue in company
    -- currency: the revenue-account lines of the invoice's move, credit minus debit.
    SELECT i.party, i.invoice_date,
           (SELECT coalesce(sum(l.credit - l.debit), 0)
            FROM account_move_line l
            JOIN account_account a ON a.id = l.account
            JOIN account_account_type t ON t.id = a.type
            WHERE l.move = i.move AND t.revenue) AS revenue
    FROM account_invoice i
    JOIN customer ON customer.id = i.party
    WHERE i.type = 'out' AND i.state IN ('posted', 'paid') AND i.invoice_date <= $4::date
), windowed AS (
    SELECT customer.id AS customer_id, span.window_key,
           coalesce(sum(invoice.revenue), 0) AS revenue,
           count(invoice.party) FILTER (WHERE invoice.revenue > 0) AS invoice_count
    FROM customer
    CROSS JOIN span
    LEFT JOIN invoice ON invoice.party = customer.id AND invoice.invoice_date > span.since
    GROUP BY customer.id, span.window_key
), receivable AS (
    -- Unreconciled receivable lines of posted moves. A partial payment is an unreconciled
    -- credit line without due date: it pays the oldest debts first, so what is overdue is
    -- the past-due debit, capped by what is outstanding in all.
    SELECT l.party,
           sum(l.debit - l.credit) AS outstanding,
           coalesce(sum(l.debit - l.credit) FILTER (WHERE l.maturity_date < $4::date), 0) AS past_due,
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
           greatest(0, least(coalesce(r.outstanding, 0), coalesce(r.past_due, 0))) AS overdue_amount,
           CASE WHEN least(coalesce(r.outstanding, 0), coalesce(r.past_due, 0)) > 0
                THEN $4::date - r.oldest_due ELSE 0 END AS max_days_overdue,
           -- A customer never invoiced counts from its creation: dormant since it exists.
           $4::date - coalesce((SELECT max(i.invoice_date) FROM invoice i WHERE i.party = customer.id),
                               p.create_date::date) AS days_since_last_invoice,
           $4::date - p.create_date::date AS customer_age_days
    FROM customer
    JOIN party_party p ON p.id = customer.id
    LEFT JOIN receivable r ON r.party = customer.id
)
SELECT customer_id, metric, window_key, value::float8
FROM windowed
CROSS JOIN LATERAL (VALUES ('revenue', revenue), ('invoice_count', invoice_count)) AS m(metric, value)
UNION ALL
SELECT customer_id, metric, '', value::float8
FROM overall
CROSS JOIN LATERAL (VALUES ('outstanding', outstanding),
                           ('overdue_amount', overdue_amount),
                           ('max_days_overdue', max_days_overdue),
                           ('days_since_last_invoice', days_since_last_invoice),
                           ('customer_age_days', customer_age_days)) AS m(metric, value)
