-- Sets customer $1's credit limit (account_credit_limit's "Credit Limit Amount") to $2 in
-- company $3 (its name; empty: every company). Tryton keeps one value per company
-- (party.party.credit_limit_amount). Timestamps in UTC, as Tryton keeps them.
WITH company AS (
    SELECT c.id FROM company_company c JOIN party_party p ON p.id = c.party
    WHERE $3::text = '' OR p.name = $3::text
), updated AS (
    UPDATE party_party_credit_limit_amount
    SET credit_limit_amount = $2::numeric, write_uid = 0, write_date = now() AT TIME ZONE 'UTC'
    WHERE party = $1::integer AND company IN (SELECT id FROM company)
    RETURNING company
)
INSERT INTO party_party_credit_limit_amount (party, company, credit_limit_amount,
                                             create_uid, create_date)
SELECT $1::integer, c.id, $2::numeric, 0, now() AT TIME ZONE 'UTC'
FROM company c
WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.company = c.id)
