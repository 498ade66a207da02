-- Installs the Odoo 17 plugin: statement-level triggers that queue the commercial partners
-- whose invoices, receivable lines, reconciliations, partner records or tags changed, the
-- index the metrics read invoices by, and the helpers of the tag, property and note writers.
-- Idempotent: every object is replaced. Runs after sql/schema/ in one transaction.

-- The triggers run in Odoo's transactions, so each is one plain function with one INSERT,
-- with the rights of the role that wrote Odoo's rows (the form measured for the Tryton
-- plugin: plugins/tryton/install.sql). So every role may append customer ids to the queue,
-- and nothing else; an id queued by anyone only makes tierd re-evaluate that customer from
-- Odoo's own data.
GRANT USAGE ON SCHEMA tierd TO PUBLIC;
GRANT INSERT (customer_id) ON tierd.queue TO PUBLIC;

-- Which partners each statement changed, from its transition tables: table, event, the
-- partner ids (the moves' and journal items' triggers are row-level: below). Each id is queued as its commercial partner (a contact's invoices are
-- booked on its company: Odoo sets every journal item's partner to the commercial partner,
-- but a payment may name a contact); an id that no longer names a partner (merged and
-- deleted) is queued as it is, and the daemon drops it.
--   Moves: posting, cancelling, resetting to draft, moving to another partner, re-dating a
--   posted invoice. Drafts do not count, so plain draft edits are ignored.
--   Journal items of posted moves: their creation, amounts, residuals (payments and their
--   matching), due dates, partner; parent_state follows the move's state (posting,
--   cancelling). Draft items are ignored.
--   Matching (account_partial_reconcile): its date is the payment date the metrics read.
--   Partners: a new one is classified at once; archiving, a new company (commercial
--   partner), and what the attributes read (country, state, city, language, industry)
--   re-evaluate. Tags given or taken by Odoo's users, a tag renamed or moved, and an
--   industry renamed (attributes).
-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
DO $install$
DECLARE
    watched constant text[][] := ARRAY[
        ['account_move', 'DELETE', $$
            SELECT commercial_partner_id FROM old_rows WHERE state = 'posted'$$],
        ['account_move_line', 'DELETE', $$
            SELECT partner_id FROM old_rows WHERE parent_state = 'posted'$$],
        ['account_partial_reconcile', 'INSERT', $$
            SELECT l.partner_id FROM new_rows r
            JOIN account_move_line l ON l.id IN (r.debit_move_id, r.credit_move_id)$$],
        ['account_partial_reconcile', 'DELETE', $$
            SELECT l.partner_id FROM old_rows r
            JOIN account_move_line l ON l.id IN (r.debit_move_id, r.credit_move_id)$$],
        ['res_partner', 'INSERT', $$SELECT id FROM new_rows$$],
        ['res_partner', 'UPDATE', $$
            SELECT unnest(ARRAY[n.id, o.commercial_partner_id, n.commercial_partner_id])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.active, n.commercial_partner_id, n.parent_id, n.partner_share,
                   n.country_id, n.state_id, n.city, n.lang, n.industry_id)
                  IS DISTINCT FROM
                  (o.active, o.commercial_partner_id, o.parent_id, o.partner_share,
                   o.country_id, o.state_id, o.city, o.lang, o.industry_id)$$],
        ['res_partner', 'DELETE', $$
            SELECT unnest(ARRAY[id, commercial_partner_id]) FROM old_rows$$],
        -- tierd's own writes of its tiers' tags (sessions named tierd...) would only queue
        -- the customer once more.
        ['res_partner_res_partner_category_rel', 'INSERT', $$
            SELECT partner_id FROM new_rows
            WHERE current_setting('application_name') NOT LIKE 'tierd%'$$],
        ['res_partner_res_partner_category_rel', 'DELETE', $$
            SELECT partner_id FROM old_rows
            WHERE current_setting('application_name') NOT LIKE 'tierd%'$$],
        ['res_partner_category', 'UPDATE', $$
            SELECT r.partner_id
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN res_partner_res_partner_category_rel r ON r.category_id = n.id
            WHERE (n.name, n.parent_id, n.active) IS DISTINCT FROM (o.name, o.parent_id, o.active)
            $$],
        ['res_partner_industry', 'UPDATE', $$
            SELECT p.id
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN res_partner p ON p.industry_id = n.id
            WHERE n.name ->> 'en_US' IS DISTINCT FROM o.name ->> 'en_US'$$]];
    entry text[];
    function_name text;
    trigger_name text;
    referencing text;
