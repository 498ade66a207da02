-- Sets customers $1's Customer Payment Terms to the payment terms named $2 (one per
-- customer, in the same order; their English names) in company $3 (its name; empty: every
-- company), where Odoo 17 keeps res.partner's company-dependent property_payment_term_id:
-- an ir_property row per partner and company, type many2one, value_reference
-- 'account.payment.term,<id>' (tierd.odoo_set_partner_property and tierd.odoo_payment_term,
-- which refuses a name that is no longer an active term, in install.sql).
SELECT tierd.odoo_set_partner_property(
           'property_payment_term_id', 'many2one', $1::integer[], NULL,
           ARRAY(SELECT 'account.payment.term,' || tierd.odoo_payment_term(c.name)
                 FROM unnest($2::text[]) WITH ORDINALITY AS c(name, position)
                 ORDER BY c.position),
           $3::text)
