"""The finance lead's decisions through tierctl: a pin moves a customer at once and holds it
whatever the rules say, unpin hands it back to the rules, and a move that needs approval
waits in the approvals queue until `tierctl approve` applies it or `tierctl reject` keeps the
customer where it is (and the move is not proposed again until the rules select another
tier); each decision lands in the audit log with who decided."""

import csv
import io
import json
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

    def test_a_pin_holds_until_it_ends_and_then_the_rules_decide(self):
        customer = self.customer_in_c("Trial Partner")
        erp.post_invoice(customer, 20000)
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B", message="B")
        self.tierctl("pin", str(customer), "A", "--reason", "trial", "--until", "2099-01-01")
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "A",
                           message="the pin to apply")
        erp.post_invoice(customer, 1000)  # an event while pinned: the pin holds
        self.settled(customer)
        self.assertEqual(harness.tier_of(self.db, customer), "A")
        # The pin ends in two seconds (tierctl takes days; the daemon looks every second):
        # the rules decide again then, without any event of the customer's.
        harness.query(self.db, "UPDATE tierd.pin SET until = now() + interval '2 seconds' "
                               "WHERE customer_id = %s", (customer,))
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B", timeout=30,
                           message="the rules to decide once the pin ends")
        self.assertEqual(self.last_audit(customer)[:3], ("A", "B", "schedule"))
        self.assertIn("pins ended: 1 customer(s) queued for the rules", self.daemon.output())

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

    def pending(self, customer):
        return harness.query(self.db, "SELECT pending_tier, rejected_tier FROM "
                                      "tierd.customer_state WHERE customer_id = %s", (customer,))[0]

    def settled(self, customer):
        """Waits until the customer's queued events are evaluated."""
        harness.wait_until(lambda: not harness.query(
            self.db, "SELECT 1 FROM tierd.queue WHERE customer_id = %s", (customer,)),
            message="the customer's events to be evaluated")

    def test_the_approvals_queue_lists_each_waiting_move(self):
        customer = self.customer_in_c("Queued Climber")
        erp.post_invoice(customer, 120000)
        harness.wait_until(lambda: self.pending(customer)[0] == "A",
                           message="the move to wait for approval")
        since = harness.query(self.db, "SELECT to_char(pending_since AT TIME ZONE 'UTC', "
                                       "'YYYY-MM-DD HH24:MI') FROM tierd.customer_state "
                                       "WHERE customer_id = %s", (customer,))[0][0]
        self.assertIsNotNone(since)
        table = self.tierctl("approvals").stdout
        line = next(line for line in table.splitlines() if "Queued Climber" in line)
        self.assertIn(f"id {customer}) value_tier: C -> A waiting since {since} UTC", line)
        self.assertIn('rule: revenue(365d) >= 100,000 | today: revenue(365d) = 120000',
                      line)
        rows = [row for row in csv.DictReader(io.StringIO(self.tierctl(
            "approvals", "--format", "csv").stdout)) if row["customer_id"] == str(customer)]
        self.assertEqual([(r["customer_name"], r["from_tier"], r["to_tier"], r["waiting_since"])
                          for r in rows], [("Queued Climber", "C", "A", since)])
        entries = [json.loads(line) for line in self.tierctl(
            "approvals", "--format", "json").stdout.splitlines()]
        mine = [e for e in entries if e["customer_id"] == customer]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["metrics"], {"revenue(365d)": 120000.0})
        # Every waiting move of the database, and nothing else.
        waiting = harness.query(self.db, "SELECT count(*) FROM tierd.customer_state "
                                         "WHERE pending_tier IS NOT NULL")[0][0]
        self.assertEqual(len(entries), waiting)
        self.tierctl("approve", str(customer), "--actor", "carol")
        self.assertNotIn("Queued Climber", self.tierctl("approvals").stdout)

    def test_a_rejected_move_is_not_proposed_again_until_the_rules_change_their_mind(self):
        customer = self.customer_in_c("Rejected Giant")
        first = erp.post_invoice(customer, 150000)
        harness.wait_until(lambda: self.pending(customer)[0] == "A",
                           message="the move to wait for approval")
        result = self.tierctl("reject", "Rejected Giant", "--reason", "one-off order",
                              "--actor", "dave")
        self.assertIn("the move C -> A in value_tier is rejected by dave; it stays in C",
                      result.stdout)
        self.assertEqual(self.last_audit(customer), (
            "C", "C", "rejection", "dave",
            "rejected C -> A (revenue(365d) >= 100,000): one-off order"))
        direction = harness.query(self.db, "SELECT direction FROM tierd.audit_log "
                                           "WHERE customer_id = %s ORDER BY seq DESC LIMIT 1",
                                  (customer,))[0][0]
        self.assertIsNone(direction)
        self.assertEqual(self.pending(customer), (None, "A"))
        self.assertIn("value_tier C -> A rejected by dave: one-off order",
                      "\n".join(erp.party_notes(customer)))

        erp.post_invoice(customer, 1000)  # the rules still select A: not proposed again
        self.settled(customer)
        self.assertEqual(self.pending(customer), (None, "A"))
        self.assertEqual(harness.tier_of(self.db, customer), "C")
        self.assertEqual(erp.party_categories(customer), [("value_tier", "C")])

        erp.credit_invoice(first)  # revenue 1,000: the rules select C, the rejection ends
        harness.wait_until(lambda: self.pending(customer) == (None, None),
                           message="the rejection to end once the rules select C")
        erp.post_invoice(customer, 200000)  # A again: proposed again
        harness.wait_until(lambda: self.pending(customer)[0] == "A",
                           message="the move to A to be proposed again")
        result = self.tierctl("reject", str(customer), check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("a rejection needs a --reason", result.stderr)

    def test_a_pin_says_when_no_daemon_will_apply_it(self):
        customer = self.customer_in_c("Unattended Partner")
        result = self.tierctl("pin", str(customer), "B", "--reason", "trial")
        self.assertIn("; tierd applies it at once", result.stdout)
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B",
                           message="the pin to apply")
        stopped = type(self).daemon
        self.assertEqual(stopped.stop(), 0)
        stopped.__exit__()
        try:
            result = self.tierctl("unpin", str(customer))
            self.assertIn("no tierd daemon is running on this database: it takes effect when "
                          "one starts", result.stdout)
            self.assertEqual(harness.tier_of(self.db, customer), "B")
        finally:
            type(self).daemon = harness.Daemon(self.db, self.policy)
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "C",
                           message="the unpin to apply once a daemon starts")

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
