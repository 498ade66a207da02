-- Sets customer $1's customer payment term (party.party.customer_payment_term: what Tryton
-- proposes on the customer's new invoices and sales) to the payment term named $2. Tryton
-- 6.0 keeps one payment term per party, whatever the company $3.
SELECT tierd.tryton_set_payment_term($1::integer, $2, $3::text)
