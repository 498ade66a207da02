"""What the plugin's triggers put in tierd.queue, in the ERP's own transactions, with no
daemon running: a customer once per statement however many of its rows the statement writes,
rows of a rolled-back savepoint gone with it, a bulk statement queued in one go, an invoice
moved to another customer queueing both, and NOTIFY only when no daemon drains; and one
daemon batch taking all of a customer's queued events at once."""

import re
import select
import unittest

import psycopg2

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402


class QueueTriggers(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_queue"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = [erp.create_customer(f"Queued {n}") for n in range(3)]
        # Two invoices: a statement on the customer's lines writes two rows.
        cls.invoices = [erp.post_invoice(cls.customers[0], amount) for amount in (100, 200)]

    def setUp(self):
        harness.query(self.db, "DELETE FROM tierd.queue")
        self.connection = psycopg2.connect(host=harness.PG_HOST, port=harness.PG_PORT,
                                           user=harness.PG_USER, dbname=self.db)

    def tearDown(self):
        self.connection.close()

    def queued(self):
        return harness.query(self.db, "SELECT customer_id FROM tierd.queue ORDER BY id")

    def touch_lines(self, cursor, customer):
        """An ERP write that matters: the customer's receivable lines change maturity."""
        cursor.execute("UPDATE account_move_line SET maturity_date = maturity_date + 1 "
                       "WHERE party = %s AND maturity_date IS NOT NULL", (customer,))

    def test_a_customer_is_queued_once_per_statement(self):
        customer = self.customers[0]
        with self.connection, self.connection.cursor() as cursor:
            self.touch_lines(cursor, customer)  # both of its receivable lines, one row
            self.assertEqual(cursor.rowcount, 2)
        self.assertEqual(self.queued(), [(customer,)])
        with self.connection, self.connection.cursor() as cursor:
            self.touch_lines(cursor, customer)
            cursor.execute("UPDATE account_invoice SET invoice_date = invoice_date - 1 "
                           "WHERE id = %s", (self.invoices[0],))
        self.assertEqual(self.queued(), [(customer,)] * 3)

    def test_what_the_attributes_read_queues_its_customer(self):
        """Addresses, languages, categories given or taken, a category renamed: each queues
        the customer once; an address edit that changes nothing the attributes read, and
        tierd's own category writes (its sessions are named tierd...), queue nothing."""
        first, second = self.customers[0], self.customers[1]
        steps = [
            ("INSERT INTO party_address (party, active, invoice, city) "
             "VALUES (%(first)s, true, true, 'Graz')", [first]),
            ("UPDATE party_address SET city = 'Linz' WHERE city = 'Graz'", [first]),
            ("UPDATE party_address SET street = 'Hauptplatz 1' WHERE city = 'Linz'", []),
            ("UPDATE party_address SET party = %(second)s WHERE city = 'Linz'", [first, second]),
            ("DELETE FROM party_address WHERE party = %(second)s AND city = 'Linz'", [second]),
            ("INSERT INTO party_party_lang (party, lang) "
             "SELECT %(first)s, id FROM ir_lang WHERE code = 'de'", [first]),
            ("INSERT INTO party_category (name, active) VALUES ('segment', true)", []),
            ("INSERT INTO party_category_rel (party, category) "
             "SELECT %(second)s, id FROM party_category WHERE name = 'segment'", [second]),
            ("UPDATE party_category SET name = 'Segment' WHERE name = 'segment'", [second]),
            ("DELETE FROM party_category_rel WHERE party = %(second)s", [second]),
        ]
        for statement, expected in steps:
            harness.query(self.db, "DELETE FROM tierd.queue")
            with self.connection, self.connection.cursor() as cursor:
                cursor.execute(statement, {"first": first, "second": second})
            self.assertEqual(sorted(self.queued()), sorted((c,) for c in expected), statement)
        harness.query(self.db, "DELETE FROM tierd.queue")
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute("SET application_name = 'tierd'")
            cursor.execute("INSERT INTO party_category_rel (party, category) "
                           "SELECT %s, id FROM party_category WHERE name = 'Segment'", (first,))
            cursor.execute("RESET application_name")
        self.assertEqual(self.queued(), [])

    def test_a_rolled_back_savepoint_takes_its_rows(self):
        customer = self.customers[0]
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute("SAVEPOINT before")
            self.touch_lines(cursor, customer)
            cursor.execute("ROLLBACK TO SAVEPOINT before")
            self.touch_lines(cursor, customer)
        self.assertEqual(self.queued(), [(customer,)])

    def test_one_batch_takes_every_event_of_a_customer(self):
        """Tryton's posting queues its customer from several statements; the daemon claims
        the customer once, with all of them, and evaluates it once."""
        customer = erp.create_customer("Queued many times")
        harness.query(self.db, "DELETE FROM tierd.queue")
        erp.post_invoice(customer, 20000)
        self.assertGreater(len(self.queued()), 1)
        self.assertEqual(set(self.queued()), {(customer,)})
        with harness.Daemon(self.db, harness.policy_path("value_tiers.yaml")) as daemon:
            harness.wait_until(lambda: self.queued() == [], message="the queue to empty")
            batches = re.findall(r"batch: (\d+) customers", daemon.output())
        self.assertEqual(batches, ["1"], "one batch, one customer")
        self.assertEqual([row[2] for row in harness.audit_rows(self.db, customer)], ["B"])

    def test_a_rolled_back_transaction_queues_nothing(self):
        with self.connection.cursor() as cursor:
            self.touch_lines(cursor, self.customers[0])
        self.connection.rollback()
        self.assertEqual(self.queued(), [])

    def test_a_change_that_does_not_matter_queues_nothing(self):
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute("UPDATE account_invoice SET description = 'renamed' WHERE id = %s",
                           (self.invoices[0],))
            cursor.execute("UPDATE party_party SET name = name || '.' WHERE id = %s",
                           (self.customers[1],))
        self.assertEqual(self.queued(), [])

    def test_a_bulk_statement_queues_every_customer_in_one_go(self):
        parties = harness.insert_parties(self.db, "bulk", 1, 5000)
        self.assertEqual(sorted(row[0] for row in self.queued()), sorted(parties))

    def test_an_invoice_moved_to_another_customer_queues_both(self):
        source, target = self.customers[0], self.customers[2]
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute("UPDATE account_invoice SET party = %s WHERE id = %s",
                           (target, self.invoices[0]))
        self.assertEqual(sorted(self.queued()), sorted([(source,), (target,)]))
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute("UPDATE account_invoice SET party = %s WHERE id = %s",
                           (source, self.invoices[0]))

    def test_notify_only_when_no_daemon_is_draining(self):
        listener = psycopg2.connect(host=harness.PG_HOST, port=harness.PG_PORT,
                                    user=harness.PG_USER, dbname=self.db)
        listener.autocommit = True
        draining = psycopg2.connect(host=harness.PG_HOST, port=harness.PG_PORT,
                                    user=harness.PG_USER, dbname=self.db)
        draining.autocommit = True
        try:
            with listener.cursor() as cursor:
                cursor.execute("LISTEN tierd_wakeup")
            with self.connection, self.connection.cursor() as cursor:
                self.touch_lines(cursor, self.customers[0])
            self.assertEqual(self.notifications(listener), 1)
            # A daemon drains: it holds the lock shared (sql/queries/drain_begin.sql).
            with draining.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock_shared(tierd.lock_class(), 1)")
            with self.connection, self.connection.cursor() as cursor:
                self.touch_lines(cursor, self.customers[0])
            self.assertEqual(self.notifications(listener), 0)
            self.assertEqual(len(self.queued()), 2, "queued all the same")
        finally:
            draining.close()
            listener.close()

    def notifications(self, listener):
        select.select([listener], [], [], 0.5)
        listener.poll()
        count = len(listener.notifies)
        listener.notifies.clear()
        return count


if __name__ == "__main__":
    unittest.main(verbosity=2)