BEGIN
    FOREACH entry SLICE 1 IN ARRAY watched LOOP
        function_name := format('odoo_%s_%s', entry[1], lower(entry[2]));
        trigger_name := 'tierd_' || lower(entry[2]);
        -- The wake-up is tierd.enqueue's (sql/schema/006_enqueue_per_statement.sql).
        EXECUTE format($function$
            CREATE OR REPLACE FUNCTION tierd.%I() RETURNS trigger LANGUAGE plpgsql
                SECURITY INVOKER AS $body$
            BEGIN
                INSERT INTO tierd.queue (customer_id)
                    SELECT DISTINCT coalesce(p.commercial_partner_id, changed.partner)
                    FROM (%s) AS changed (partner)
                    LEFT JOIN res_partner p ON p.id = changed.partner
                    WHERE changed.partner IS NOT NULL;
                IF FOUND AND pg_try_advisory_xact_lock(tierd.lock_class(), 1) THEN
                    PERFORM pg_notify('tierd_wakeup', '');
                END IF;
                RETURN NULL;
            END $body$ $function$,
            function_name, entry[3]);
        referencing := CASE entry[2]
            WHEN 'INSERT' THEN 'NEW TABLE AS new_rows'
            WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
            ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END;
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', trigger_name, entry[1]);
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tierd.%I()',
                       trigger_name, entry[2], entry[1], referencing, function_name);
    END LOOP;
END $install$;
-- The moves and journal items, written many times per posting (Odoo's ORM updates a move
-- some seven times and its items six while it creates and posts an invoice, most of them
-- while it is a draft): row-level triggers whose WHEN condition PostgreSQL evaluates
-- without calling any function, so a write that does not matter costs nothing and only
-- the few that do (the posting, a payment's matching) run one INSERT. Statement-level
-- triggers ran a function and built transition tables for every one of those writes: 0.85
-- of Odoo's posting throughput in bench/bench_odoo.py. A bulk statement over posted rows
-- queues a row per changed row (the daemon claims each customer once).
DO $install_rows$
DECLARE
    -- table, event, the WHEN condition, the partner ids of the row.
    watched constant text[][] := ARRAY[
        ['account_move', 'INSERT', $$NEW.state = 'posted'$$,
         $$ARRAY[NEW.commercial_partner_id]$$],
        ['account_move', 'UPDATE', $$
            (NEW.state = 'posted' OR OLD.state = 'posted')
            AND (NEW.state, NEW.commercial_partner_id, NEW.move_type, NEW.invoice_date,
                 NEW.amount_untaxed_signed, NEW.company_id)
                IS DISTINCT FROM
                (OLD.state, OLD.commercial_partner_id, OLD.move_type, OLD.invoice_date,
                 OLD.amount_untaxed_signed, OLD.company_id)$$,
         $$ARRAY[OLD.commercial_partner_id, NEW.commercial_partner_id]$$],
        ['account_move_line', 'INSERT', $$NEW.parent_state = 'posted'$$,
         $$ARRAY[NEW.partner_id]$$],
        ['account_move_line', 'UPDATE', $$
            (NEW.parent_state = 'posted' OR OLD.parent_state = 'posted')
            AND (NEW.parent_state, NEW.partner_id, NEW.account_id, NEW.balance,
                 NEW.amount_residual, NEW.reconciled, NEW.date_maturity, NEW.move_id,
                 NEW.company_id)
                IS DISTINCT FROM
                (OLD.parent_state, OLD.partner_id, OLD.account_id, OLD.balance,
                 OLD.amount_residual, OLD.reconciled, OLD.date_maturity, OLD.move_id,
                 OLD.company_id)$$,
         $$ARRAY[OLD.partner_id, NEW.partner_id]$$]];
    entry text[];
    function_name text;
    trigger_name text;
BEGIN
    FOREACH entry SLICE 1 IN ARRAY watched LOOP
        function_name := format('odoo_%s_%s', entry[1], lower(entry[2]));
        trigger_name := 'tierd_' || lower(entry[2]);
        EXECUTE format($function$
            CREATE OR REPLACE FUNCTION tierd.%I() RETURNS trigger LANGUAGE plpgsql
                SECURITY INVOKER AS $body$
            BEGIN
                INSERT INTO tierd.queue (customer_id)
                    SELECT DISTINCT coalesce(p.commercial_partner_id, changed.partner)
                    FROM unnest(%s) AS changed (partner)
                    LEFT JOIN res_partner p ON p.id = changed.partner
                    WHERE changed.partner IS NOT NULL;
                IF FOUND AND pg_try_advisory_xact_lock(tierd.lock_class(), 1) THEN
                    PERFORM pg_notify('tierd_wakeup', '');
                END IF;
                RETURN NULL;
            END $body$ $function$,
            function_name, entry[4]);
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', trigger_name, entry[1]);
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I FOR EACH ROW WHEN (%s) '
                       'EXECUTE FUNCTION tierd.%I()',
                       trigger_name, entry[2], entry[1], entry[3], function_name);
    END LOOP;
