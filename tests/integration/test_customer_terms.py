"""A tier's `set: {payment_term: ..., sale_price_list: ...}` reaches Tryton: Tryton's own
API reads the new values on the party, and a new invoice Tryton drafts for the customer
proposes the payment term tierd set. A policy naming a payment term or price list the
database does not have, or a field whose Tryton module is not activated, is refused when
it is loaded, with the line and the names that exist."""

import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

POLICY = """version: 1
classifications:
  - name: terms
    target: category
    tiers:
      - name: TRUSTED
        when: revenue(365d) >= 10,000
        immediate: true
        set: {payment_term: "30 days", sale_price_list: "Trusted prices"}
      - name: NEW
        default: true
        set: {payment_term: "Immediate", sale_price_list: "List prices"}
"""


class CustomerTerms(harness.DaemonTestCase):
    POLICY = POLICY
    DATABASE_PREFIX = "it_terms"

    @classmethod
    def prepare_database(cls):
        erp.create_price_list("List prices")
        erp.create_price_list("Trusted prices")

    def test_the_terms_tierd_sets_are_the_terms_tryton_uses(self):
        customer = erp.create_customer("Terms Ltd")
        harness.wait_until(lambda: erp.party_payment_term(customer) == "Immediate",
                           message="the NEW payment term in Tryton")
        self.assertEqual(erp.party_sale_price_list(customer), "List prices")
        self.assertEqual(erp.new_invoice_payment_term(customer), "Immediate")

        erp.post_invoice(customer, 12000)
        harness.wait_until(lambda: erp.party_payment_term(customer) == "30 days",
                           message="the TRUSTED payment term in Tryton")
        self.assertEqual(erp.party_sale_price_list(customer), "Trusted prices")
        self.assertEqual(erp.new_invoice_payment_term(customer), "30 days")
        self.assertEqual(harness.tier_of(self.db, customer, "terms"), "TRUSTED")
        note = erp.party_notes(customer)[-1]
        self.assertIn("Sets: payment_term = 30 days", note)
        self.assertIn("Sets: sale_price_list = Trusted prices", note)

    def test_a_name_the_database_lacks_is_refused_at_load(self):
        result = harness.tierd_check(self.db, POLICY.replace('"30 days"', '"45 days"'))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(":9:15: error:", result.stderr)  # where the payment term is named
        self.assertIn("`payment_term` of tier `TRUSTED`: no `45 days` in database", result.stderr)
        self.assertIn("choose one of: 30 days, Immediate", result.stderr)
        result = harness.tierd_check(self.db, POLICY.replace('"List prices"', '"Retail"'))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("choose one of: List prices, Trusted prices", result.stderr)

    def test_a_field_whose_module_is_not_activated_is_refused_at_load(self):
        db = harness.clone_template("it_terms_nomodule")
        try:
            harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(db))
            harness.query(db, "UPDATE ir_module SET state = 'not activated' "
                              "WHERE name = 'sale_price_list'")
            result = harness.tierd_check(db, POLICY)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("lacks the tryton modules tierd reads: sale_price_list", result.stderr)
        finally:
            harness.drop_database(db)


if __name__ == "__main__":
    unittest.main(verbosity=2)
