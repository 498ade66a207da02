-- Sets customers $1's customer payment term (party.party.customer_payment_term: what Tryton
-- proposes on the customer's new invoices and sales) to the payment terms named $2 (one per
-- customer, in the same order). Tryton 6.0 keeps one payment term per party, whatever the
-- company $3.
SELECT tierd.tryton_set_payment_term(c.party, c.name, $3::text)
FROM unnest($1::integer[], $2::text[]) AS c(party, name)
