-- Installs the Tryton plugin: statement-level triggers that queue the customers whose
-- invoices, receivable lines or party records changed, and the writer of party categories.
-- Idempotent: every object is replaced. Runs after sql/schema/ in one transaction.

-- The triggers run in the ERP's transactions, most of them on the path that Tryton's strict
-- invoice numbering serialises (its lock is held to the commit), so each is one plain
-- function with one INSERT: no call of tierd.enqueue, and the rights of the role that wrote
-- the ERP's rows. A SECURITY DEFINER function pins its search path, which PostgreSQL sets
-- and restores on every call. In hand runs of the benchmark's posting load on a copy of its
-- database (a million customers, pgbench's posting script, 8 clients, durable commits, four
-- rounds of 12 s), that form and its call of tierd.enqueue added to a posting's two
-- triggering statements 1.8 times the time of its untriggered move INSERT; this one adds
-- 1.2 (README.md at commit 368b6f7, "Benchmarks").
-- So every role may append customer ids to the queue, and nothing else: not read it, not
-- delete from it, not choose a row's source or time. An id queued by anyone only makes
-- tierd re-evaluate that customer from the ERP's own data. Without these rights, a role of
-- the ERP's would have its writes refused.
GRANT USAGE ON SCHEMA tierd TO PUBLIC;
GRANT INSERT (customer_id) ON tierd.queue TO PUBLIC;

-- Which customers each statement changed, from its transition tables: table, event, the
-- customer ids, and whether the function needs the installer's rights.
--   Invoices: a customer's metrics change when a customer invoice is posted, paid,
--   cancelled, re-dated or moved to another party (then both parties). Drafts do not
--   count, so plain draft edits are ignored.
--   Move lines: receivable lines and payments (their creation, reconciliation, deletion).
--   Moves: posting a move written by hand changes its lines' weight without touching them.
--   It reads the move's lines, which the writing role may not be allowed to: it runs with
--   the installer's rights, its search path pinned.
--   Parties: a new customer is classified at once; deactivation and merges re-evaluate.
--   Who the customer is (the attributes rules may read, attributes.sql): its addresses,
--   its language, its categories and their names. These tables change rarely (a new
--   address, a category given), and never on the path of a posting.
-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
DO $install$
DECLARE
    watched constant text[][] := ARRAY[
        ['account_invoice', 'INSERT', $$
            SELECT party FROM new_rows WHERE type = 'out' AND state <> 'draft'$$, 'invoker'],
        ['account_invoice', 'UPDATE', $$
            SELECT unnest(ARRAY[o.party, n.party])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.type = 'out' OR o.type = 'out')
              AND (n.state, n.party, n.invoice_date, n.move, n.type, n.company)
                  IS DISTINCT FROM (o.state, o.party, o.invoice_date, o.move, o.type, o.company)
            $$, 'invoker'],
        ['account_invoice', 'DELETE', $$
            SELECT party FROM old_rows WHERE type = 'out' AND state <> 'draft'$$, 'invoker'],
        ['account_move_line', 'INSERT', $$SELECT party FROM new_rows$$, 'invoker'],
        ['account_move_line', 'UPDATE', $$
            SELECT unnest(ARRAY[o.party, n.party])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.party, n.debit, n.credit, n.maturity_date, n.reconciliation, n.account,
                   n.move)
                  IS DISTINCT FROM
                  (o.party, o.debit, o.credit, o.maturity_date, o.reconciliation, o.account,
                   o.move)$$, 'invoker'],
        ['account_move_line', 'DELETE', $$SELECT party FROM old_rows$$, 'invoker'],
        ['account_move', 'UPDATE', $$
            SELECT l.party
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN account_move_line l ON l.move = n.id
            WHERE n.state IS DISTINCT FROM o.state$$, 'definer'],
        ['party_party', 'INSERT', $$SELECT id FROM new_rows$$, 'invoker'],
        ['party_party', 'UPDATE', $$
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.active, n.replaced_by) IS DISTINCT FROM (o.active, o.replaced_by)$$,
         'invoker'],
        ['party_address', 'INSERT', $$SELECT party FROM new_rows$$, 'invoker'],
        ['party_address', 'UPDATE', $$
            SELECT unnest(ARRAY[o.party, n.party])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.party, n.active, n.invoice, n.sequence, n.country, n.subdivision, n.city)
                  IS DISTINCT FROM
                  (o.party, o.active, o.invoice, o.sequence, o.country, o.subdivision, o.city)
            $$, 'invoker'],
        ['party_address', 'DELETE', $$SELECT party FROM old_rows$$, 'invoker'],
        ['party_party_lang', 'INSERT', $$SELECT party FROM new_rows$$, 'invoker'],
        ['party_party_lang', 'UPDATE', $$
            SELECT unnest(ARRAY[o.party, n.party])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.party, n.lang, n.company) IS DISTINCT FROM (o.party, o.lang, o.company)$$,
         'invoker'],
        ['party_party_lang', 'DELETE', $$SELECT party FROM old_rows$$, 'invoker'],
        -- A category given or taken by the ERP's users; tierd's own writes of its tiers'
        -- categories (sessions named tierd...) would only queue the customer once more.
        ['party_category_rel', 'INSERT', $$
            SELECT party FROM new_rows
            WHERE current_setting('application_name') NOT LIKE 'tierd%'$$, 'invoker'],
        ['party_category_rel', 'DELETE', $$
            SELECT party FROM old_rows
            WHERE current_setting('application_name') NOT LIKE 'tierd%'$$, 'invoker'],
        -- A category renamed or moved renames it for every customer that has it.
        ['party_category', 'UPDATE', $$
            SELECT r.party
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN party_category_rel r ON r.category = n.id
            WHERE (n.name, n.parent, n.active) IS DISTINCT FROM (o.name, o.parent, o.active)$$,
         'invoker']];
    entry text[];
    function_name text;
    trigger_name text;
    referencing text;
