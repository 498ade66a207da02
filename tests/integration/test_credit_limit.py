"""A tier's `set: {credit_limit: ...}` reaches Tryton: Tryton's own API reads the new credit
limit, and Tryton's own credit-limit check refuses an amount over the limit tierd set."""

import unittest
from decimal import Decimal

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

POLICY = """version: 1
classifications:
  - name: credit_grade
    target: category
    tiers:
      - name: HOLD
        when: overdue_amount > 5,000
        immediate: true
        set: {credit_limit: 0}
      - name: NORMAL
        default: true
        set: {credit_limit: 20000}
"""


class CreditLimit(harness.DaemonTestCase):
    POLICY = POLICY
    DATABASE_PREFIX = "it_credit"

    def test_the_limit_tierd_sets_is_the_limit_tryton_enforces(self):
        customer = erp.create_customer("Limited Ltd")
        harness.wait_until(lambda: erp.party_credit_limit(customer) == Decimal(20000),
                           message="the NORMAL credit limit in Tryton")
        self.assertIsNone(erp.credit_limit_refusal(customer, 15000))
        self.assertIsNotNone(erp.credit_limit_refusal(customer, 25000))

        # Overdue since sixty days: on hold at once, and Tryton now refuses any credit.
        erp.post_invoice(customer, 8000, invoice_date=erp.days_ago(60), due_days=30)
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade") == "HOLD",
                           message="the customer to be put on hold")
        self.assertEqual(erp.party_credit_limit(customer), Decimal(0))
        refusal = erp.credit_limit_refusal(customer, 100)
        self.assertIsNotNone(refusal)
        self.assertIn("Limited Ltd", refusal)
        self.assertIn("Sets: credit_limit = 0", erp.party_notes(customer)[-1])


if __name__ == "__main__":
    unittest.main(verbosity=2)
