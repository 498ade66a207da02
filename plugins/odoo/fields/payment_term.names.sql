-- The payment terms a policy may name (checked when the policy is loaded): the active
-- terms by their English name (account_payment_term.name is jsonb by language).
SELECT DISTINCT name ->> 'en_US' FROM account_payment_term WHERE active ORDER BY 1
