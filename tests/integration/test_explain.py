"""`tierctl explain CUSTOMER`: each tier's rule evaluated clause by clause with the values it
compared, the rules of change in words (an upgrade that waits for `upgrade_after`, a
downgrade that waits out its grace, a pin, a move awaiting approval), the customer's last
audit rows; and, on a realistic history, the rule and metric values explain says decide
equal those of the audit row the daemon writes next, and the moves it announces for the
next evaluation are exactly the moves the daemon makes."""

import datetime
import json
import os
import shutil
import tempfile
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402
import history  # noqa: E402

POLICY = """version: ex-1
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(365d) >= 100,000 and (overdue_amount < 10,000 or invoice_count(365d) >= 5)
        upgrade_after: 2 evaluations
      - name: B
        when: revenue(365d) >= 10,000
      - name: C
        default: true
    downgrade:
      grace: 30d
  - name: credit_grade
    target: category
    best: last
    tiers:
      - name: HOLD
        when: overdue_amount > 50,000
      - name: NORMAL
        default: true
    approval:
      - to: [HOLD]
"""


def explain(db, policy, customer, *extra, check=True):
    return harness.tierctl("explain", str(customer), "--db", harness.uri(db), "--policy", policy,
                           *extra, check=check)


def explained(db, policy, customer):
    """explain's JSON, by classification."""
    result = json.loads(explain(db, policy, customer, "--format", "json").stdout)
    return {each["classification"]: each for each in result["classifications"]}


