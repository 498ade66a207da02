-- Adds notes $2 to customers $1 (one per customer, in the same order) in their partners'
-- chatter, stored as Odoo stores a note posted with message_post(message_type='comment',
-- subtype_xmlid='mail.mt_note'): an internal note (subtype "Note") by OdooBot (the
-- superuser's partner, base.partner_root, user 1), its body HTML-escaped in a <p>, the
-- record's name and company (the partner's, else the first company), a message id in
-- Odoo's form, its date to the second. Odoo keeps timestamps in UTC without time zone.
WITH author AS (
    SELECT p.id, format('"%s" <%s>', p.name, p.email) AS address
    FROM ir_model_data d JOIN res_partner p ON p.id = d.res_id
    WHERE d.module = 'base' AND d.name = 'partner_root'
), note_subtype AS (
    SELECT res_id AS id FROM ir_model_data WHERE module = 'mail' AND name = 'mt_note'
), stamp AS (
    SELECT now() AT TIME ZONE 'UTC' AS at
)
INSERT INTO mail_message (model, res_id, message_type, subtype_id, body, author_id,
                          email_from, reply_to, record_name, record_company_id, message_id,
                          date, email_add_signature, create_uid, write_uid, create_date,
                          write_date)
SELECT 'res.partner', n.partner, 'comment', (SELECT id FROM note_subtype),
       '<p>' || replace(replace(replace(replace(n.message, '&', '&amp;'), '<', '&lt;'),
                                '>', '&gt;'), E'\n', '<br>') || '</p>',
       a.id, a.address, a.address, p.name,
       coalesce(p.company_id, (SELECT min(id) FROM res_company)),
       format('<%s.%s-openerp-%s-res.partner@tierd>',
              extract(epoch FROM clock_timestamp()), n.position, n.partner),
       date_trunc('second', s.at), true, 1, 1, s.at, s.at
FROM unnest($1::integer[], $2::text[]) WITH ORDINALITY AS n(partner, message, position)
JOIN res_partner p ON p.id = n.partner
CROSS JOIN stamp s
LEFT JOIN author a ON true
ORDER BY n.position
