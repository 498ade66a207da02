"""End to end through Tryton: invoices posted with proteus reclassify their customer, a
rolled-back invoice changes nothing, one customer's invoice never touches another, an
inactive customer is left alone, and when Tryton merges two customers the survivor is
classified on the books of both."""

import json
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402


class InvoiceReclassifiesCustomer(harness.DaemonTestCase):
    DATABASE_PREFIX = "it_reclassify"

    def new_customer_in_c(self, name):
        customer = erp.create_customer(name)
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "C",
                           message=f"{name} to be classified C")
        return customer

    def test_invoices_worth_tier_b_move_the_customer_from_c_to_b(self):
        customer = self.new_customer_in_c("Growing Ltd")
        self.assertEqual(erp.party_categories(customer), [("value_tier", "C")])
        erp.add_category(customer, "VIP")  # a category of the users', not tierd's

        erp.post_invoice(customer, 6000)
        erp.post_invoice(customer, 5000)

        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B",
                           message="the customer to reach tier B")
        self.assertEqual(erp.party_categories(customer), [(None, "VIP"), ("value_tier", "B")])
        changes = [row for row in harness.audit_rows(self.db, customer) if row[1] == "C"]
        self.assertEqual(len(changes), 1, harness.audit_rows(self.db, customer))
        classification, from_tier, to_tier, trigger, metrics, rule = changes[0]
        self.assertEqual((classification, from_tier, to_tier, trigger),
                         ("value_tier", "C", "B", "event"))
        self.assertEqual(rule, "revenue(365d) >= 10,000")
        self.assertEqual(json.loads(metrics), {"revenue(365d)": 11000, "overdue_amount": 0})
        notes = erp.party_notes(customer)
        self.assertEqual(len(notes), 2, notes)
        self.assertTrue(notes[0].startswith("tierd: value_tier (none) -> C\n"), notes[0])
        self.assertEqual(notes[1].splitlines()[:3], [
            "tierd: value_tier C -> B (upgrade)", "Why: revenue(365d) >= 10,000",
            "Metrics: overdue_amount = 0, revenue(365d) = 11000"])
        self.assertTrue(notes[1].splitlines()[3].startswith("Policy version 1 (sha256 "))

    def test_a_rolled_back_invoice_changes_nothing(self):
        customer = self.new_customer_in_c("Hesitant SA")
        rows_before = harness.audit_rows(self.db, customer)

        erp.post_invoice_rolled_back(customer, 50000)

        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM tierd.queue WHERE customer_id = %s", (customer,)),
            [(0,)])
        # A later committed invoice of someone else is processed: the daemon has looked.
        marker = self.new_customer_in_c("Marker GmbH")
        erp.post_invoice(marker, 20000)
        harness.wait_until(lambda: harness.tier_of(self.db, marker) == "B",
                           message="the marker customer to reach B")
        self.assertEqual(harness.tier_of(self.db, customer), "C")
        self.assertEqual(harness.audit_rows(self.db, customer), rows_before)
        self.assertEqual(erp.party_categories(customer), [("value_tier", "C")])

    def test_an_invoice_for_another_customer_does_not_touch_this_one(self):
        bystander = self.new_customer_in_c("Bystander Inc")
        erp.post_invoice(bystander, 12000)
        harness.wait_until(lambda: harness.tier_of(self.db, bystander) == "B",
                           message="the bystander to reach B")
        rows_before = harness.audit_rows(self.db, bystander)

        other = self.new_customer_in_c("Big Spender plc")
        erp.post_invoice(other, 150000)
        harness.wait_until(lambda: harness.tier_of(self.db, other) == "A",
                           message="the other customer to reach A")

        self.assertEqual(harness.audit_rows(self.db, bystander), rows_before)
        self.assertEqual(harness.tier_of(self.db, bystander), "B")
        self.assertEqual(erp.party_categories(bystander), [("value_tier", "B")])

    def test_a_merge_classifies_the_survivor_on_both_books(self):
        kept = self.new_customer_in_c("Twin Trading")
        merged = self.new_customer_in_c("Twin Trading")
        erp.post_invoice(kept, 6000)
        erp.post_invoice(merged, 6000)
        harness.wait_until(lambda: harness.query(
            self.db, "SELECT count(*) FROM tierd.queue") == [(0,)], message="a quiet queue")
        self.assertEqual(harness.tier_of(self.db, kept), "C")
        merged_rows = harness.audit_rows(self.db, merged)

        erp.merge_parties(merged, kept)

        harness.wait_until(lambda: harness.tier_of(self.db, kept) == "B",
                           message="the survivor to reach B with both customers' invoices")
        self.assertEqual(harness.audit_rows(self.db, kept)[-1][1:4], ("C", "B", "event"))
        self.assertEqual(erp.party_categories(kept), [("value_tier", "B")])
        harness.wait_until(lambda: f"customer {merged} is not a customer to classify"
                           in self.daemon.output(), message="the merged party to be dropped")
        # The merged party's history stays as it was: nothing is written for it any more.
        self.assertEqual(harness.audit_rows(self.db, merged), merged_rows)

    def test_an_invoice_moved_to_another_customer_reclassifies_both(self):
        # Tryton forbids editing a posted invoice; a correction in SQL (or a module that
        # allows it) moves the invoice and its move lines together.
        first = self.new_customer_in_c("First Owner")
        second = self.new_customer_in_c("Second Owner")
        invoice = erp.post_invoice(first, 12000)
        harness.wait_until(lambda: harness.tier_of(self.db, first) == "B",
                           message="the first owner to reach B")
        harness.query(self.db, """
            WITH moved AS (UPDATE account_invoice SET party = %(to)s WHERE id = %(invoice)s
                           RETURNING move)
            UPDATE account_move_line SET party = %(to)s
            WHERE move IN (SELECT move FROM moved) AND party = %(from)s""",
                      {"to": second, "from": first, "invoice": invoice})
        harness.wait_until(lambda: (harness.tier_of(self.db, first),
                                    harness.tier_of(self.db, second)) == ("C", "B"),
                           message="the invoice's revenue to follow it")
        self.assertEqual(harness.audit_rows(self.db, first)[-1][1:3], ("B", "C"))
        self.assertEqual(harness.audit_rows(self.db, second)[-1][1:3], ("C", "B"))

    def test_an_inactive_customer_is_left_alone(self):
        customer = self.new_customer_in_c("Dormant Ltd")
        rows = harness.audit_rows(self.db, customer)
        erp.deactivate_customer(customer)
        harness.wait_until(lambda: f"customer {customer} is not a customer to classify"
                           in self.daemon.output(), message="the inactive party to be dropped")
        erp.post_invoice(customer, 150000)  # Tryton still invoices it; tierd does not classify it
        marker = self.new_customer_in_c("Later Marker")
        erp.post_invoice(marker, 20000)
        harness.wait_until(lambda: harness.tier_of(self.db, marker) == "B",
                           message="a later customer to be classified: the daemon has looked")
        self.assertEqual(harness.audit_rows(self.db, customer), rows)
        self.assertEqual(harness.tier_of(self.db, customer), "C")

    def test_the_audit_chain_verifies(self):
        self.new_customer_in_c("Chain Checker")
        result = harness.tierctl("audit", "verify", "--db", harness.uri(self.db))
        self.assertIn("audit log intact", result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