class ExplainOneCustomer(harness.DaemonTestCase):
    POLICY = POLICY
    DATABASE_PREFIX = "it_explain"

    def settled(self, customer):
        harness.wait_until(lambda: not harness.query(
            self.db, "SELECT 1 FROM tierd.queue WHERE customer_id = %s", (customer,)),
            message="the customer's events to be evaluated")

    def test_rules_clauses_and_the_rules_of_change_in_words(self):
        customer = erp.create_customer("Explained Customer")
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "C", message="C")
        now = explained(self.db, self.policy, customer)["value_tier"]
        self.assertEqual(now["selected"], {"tier": "C", "rule": "default"})
        self.assertEqual(now["outlook"]["sentence"], "stays in C: the rules select C")

        invoice = erp.post_invoice(customer, 150000, due_days=30)
        self.settled(customer)
        # A's rule held at one evaluation; it must hold at two in a row: the next one.
        now = explained(self.db, self.policy, customer)["value_tier"]
        self.assertEqual(now["tier"], "C")
        self.assertEqual(now["selected"]["tier"], "A")
        self.assertEqual(now["outlook"]["sentence"], "moves up to A at its next evaluation "
                                                     "(C -> A)")
        a_rule = now["tiers"][0]["evaluation"]
        self.assertTrue(a_rule["holds"])
        self.assertEqual(a_rule["joined_by"], "and")
        revenue, either = a_rule["parts"]
        self.assertEqual((revenue["clause"], revenue["compared"], revenue["holds"]),
                         ("revenue(365d) >= 100000", "150,000 >= 100,000", True))
        self.assertEqual(either["joined_by"], "or")
        self.assertEqual([(p["compared"], p["holds"]) for p in either["parts"]],
                         [("0 < 10,000", True), ("1 >= 5", False)])
        text = explain(self.db, self.policy, customer).stdout
        self.assertIn("Explained Customer (", text)
        self.assertIn("revenue(365d) >= 100000    (150,000 >= 100,000)", text)
        self.assertIn("no   invoice_count(365d) >= 5    (1 >= 5)", text)
        self.assertIn("B: holds (not reached)", text)

        harness.query(self.db, "INSERT INTO tierd.queue (customer_id, source) "
                               "VALUES (%s, 'manual')", (customer,))
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "A",
                           message="the upgrade after two evaluations")

        # Revenue gone: B is selected, and A holds for the 30 days of grace.
        erp.credit_invoice(invoice)
        erp.post_invoice(customer, 20000)
        self.settled(customer)
        now = explained(self.db, self.policy, customer)["value_tier"]
        candidate_since = harness.query(
            self.db, "SELECT candidate_since FROM tierd.customer_state WHERE customer_id = %s "
                     "AND classification = 'value_tier'", (customer,))[0][0]
        until = (candidate_since + datetime.timedelta(days=30)).astimezone(
            datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        self.assertEqual(now["outlook"]["sentence"],
                         f"stays in A until {until} unless the rule for A holds again; then "
                         "moves down to B")
        self.assertEqual(now["outlook"]["until"], until)

        # A pin holds it, and explain says who, why and until when.
        harness.tierctl("pin", str(customer), "A", "--reason", "key account", "--until",
                        "2099-01-01", "--classification", "value_tier", "--actor", "erin",
                        "--policy", self.policy, "--db", harness.uri(self.db))
        self.settled(customer)
        now = explained(self.db, self.policy, customer)["value_tier"]
        self.assertEqual(now["pin"], {"tier": "A", "actor": "erin", "reason": "key account",
                                      "until": "2099-01-01 00:00 UTC"})
        self.assertEqual(now["outlook"]["sentence"], "held in A by a pin (erin, until "
                                                     "2099-01-01 00:00 UTC: key account); the "
                                                     "rules would select B")
        # The last audit rows, newest last: C -> A, then the pin's (a stay: no row).
        self.assertEqual([(r["from_tier"], r["to_tier"]) for r in now["audit"]],
                         [(None, "C"), ("C", "A")])

    def test_a_move_awaiting_approval_and_a_best_last_classification(self):
        customer = erp.create_customer("Late Payer")
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade"),
                           message="a credit grade")
        old = (datetime.date.today() - datetime.timedelta(days=90))
        erp.post_invoice(customer, 60000, invoice_date=old)
        harness.wait_until(lambda: harness.query(
            self.db, "SELECT pending_tier FROM tierd.customer_state WHERE customer_id = %s AND "
                     "classification = 'credit_grade'", (customer,)) == [("HOLD",)],
            message="the move to HOLD to wait for approval")
        now = explained(self.db, self.policy, customer)["credit_grade"]
        self.assertEqual(now["waiting_approval"]["to_tier"], "HOLD")
        self.assertRegex(now["outlook"]["sentence"],
                         r"^the move NORMAL -> HOLD waits for approval since \d{4}-\d\d-\d\d "
                         r"\d\d:\d\d UTC \(tierctl approve or reject\)$")
        text = explain(self.db, self.policy, customer, "--classification", "credit_grade").stdout
        self.assertIn("tiers, tried top down (the last is the best)", text)
        self.assertIn("waiting approval: NORMAL -> HOLD since", text)
        self.assertNotIn("value_tier", text)

    def test_bad_requests_are_refused(self):
        result = explain(self.db, self.policy, "Nobody Like That", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no customer 'Nobody Like That'", result.stderr)
        customer = erp.create_customer("Format Checked")
        result = explain(self.db, self.policy, customer, "--format", "xml", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--format 'xml' is not a format of explain", result.stderr)
        result = explain(self.db, self.policy, customer, "--classification", "size", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("the policy has no classification 'size'", result.stderr)
        result = harness.tierctl("explain", str(customer), "--policy", self.policy, "--db",
                                 "postgresql://nobody@127.0.0.1:1/none", check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot connect to", result.stderr)


# The second policy of the history test: new thresholds, A only after two evaluations in a
# row, a grace on the way down; so that it moves some customers at once and makes others wait.
POLICY_V2 = """version: 2
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(365d) >= {a} and overdue_amount < {overdue}
        upgrade_after: 2 evaluations
      - name: B
        when: revenue(365d) >= {b}
      - name: C
        default: true
    downgrade:
      grace: 30d
"""


class ExplainPredictsTheDaemon(unittest.TestCase):
    """On a realistic history: explain every customer with no daemon running, then start the
    daemon and compare; then again under a new policy whose rules of change make some moves
    wait."""

    @classmethod
    def setUpClass(cls):
        cls.db = harness.clone_template("it_explain_history")
        erp.connect(cls.db)
        history.load_history(cls.db, customers=120, invoices=1500, tryton=False)
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db))
        cls.directory = tempfile.mkdtemp(prefix="tierd-explain-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        shutil.copy(harness.policy_path("value_tiers.yaml"), cls.policy)

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)
        shutil.rmtree(cls.directory)

    def run_daemon_once(self, customers):
        """Starts the daemon, waits for its start-up pass over every customer, stops it;
        returns the audit rows it wrote: customer -> (to_tier, rule, metrics)."""
        last = harness.query(self.db, "SELECT coalesce(max(seq), 0) FROM tierd.audit_log")[0][0]
        with harness.Daemon(self.db, self.policy) as daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=120, message="the start-up pass")
            self.assertEqual(daemon.stop(), 0)
        rows = harness.query(self.db, "SELECT customer_id, to_tier, rule, metrics::text FROM "
                                      "tierd.audit_log WHERE seq > %s", (last,))
        written = {row[0]: (row[1], row[2], json.loads(row[3])) for row in rows}
        self.assertEqual(len(written), len(rows), "one row per customer")
        self.assertLessEqual(set(written), set(customers))
        return written

    def test_explain_says_what_the_daemon_then_does(self):
        # The customers tierd classifies: those it computes metrics for.
        customers = [int(line.split(",")[0]) for line in harness.tierctl(
            "metrics", "--all", "--db", harness.uri(self.db)).stdout.splitlines()[1:]]
        predicted = {c: explained(self.db, self.policy, c)["value_tier"] for c in customers}
        for customer, each in predicted.items():
            self.assertIsNone(each["tier"])  # no daemon has run: never classified
            self.assertEqual(each["outlook"]["sentence"],
                             f"enters {each['selected']['tier']} at its first evaluation")
        written = self.run_daemon_once(customers)
        self.assertEqual(set(written), set(customers))
        self.assertGreater(len({row[0] for row in written.values()}), 1,
                           "the history should spread the customers over the tiers")
        for customer, (to_tier, rule, metrics) in written.items():
            each = predicted[customer]
            self.assertEqual((to_tier, rule), (each["selected"]["tier"],
                                               each["selected"]["rule"]), customer)
            self.assertEqual(metrics, each["metrics"], customer)

        # A new policy, with thresholds from the books so that it moves customers both ways.
        revenues = sorted(each["metrics"]["revenue(365d)"] for each in predicted.values())
        overdue = sorted(each["metrics"]["overdue_amount"] for each in predicted.values())
        with open(self.policy, "w") as out:
            out.write(POLICY_V2.format(a=revenues[len(revenues) // 2],
                                       b=revenues[len(revenues) // 5],
                                       overdue=overdue[len(overdue) * 9 // 10] + 1))
        predicted = {c: explained(self.db, self.policy, c)["value_tier"] for c in customers}
        written = self.run_daemon_once(customers)
        announced = {c: each for c, each in predicted.items()
                     if each["outlook"]["sentence"].startswith("moves")
                     and each["outlook"]["evaluations"] == 1}
        waiting = [c for c, each in predicted.items() if each["outlook"]["until"]
                   or each["outlook"]["evaluations"] > 1]
        self.assertTrue(announced and waiting, "the new policy should move some, and make "
                                               "others wait")
        self.assertEqual(set(written), set(announced))
        for customer, (to_tier, rule, metrics) in written.items():
            each = predicted[customer]
            self.assertEqual((to_tier, rule, metrics),
                             (each["outlook"]["to_tier"], each["selected"]["rule"],
                              each["metrics"]), customer)


if __name__ == "__main__":
    unittest.main(verbosity=2)
