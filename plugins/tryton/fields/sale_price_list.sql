-- Sets customer $1's sale price list (sale_price_list's party.party.sale_price_list: the
-- prices of the customer's new sales) to the price list named $2, in company $3 (its name;
-- empty: every company that has an active price list of that name).
SELECT tierd.tryton_set_sale_price_list($1::integer, $2, $3::text)