END $install_rows$;

-- Odoo does not index moves by commercial partner; tierd's metrics of a batch look its
-- customers' posted invoices and credit notes up by it (without it, every batch would read
-- every move). Partial: the other moves are most of the table. Uninstall removes it.
CREATE INDEX IF NOT EXISTS tierd_account_move_customer_invoice_idx
    ON account_move (commercial_partner_id, invoice_date)
    WHERE move_type IN ('out_invoice', 'out_refund') AND state = 'posted';

-- The id of the active partner tag p_name under p_parent, created if missing, as Odoo
-- creates one (name as jsonb by language, parent_path "<parent's path><id>/"). Creation is
-- serialised per name so two daemons cannot create the same tag twice.
CREATE OR REPLACE FUNCTION tierd.odoo_partner_tag(p_name text, p_parent integer)
    RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    found_id integer;
BEGIN
    SELECT min(id) INTO found_id FROM res_partner_category
        WHERE name ->> 'en_US' = p_name AND parent_id IS NOT DISTINCT FROM p_parent;
    IF found_id IS NOT NULL THEN
        RETURN found_id;
    END IF;
    PERFORM pg_advisory_xact_lock(tierd.lock_class() + 2, hashtext(p_name));
    SELECT min(id) INTO found_id FROM res_partner_category
        WHERE name ->> 'en_US' = p_name AND parent_id IS NOT DISTINCT FROM p_parent;
    IF found_id IS NULL THEN
        INSERT INTO res_partner_category (name, parent_id, active, create_uid, write_uid,
                                          create_date, write_date)
            VALUES (jsonb_build_object('en_US', p_name), p_parent, true, 1, 1,
                    now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
            RETURNING id INTO found_id;
        UPDATE res_partner_category
            SET parent_path = coalesce((SELECT parent_path FROM res_partner_category
                                        WHERE id = p_parent), '') || found_id || '/'
            WHERE id = found_id;
    END IF;
    RETURN found_id;
END $$;

-- Sets field p_field (a company-dependent field of res.partner: credit_limit or
-- property_payment_term_id) of partners p_partners to p_floats / p_references (one per
-- partner; the other array NULL) in the companies named p_company (empty: every company),
-- as Odoo's ir.property stores it: one row per field, partner and company, keyed by the
-- text 'res.partner,<id>', the field found by model and name in ir_model_fields.
-- ir_property holds every company-dependent value of Odoo (a partner's receivable account
-- too), and a grant cannot name rows: so the daemon's role has no right on the table and
-- writes through this function, which runs with the installer's rights and writes only
-- these two fields, a payment term only as a reference to a payment term (grants.sql lets
-- the daemon's role alone call it). Its search path is pinned, pg_temp last, so that no
-- caller's temporary table can stand in for Odoo's.
CREATE OR REPLACE FUNCTION tierd.odoo_set_partner_property(
    p_field text, p_type text, p_partners integer[], p_floats numeric[],
    p_references text[], p_company text) RETURNS void LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    field_id integer;
BEGIN
    IF (p_field, p_type) NOT IN (('credit_limit', 'float'),
                                 ('property_payment_term_id', 'many2one')) THEN
        RAISE EXCEPTION 'tierd writes no property % of type %', p_field, p_type;
    END IF;
    IF p_field = 'property_payment_term_id' AND EXISTS (
            SELECT 1 FROM unnest(p_references) AS r(reference)
            WHERE r.reference IS NULL OR r.reference !~ '^account\.payment\.term,[0-9]+$') THEN
        RAISE EXCEPTION 'a payment term property must name a payment term';
    END IF;
    SELECT id INTO field_id FROM ir_model_fields
        WHERE model = 'res.partner' AND name = p_field;
    IF field_id IS NULL THEN
        RAISE EXCEPTION 'Odoo has no field res.partner.% (ir_model_fields)', p_field
            USING HINT = 'is the account module installed?';
    END IF;
    WITH change AS (
        SELECT 'res.partner,' || c.partner AS res_id, c.amount, c.reference
        FROM unnest(p_partners, coalesce(p_floats, array_fill(NULL::numeric,
                                                               ARRAY[cardinality(p_partners)])),
                    coalesce(p_references, array_fill(NULL::text,
                                                      ARRAY[cardinality(p_partners)])))
             AS c(partner, amount, reference)
    ), company AS (
        SELECT id FROM res_company WHERE p_company = '' OR name = p_company
    ), updated AS (
        UPDATE ir_property p
        SET value_float = c.amount, value_reference = c.reference, write_uid = 1,
            write_date = now() AT TIME ZONE 'UTC'
        FROM change c
        WHERE p.fields_id = field_id AND p.res_id = c.res_id
          AND p.company_id IN (SELECT id FROM company)
        RETURNING p.res_id, p.company_id
    )
    INSERT INTO ir_property (name, res_id, company_id, fields_id, type, value_float,
                             value_reference, create_uid, write_uid, create_date, write_date)
    SELECT p_field, c.res_id, co.id, field_id, p_type, c.amount, c.reference, 1, 1,
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
    FROM change c CROSS JOIN company co
    WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.res_id = c.res_id AND u.company_id = co.id);
END $$;
REVOKE ALL ON FUNCTION tierd.odoo_set_partner_property(text, text, integer[], numeric[], text[],
                                                       text) FROM PUBLIC;

-- The id of the active payment term named p_name (its English name: account_payment_term's
-- name is jsonb by language). A name that no longer exists (deleted since the policy was
-- loaded) is an error, so the batch is retried rather than the term silently emptied.
CREATE OR REPLACE FUNCTION tierd.odoo_payment_term(p_name text) RETURNS integer
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    term_id integer;
BEGIN
    SELECT min(id) INTO term_id FROM account_payment_term
        WHERE name ->> 'en_US' = p_name AND active;
    IF term_id IS NULL THEN
        RAISE EXCEPTION 'no active payment term named "%" in Odoo', p_name
            USING HINT = 'restore it, or change the policy''s payment_term';
    END IF;
    RETURN term_id;
END $$;
