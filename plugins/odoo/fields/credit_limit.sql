-- Sets customers $1's credit limits to $2 (one per customer, in the same order) in company
-- $3 (its name; empty: every company), where Odoo 17 keeps res.partner's company-dependent
-- credit_limit: an ir_property row per partner and company, type float, the amount in
-- value_float (tierd.odoo_set_partner_property in install.sql). Odoo's credit-limit warning
-- reads it when the company's Sales Credit Limit setting is on.
SELECT tierd.odoo_set_partner_property('credit_limit', 'float', $1::integer[],
                                       $2::text[]::numeric[], NULL, $3::text)