BEGIN
    FOREACH entry SLICE 1 IN ARRAY watched LOOP
        function_name := format('tryton_%s_%s', entry[1], lower(entry[2]));
        trigger_name := 'tierd_' || lower(entry[2]);
        -- The wake-up is tierd.enqueue's (sql/schema/006_enqueue_per_statement.sql).
        EXECUTE format($function$
            CREATE OR REPLACE FUNCTION tierd.%I() RETURNS trigger LANGUAGE plpgsql %s AS $body$
            BEGIN
                INSERT INTO tierd.queue (customer_id)
                    SELECT DISTINCT customer FROM (%s) AS changed (customer)
                    WHERE customer IS NOT NULL;
                IF FOUND AND pg_try_advisory_xact_lock(tierd.lock_class(), 1) THEN
                    PERFORM pg_notify('tierd_wakeup', '');
                END IF;
                RETURN NULL;
            END $body$ $function$,
            function_name,
            -- The installer's search path with pg_temp last: a writing role's temporary
            -- table cannot stand in for Tryton's inside a function with the installer's
            -- rights.
            CASE entry[4] WHEN 'definer'
                THEN format('SECURITY DEFINER SET search_path = %s, pg_temp',
                            current_setting('search_path'))
                ELSE 'SECURITY INVOKER' END,
            entry[3]);
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

-- The trigger functions of plugin versions 1-3 (one per table, SECURITY DEFINER, through
-- tierd.enqueue), no longer used by any trigger.
DROP FUNCTION IF EXISTS tierd.tryton_invoice_changed();
DROP FUNCTION IF EXISTS tierd.tryton_move_line_changed();
DROP FUNCTION IF EXISTS tierd.tryton_move_changed();
DROP FUNCTION IF EXISTS tierd.tryton_party_changed();

-- The per-customer category writer of earlier installs: targets/category.sql now writes a
-- whole batch in one statement.
DROP FUNCTION IF EXISTS tierd.tryton_write_category(integer, text, text);

-- The id of the active category p_name under p_parent, created if missing. Creation is
-- serialised per name so two daemons cannot create the same category twice.
CREATE OR REPLACE FUNCTION tierd.tryton_category(p_name text, p_parent integer) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    found_id integer;
BEGIN
    SELECT id INTO found_id FROM party_category
        WHERE name = p_name AND parent IS NOT DISTINCT FROM p_parent;
    IF found_id IS NOT NULL THEN
        RETURN found_id;
    END IF;
    PERFORM pg_advisory_xact_lock(tierd.lock_class() + 2, hashtext(p_name));
    SELECT id INTO found_id FROM party_category
        WHERE name = p_name AND parent IS NOT DISTINCT FROM p_parent;
    IF found_id IS NULL THEN
        INSERT INTO party_category (name, parent, active, create_uid, create_date)
            VALUES (p_name, p_parent, true, 0, now())
            RETURNING id INTO found_id;
    END IF;
    RETURN found_id;
