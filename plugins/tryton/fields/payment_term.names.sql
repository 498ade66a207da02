-- The payment terms a policy may name (checked when the policy is loaded).
SELECT DISTINCT name FROM account_invoice_payment_term WHERE active ORDER BY name
