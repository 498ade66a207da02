-- Sets customers $1's sale price list (sale_price_list's party.party.sale_price_list: the
-- prices of the customer's new sales) to the price lists named $2 (one per customer, in the
-- same order), in company $3 (its name; empty: every company that has an active price list
-- of that name).
SELECT tierd.tryton_set_sale_price_list(c.party, c.name, $3::text)
FROM unnest($1::integer[], $2::text[]) AS c(party, name)