END $$;

-- Tryton does not index invoices by party; tierd's metrics of a batch of customers look
-- their invoices up by party (without it, every batch would read every invoice).
CREATE INDEX IF NOT EXISTS tierd_account_invoice_party_idx ON account_invoice (party);
-- The open items (unreconciled lines) of each party, with what the receivable metrics read
-- of them: a batch and the full pass read them from the index alone, never from the move
-- line table, the ERP's biggest. Reconciled lines, most of a book, are left out, so it is
-- small (27 MB for the benchmark's 10,000,000 invoices, 7% of them unpaid) and costs a
-- posting one index entry per party line. On a copy of the benchmark's database (1,000,000
-- customers), the daemon's start-up pass took 46 s instead of 48 s.
-- These two indexes are the objects tierd adds to Tryton's tables besides its triggers;
-- uninstall removes them.
CREATE INDEX IF NOT EXISTS tierd_account_move_line_open_idx ON account_move_line (party)
    INCLUDE (account, debit, credit, maturity_date)
    WHERE reconciliation IS NULL AND party IS NOT NULL;

-- Sets party p_party's customer payment term to the active term named p_name. Tryton 6.0
-- keeps the value in party_party_payment_term, one row per party, the same for every
-- company (p_company, the policy's company, is taken for the shape every field writer has).
-- A name that no longer exists (deleted since the policy was loaded) is an error, so the
-- batch is retried rather than the field silently emptied.
CREATE OR REPLACE FUNCTION tierd.tryton_set_payment_term(
    p_party integer, p_name text, p_company text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    term_id integer;
BEGIN
    SELECT min(id) INTO term_id FROM account_invoice_payment_term
        WHERE name = p_name AND active;
    IF term_id IS NULL THEN
        RAISE EXCEPTION 'no active payment term named "%" in Tryton', p_name
            USING HINT = 'restore it, or change the policy''s payment_term';
    END IF;
    UPDATE party_party_payment_term
        SET customer_payment_term = term_id, write_uid = 0,
            write_date = now() AT TIME ZONE 'UTC'
        WHERE party = p_party;
    IF NOT FOUND THEN
        INSERT INTO party_party_payment_term (party, customer_payment_term, create_uid,
                                              create_date)
            VALUES (p_party, term_id, 0, now() AT TIME ZONE 'UTC');
    END IF;
END $$;

-- Sets party p_party's sale price list to the active price list named p_name, in company
-- p_company (its name), or when empty in each company that has one (price lists belong to a
-- company; Tryton keeps the party's value per company in party_party_sale_price_list). No
-- such list is an error, as above.
CREATE OR REPLACE FUNCTION tierd.tryton_set_sale_price_list(
    p_party integer, p_name text, p_company text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    chosen record;
    found_any boolean := false;
BEGIN
    FOR chosen IN SELECT l.company, min(l.id) AS id FROM product_price_list l
                  JOIN company_company c ON c.id = l.company
                  JOIN party_party p ON p.id = c.party
                  WHERE l.name = p_name AND l.active
                    AND (p_company = '' OR p.name = p_company)
                  GROUP BY l.company LOOP
        found_any := true;
        UPDATE party_party_sale_price_list
            SET sale_price_list = chosen.id, write_uid = 0,
                write_date = now() AT TIME ZONE 'UTC'
            WHERE party = p_party AND company = chosen.company;
        IF NOT FOUND THEN
            INSERT INTO party_party_sale_price_list (party, company, sale_price_list,
                                                     create_uid, create_date)
                VALUES (p_party, chosen.company, chosen.id, 0, now() AT TIME ZONE 'UTC');
        END IF;
    END LOOP;
    IF NOT found_any THEN
        RAISE EXCEPTION 'no active sale price list named "%" in Tryton', p_name
            USING HINT = 'restore it, or change the policy''s sale_price_list';
    END IF;
END $$;
