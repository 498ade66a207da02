-- Installs the Tryton plugin: statement-level triggers that queue the customers whose
-- invoices, receivable lines or party records changed, and the writer of party categories.
-- Idempotent: every object is replaced. Runs after sql/schema/ in one transaction.
-- The trigger functions run with the installer's rights (SECURITY DEFINER, with the search
-- path of the install pinned), so that Tryton's own database role needs no right on the
-- tierd schema: whatever role Tryton connects as, its commits queue their customers.

-- Invoices: a customer's metrics change when a customer invoice is posted, paid, cancelled,
-- re-dated or moved to another party. Drafts do not count, so plain draft edits are ignored.
CREATE OR REPLACE FUNCTION tierd.tryton_invoice_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tierd.enqueue(array(
            SELECT party FROM new_rows WHERE type = 'out' AND state <> 'draft'));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM tierd.enqueue(array(
            SELECT party FROM old_rows WHERE type = 'out' AND state <> 'draft'));
    ELSE
        -- Both the old and the new party, when an invoice moves from one to the other.
        PERFORM tierd.enqueue(array(
            SELECT unnest(ARRAY[o.party, n.party])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.type = 'out' OR o.type = 'out')
              AND (n.state, n.party, n.invoice_date, n.move, n.type, n.company)
                  IS DISTINCT FROM (o.state, o.party, o.invoice_date, o.move, o.type, o.company)));
    END IF;
    RETURN NULL;
END $$;

-- Move lines: receivable lines and payments (their creation, reconciliation, deletion).
CREATE OR REPLACE FUNCTION tierd.tryton_move_line_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tierd.enqueue(array(SELECT party FROM new_rows WHERE party IS NOT NULL));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM tierd.enqueue(array(SELECT party FROM old_rows WHERE party IS NOT NULL));
    ELSE
        PERFORM tierd.enqueue(array(
            SELECT unnest(ARRAY[o.party, n.party])
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.party, n.debit, n.credit, n.maturity_date, n.reconciliation, n.account, n.move)
                  IS DISTINCT FROM
                  (o.party, o.debit, o.credit, o.maturity_date, o.reconciliation, o.account, o.move)));
    END IF;
    RETURN NULL;
END $$;

-- Moves: posting a move written by hand changes its lines' weight without touching them.
CREATE OR REPLACE FUNCTION tierd.tryton_move_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM tierd.enqueue(array(
        SELECT l.party
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN account_move_line l ON l.move = n.id
        WHERE n.state IS DISTINCT FROM o.state AND l.party IS NOT NULL));
    RETURN NULL;
END $$;

-- Parties: a new customer is classified at once; deactivation and merges re-evaluate.
CREATE OR REPLACE FUNCTION tierd.tryton_party_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM tierd.enqueue(array(SELECT id FROM new_rows));
    ELSE
        PERFORM tierd.enqueue(array(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.active, n.replaced_by) IS DISTINCT FROM (o.active, o.replaced_by)));
    END IF;
    RETURN NULL;
END $$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
DO $$
DECLARE
    watched constant text[][] := ARRAY[
        ['account_invoice', 'tryton_invoice_changed', 'INSERT'],
        ['account_invoice', 'tryton_invoice_changed', 'UPDATE'],
        ['account_invoice', 'tryton_invoice_changed', 'DELETE'],
        ['account_move_line', 'tryton_move_line_changed', 'INSERT'],
        ['account_move_line', 'tryton_move_line_changed', 'UPDATE'],
        ['account_move_line', 'tryton_move_line_changed', 'DELETE'],
        ['account_move', 'tryton_move_changed', 'UPDATE'],
        ['party_party', 'tryton_party_changed', 'INSERT'],
        ['party_party', 'tryton_party_changed', 'UPDATE']];
    entry text[];
    referencing text;
BEGIN
    FOREACH entry SLICE 1 IN ARRAY watched LOOP
        referencing := CASE entry[3]
            WHEN 'INSERT' THEN 'NEW TABLE AS new_rows'
            WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
            ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END;
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I',
                       'tierd_' || lower(entry[3]), entry[1]);
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tierd.%I()',
                       'tierd_' || lower(entry[3]), entry[3], entry[1], referencing, entry[2]);
    END LOOP;
END $$;

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
