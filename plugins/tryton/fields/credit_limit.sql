-- Sets customers $1's credit limits (account_credit_limit's "Credit Limit Amount") to $2 (one
-- per customer, in the same order) in company $3 (its name; empty: every company). Tryton
-- keeps one value per company (party.party.credit_limit_amount). Timestamps in UTC, as
-- Tryton keeps them.
WITH change AS (
    SELECT c.party, c.amount::numeric AS amount
    FROM unnest($1::integer[], $2::text[]) AS c(party, amount)
), company AS (
    SELECT c.id FROM company_company c JOIN party_party p ON p.id = c.party
    WHERE $3::text = '' OR p.name = $3::text
), updated AS (
    UPDATE party_party_credit_limit_amount a
    SET credit_limit_amount = c.amount, write_uid = 0, write_date = now() AT TIME ZONE 'UTC'
    FROM change c
    WHERE a.party = c.party AND a.company IN (SELECT id FROM company)
    RETURNING a.party, a.company
)
INSERT INTO party_party_credit_limit_amount (party, company, credit_limit_amount,
                                             create_uid, create_date)
SELECT c.party, co.id, c.amount, 0, now() AT TIME ZONE 'UTC'
FROM change c CROSS JOIN company co
WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.party = c.party AND u.company = co.id)
