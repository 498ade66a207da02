"""Least privilege on Odoo, as on Tryton (test_least_privilege.py): the daemon runs as the
role `tierctl install --plugin odoo` creates, which reads what the metrics and attributes
read and writes only partner tags and their links, the credit limit and customer payment
term (ir_property rows of those two fields, through tierd's function), chatter messages and
tierd's schema: every other statement is refused; and a role that writes to Odoo's tables
has its commercial partners queued by the triggers (which run with its rights) and can do
nothing else in tierd's schema. On the recorded Odoo 17 database of ../shared/odoo17."""

import os
import shutil
import tempfile
import unittest
import uuid

import psycopg2

import harness
import odoo_fixture

SKIP_REASON = odoo_fixture.missing_reason()

POLICY = """version: 1
classifications:
  - name: credit_grade
    target: category
    tiers:
      - name: NORMAL
        default: true
        set: { credit_limit: 1000, payment_term: "15 Days" }
"""


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class OdooLeastPrivilege(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.role = "tierd_" + uuid.uuid4().hex[:8]
        cls.db = odoo_fixture.restore("it_odoo_privilege")
        result = harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(cls.db),
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

    def test_1_the_daemon_does_its_work_as_its_role(self):
        # 9 has no property of its own in the dump; 22 had Odoo's 5000 limit (ir_property 7).
        with harness.Daemon(self.db, self.policy, user=self.role) as daemon:
            harness.wait_classified(self.db, [9, 22])
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        self.assertNotIn("permission denied", daemon.output())
        properties = harness.query(
            self.db, "SELECT p.res_id, f.name, p.value_float, p.value_reference IS NOT NULL "
                     "FROM ir_property p JOIN ir_model_fields f ON f.id = p.fields_id "
                     "WHERE p.res_id IN ('res.partner,9', 'res.partner,22') ORDER BY 1, 2")
        self.assertEqual(properties, [("res.partner,22", "credit_limit", 1000.0, False),
                                      ("res.partner,22", "property_payment_term_id", None, True),
                                      ("res.partner,9", "credit_limit", 1000.0, False),
                                      ("res.partner,9", "property_payment_term_id", None, True)])
        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM mail_message WHERE model = 'res.partner' "
                     "AND res_id = 9 AND message_type = 'comment' AND create_uid = 1"), [(1,)])
        self.assertEqual(self.as_daemon_role(
            "SELECT count(*) FROM res_partner_res_partner_category_rel r "
            "JOIN res_partner_category c ON c.id = r.category_id "
            "WHERE c.name ->> 'en_US' = 'NORMAL'"), [(17,)])
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db, self.role))
        # What the metrics and attributes read, it reads: every customer's, as of the
        # recording day.
        everyone = harness.tierctl("metrics", "--all", "--as-of", "2026-12-02",
                                   "--db", harness.uri(self.db, self.role)).stdout
        self.assertEqual(len(everyone.splitlines()), 1 + 17)

    def test_2_the_role_cannot_touch_anything_else(self):
        refused = [
            "UPDATE res_partner SET name = 'x'",
            "UPDATE res_partner SET industry_id = NULL",
            "DELETE FROM res_partner",
            "UPDATE account_move SET state = 'draft'",
            "DELETE FROM account_move",
            "INSERT INTO account_move_line (move_id, account_id) VALUES (1, 1)",
            "UPDATE account_move_line SET amount_residual = 0",
            "DELETE FROM account_partial_reconcile",
            "UPDATE account_payment_term SET active = false",
            "UPDATE res_partner_category SET name = '{\"en_US\": \"x\"}'",
            "DELETE FROM res_partner_category",
            "UPDATE res_partner_res_partner_category_rel SET partner_id = 1",
            # Every company-dependent value of Odoo is in ir_property: none by hand.
            "SELECT * FROM ir_property",
            "INSERT INTO ir_property (name, type, fields_id, res_id, company_id) "
            "VALUES ('property_account_receivable_id', 'many2one', 1, 'res.partner,9', 1)",
            "UPDATE ir_property SET value_reference = 'account.account,1'",
            "DELETE FROM ir_property",
            "UPDATE mail_message SET body = 'x'",
            "DELETE FROM mail_message",
            "SELECT * FROM mail_followers",
            "SELECT * FROM res_users",
            "SELECT * FROM account_payment",
            "UPDATE ir_module_module SET state = 'uninstalled'",
            "UPDATE tierd.audit_log SET to_tier = 'x'",
            "DELETE FROM tierd.audit_log",
            "INSERT INTO tierd.pin (customer_id, classification, tier, reason, actor) "
            "VALUES (1, 'c', 'T', 'r', 'a')",
            "DROP TABLE tierd.queue",
            "CREATE TABLE tierd.sneaky (x int)",
            "DROP TRIGGER tierd_update ON res_partner",
        ]
        for statement in refused:
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege, msg=statement):
                self.as_daemon_role(statement)
        # The properties' function writes the two fields only, a term only as a term.
        for call, message in (
                ("'property_account_receivable_id', 'many2one', ARRAY[9], NULL, "
                 "ARRAY['account.account,1'], ''",
                 "tierd writes no property property_account_receivable_id"),
                ("'property_payment_term_id', 'many2one', ARRAY[9], NULL, "
                 "ARRAY['account.account,1'], ''",
                 "a payment term property must name a payment term")):
            with self.assertRaises(psycopg2.errors.RaiseException, msg=call) as caught:
                self.as_daemon_role(f"SELECT tierd.odoo_set_partner_property({call})")
            self.assertIn(message, str(caught.exception))

    def test_3_a_role_writing_to_odoo_queues_its_partners_and_can_do_nothing_else(self):
        # The triggers run with the writing role's rights: a role granted only what Odoo's
        # tables need has its commercial partners queued (a contact's company), and in tierd
        # may only add a customer id.
        clerk = self.role + "_erp"
        harness.query(self.db, f'CREATE ROLE "{clerk}" LOGIN')
        harness.query(self.db, f'GRANT SELECT, INSERT, UPDATE ON res_partner TO "{clerk}"')
        harness.query(self.db, f'GRANT USAGE ON SEQUENCE res_partner_id_seq TO "{clerk}"')
        harness.query(self.db, "DELETE FROM tierd.queue")
        harness.query(self.db, "UPDATE res_partner SET city = 'Springfield' WHERE id = 17",
                      user=clerk)
        self.assertEqual(harness.query(self.db, "SELECT customer_id FROM tierd.queue"), [(16,)])
        harness.query(self.db, "INSERT INTO tierd.queue (customer_id) VALUES (16)", user=clerk)
        refused = [
            "SELECT * FROM tierd.queue",
            "DELETE FROM tierd.queue",
            "UPDATE tierd.queue SET customer_id = 1",
            "INSERT INTO tierd.queue (customer_id, source) VALUES (1, 'manual')",
            "SELECT * FROM tierd.customer_state",
            "SELECT * FROM tierd.audit_log",
            "SELECT tierd.odoo_set_partner_property('credit_limit', 'float', ARRAY[9], "
            "ARRAY[1.0], NULL, '')",
            "SELECT tierd.erp_sessions_at_work()",
            "CREATE TABLE tierd.sneaky (x int)",
        ]
        for statement in refused:
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege, msg=statement):
                harness.query(self.db, statement, user=clerk)
        self.assertEqual(harness.query(
            self.db, "SELECT count(*), min(source) FROM tierd.queue WHERE customer_id = 16"),
            [(2, "event")])


if __name__ == "__main__":
    unittest.main(verbosity=2)
