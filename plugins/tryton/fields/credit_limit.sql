-- Sets customer $1's credit limit (account_credit_limit's "Credit Limit Amount") to $2.
-- Tryton keeps one value per company (party.party.credit_limit_amount): every company of
-- the database gets it. Timestamps in UTC, as Tryton keeps them.
WITH updated AS (
    UPDATE party_party_credit_limit_amount
    SET credit_limit_amount = $2::numeric, write_uid = 0, write_date = now() AT TIME ZONE 'UTC'
    WHERE party = $1::integer
    RETURNING company
)
INSERT INTO party_party_credit_limit_amount (party, company, credit_limit_amount,
                                             create_uid, create_date)
SELECT $1::integer, c.id, $2::numeric, 0, now() AT TIME ZONE 'UTC'
FROM company_company c
WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.company = c.id)
