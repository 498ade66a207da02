"""Least privilege: the daemon runs as the role `tierctl install` creates, which can do its
work (classify, write categories, credit limits, notes, audit rows) and nothing else of
Tryton; and a role that writes to Tryton's tables has its customers queued by the triggers
(which run with its rights) and can do nothing else in tierd's schema."""

import os
import shutil
import tempfile
import unittest
import uuid

import psycopg2

import harness

POLICY = """version: 1
classifications:
  - name: credit_grade
    target: category
    tiers:
      - name: NORMAL
        default: true
        set: {credit_limit: 1000}
"""


class LeastPrivilege(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.role = "tierd_" + uuid.uuid4().hex[:8]
        cls.db = harness.clone_template("it_privilege")
        result = harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db),
                                 "--role", cls.role)
        assert f"run the daemon as role '{cls.role}'" in result.stdout, result.stdout
        cls.directory = tempfile.mkdtemp(prefix="tierd-policy-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        with open(cls.policy, "w") as policy:
            policy.write(POLICY)

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)
        shutil.rmtree(cls.directory)
        for role in (cls.role, cls.role + "_erp"):
            harness.query("postgres", f'DROP ROLE IF EXISTS "{role}"')

    def as_daemon_role(self, statement):
        return harness.query(self.db, statement, user=self.role)

    def test_the_daemon_does_its_work_as_its_role(self):
        customer = harness.insert_parties(self.db, "Least", 1, 1)[0]
        daemon = harness.Daemon(self.db, self.policy, user=self.role)
        with daemon:
            harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade") ==
                               "NORMAL", message="classification by the daemon's role")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        self.assertNotIn("permission denied", daemon.output())
        self.assertEqual(harness.query(
            self.db, "SELECT credit_limit_amount FROM party_party_credit_limit_amount "
                     "WHERE party = %s", (customer,)), [(1000,)])
        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM ir_note WHERE resource = %s",
            (f"party.party,{customer}",)), [(1,)])
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db, self.role))

    def test_a_function_with_the_installers_rights_searches_pg_temp_last(self):
        """Else a writing role's temporary table named like Tryton's could stand in for it
        inside the one trigger function that runs with the installer's rights."""
        rows = harness.query(self.db, "SELECT proname, proconfig FROM pg_proc WHERE prosecdef "
                                      "AND pronamespace = 'tierd'::regnamespace "
                                      "AND proname LIKE 'tryton\\_%'")
        self.assertEqual([name for name, _ in rows], ["tryton_account_move_update"])
        for name, config in rows:
            paths = [c for c in config if c.startswith("search_path=")]
            self.assertEqual(len(paths), 1, config)
            self.assertTrue(paths[0].endswith(", pg_temp"), paths[0])

    def test_the_role_cannot_touch_anything_else(self):
        refused = [
            "UPDATE party_party SET name = 'x'",
            "DELETE FROM party_party",
            "UPDATE account_invoice SET state = 'paid'",
            "INSERT INTO account_move_line (move, account, debit, credit) VALUES (1, 1, 1, 0)",
            "UPDATE account_move_line SET debit = 0",
            "UPDATE party_category SET name = 'x'",
            "UPDATE party_party_credit_limit_amount SET party = 1",
            "UPDATE party_party_payment_term SET supplier_payment_term = NULL",
            "UPDATE party_party_payment_term SET party = 1",
            "UPDATE account_invoice_payment_term SET name = 'x'",
            "UPDATE party_party_sale_price_list SET company = 1",
            "UPDATE product_price_list SET name = 'x'",
            "DELETE FROM party_party_payment_term",
            "UPDATE ir_note SET message = 'x'",
            "DELETE FROM ir_note",
            "SELECT * FROM res_user",
            "UPDATE tierd.audit_log SET to_tier = 'x'",
            "DELETE FROM tierd.audit_log",
            "INSERT INTO tierd.pin (customer_id, classification, tier, reason, actor) "
            "VALUES (1, 'c', 'T', 'r', 'a')",
            "DROP TABLE tierd.queue",
            "CREATE TABLE tierd.sneaky (x int)",
        ]
        for statement in refused:
            with self.assertRaises(psycopg2.Error, msg=statement) as caught:
                self.as_daemon_role(statement)
            self.assertIn("permission denied", str(caught.exception).lower()
                          .replace("must be owner", "permission denied"), statement)

    def test_a_role_writing_to_tryton_queues_its_customers_and_can_do_nothing_else(self):
        # The triggers run with the writing role's rights: a role granted only what Tryton's
        # tables need has its customers queued, and in tierd may only add a customer id.
        clerk = self.role + "_erp"
        harness.query(self.db, f'CREATE ROLE "{clerk}" LOGIN')
        harness.query(self.db, f'GRANT INSERT, SELECT ON party_party TO "{clerk}"')
        harness.query(self.db, f'GRANT USAGE ON SEQUENCE party_party_id_seq TO "{clerk}"')
        customer = harness.query(self.db, "INSERT INTO party_party (name, code, active, "
                                          "create_uid, create_date) VALUES ('Clerk', 'CLERK', "
                                          "true, 0, now()) RETURNING id", user=clerk)[0][0]
        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM tierd.queue WHERE customer_id = %s", (customer,)),
            [(1,)])
        harness.query(self.db, "INSERT INTO tierd.queue (customer_id) VALUES (%s)", (customer,),
                      user=clerk)
        refused = [
            "SELECT * FROM tierd.queue",
            "DELETE FROM tierd.queue",
            "UPDATE tierd.queue SET customer_id = 1",
            "INSERT INTO tierd.queue (customer_id, source) VALUES (1, 'manual')",
            "INSERT INTO tierd.queue (customer_id, enqueued_at) VALUES (1, now())",
            "SELECT * FROM tierd.customer_state",
            "SELECT * FROM tierd.audit_log",
            "INSERT INTO tierd.pin (customer_id, classification, tier, reason, actor) "
            "VALUES (1, 'c', 'T', 'r', 'a')",
            "SELECT tierd.erp_sessions_at_work()",
            "CREATE TABLE tierd.sneaky (x int)",
        ]
        for statement in refused:
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege, msg=statement):
                harness.query(self.db, statement, user=clerk)
        self.assertEqual(harness.query(
            self.db, "SELECT count(*), min(source) FROM tierd.queue WHERE customer_id = %s",
            (customer,)), [(2, "event")])

if __name__ == "__main__":
    unittest.main(verbosity=2)
