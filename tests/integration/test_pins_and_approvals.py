"""The finance lead's decisions through tierctl: a pin moves a customer at once and holds it
whatever the rules say, unpin hands it back to the rules, and a move that needs approval
waits until `tierctl approve`; each change lands in the audit log with who decided."""

import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

POLICY = """version: 5
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(365d) >= 100,000
      - name: B
        when: revenue(365d) >= 10,000
      - name: C
        default: true
    approval:
      - jumps_of_more_than: 1
"""


class PinsAndApprovals(harness.DaemonTestCase):
    POLICY = POLICY
    DATABASE_PREFIX = "it_decisions"

    def tierctl(self, *args, check=True):
        return harness.tierctl(*args, "--db", harness.uri(self.db), "--policy", self.policy,
                               check=check)

    def customer_in_c(self, name):
        customer = erp.create_customer(name)
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "C",
                           message=f"{name} in C")
        return customer

    def last_audit(self, customer):
        return harness.query(self.db, "SELECT from_tier, to_tier, trigger, actor, rule "
                                      "FROM tierd.audit_log WHERE customer_id = %s "
                                      "ORDER BY seq DESC LIMIT 1", (customer,))[0]

    def test_a_pin_moves_the_customer_and_holds_it_until_unpinned(self):
        customer = self.customer_in_c("Pinned Partner")
        result = self.tierctl("pin", str(customer), "A", "--reason", "key account",
                              "--actor", "alice")
        self.assertRegex(result.stdout, rf"^Pinned Partner \((\S+, )?id {customer}\) pinned to A "
                                        "in value_tier")
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "A",
                           message="the pin to apply")
        self.assertEqual(self.last_audit(customer), ("C", "A", "manual", "alice",
                                                     "pin: key account"))
        self.assertEqual(erp.party_categories(customer), [("value_tier", "A")])
        shown = harness.tierctl("show", str(customer), "--db", harness.uri(self.db)).stdout
        self.assertIn("pinned to A until removed by alice: key account", shown)

        erp.post_invoice(customer, 20000)  # the rules would say B: the pin holds
        harness.wait_until(lambda: not harness.query(
            self.db, "SELECT 1 FROM tierd.queue WHERE customer_id = %s", (customer,)),
            message="the invoice to be evaluated")
        self.assertEqual(harness.tier_of(self.db, customer), "A")

        self.tierctl("unpin", str(customer))
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B",
                           message="the rules to decide again")

    def test_a_jump_over_two_tiers_waits_for_approval(self):
        customer = self.customer_in_c("Sudden Giant")
        erp.post_invoice(customer, 150000)
        harness.wait_until(lambda: harness.query(
            self.db, "SELECT pending_tier FROM tierd.customer_state WHERE customer_id = %s",
            (customer,)) == [("A",)], message="the move to wait for approval")
        self.assertEqual(harness.tier_of(self.db, customer), "C")
        shown = harness.tierctl("show", str(customer), "--db", harness.uri(self.db)).stdout
        self.assertIn("awaiting approval: move to A (revenue(365d) >= 100,000)", shown)

        result = self.tierctl("approve", "Sudden Giant", "--actor", "bob")  # by its name
        self.assertIn("moved C -> A in value_tier, approved by bob", result.stdout)
        self.assertEqual(harness.tier_of(self.db, customer), "A")
        self.assertEqual(self.last_audit(customer),
                         ("C", "A", "approval", "bob", "revenue(365d) >= 100,000"))
        self.assertEqual(erp.party_categories(customer), [("value_tier", "A")])

    def test_bad_decisions_are_refused(self):
        customer = self.customer_in_c("Plain Customer")
        result = self.tierctl("pin", str(customer), "Z", "--reason", "x", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("'Z' is not a tier of classification 'value_tier'", result.stderr)
        result = self.tierctl("pin", str(customer), "A", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("a pin needs a --reason", result.stderr)
        result = self.tierctl("pin", str(customer), "A", "--reason", "x", "--until", "soon",
                              check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--until 'soon' is not a date", result.stderr)
        result = self.tierctl("approve", str(customer), check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn(f"id {customer}) has no move awaiting approval", result.stderr)
        result = self.tierctl("approve", "Nobody Of That Name", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("error: no customer 'Nobody Of That Name'", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
