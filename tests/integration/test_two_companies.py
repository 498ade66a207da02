"""A Tryton database with two companies: the same customer has books in both, across a
fiscal year boundary (invoiced last year, paid this year). tierd's metrics for each
company equal what Tryton's own API reads in that company, a policy must say whose books
classify, and the fields it sets are written for that company only."""

import datetime
import os
import tempfile
import unittest
from decimal import Decimal

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

FIRST, SECOND = "Dunder Mifflin", "Second Co"  # the template's company, and one added here

POLICY = """version: 1
company: Second Co
classifications:
  - name: credit_grade
    target: category
    tiers:
      - name: HOLD
        when: overdue_amount > 1,000
        set: {credit_limit: 0}
      - name: NORMAL
        default: true
        set: {credit_limit: 20000}
"""


def tierctl_metrics(db, customer, company):
    output = harness.tierctl("metrics", str(customer), "--company", company,
                             "--db", harness.uri(db)).stdout
    # The metrics' lines; the attributes after them (who the customer is) are texts.
    return {name: None if value == "(no value yet)" else float(value)
            for name, value in (line.split(None, 1) for line in output.splitlines()[1:])
            if name not in harness.attribute_names()}


def tryton_metrics(customer, company):
    """The same figures, computed here from what Tryton's API reads in `company`."""
    erp.use_company(company)
    today = datetime.date.today()
    invoices = [i for i in erp.customer_invoice_records(customer) if i.company.party.name == company]
    in_year = [i for i in invoices if i.invoice_date > today - datetime.timedelta(days=365)]
    paid = [i for i in in_year if i.state == "paid"]

    def paid_on(invoice):
        return max(line.reconciliation.date for line in invoice.lines_to_pay)

    def due_on(invoice):
        return max(line.maturity_date for line in invoice.lines_to_pay)
    known = [i for i in in_year if i.state == "paid" or due_on(i) < today]
    overdue = sum((i.amount_to_pay for i in invoices
                   if i.state == "posted" and due_on(i) < today), Decimal(0))
    return {
        "revenue(365d)": float(sum(i.untaxed_amount for i in in_year)),
        "invoice_count(365d)": float(len(in_year)),
        "outstanding": float(erp.party_receivable(customer)),
        "overdue_amount": float(overdue),
        "avg_days_to_pay(365d)": sum((paid_on(i) - i.invoice_date).days for i in paid) / len(paid),
        "avg_days_late(365d)": sum(max(0, (paid_on(i) - due_on(i)).days) for i in paid) / len(paid),
        "on_time_ratio(365d)": sum(1 for i in known if i.state == "paid" and
                                   paid_on(i) <= due_on(i)) / len(known),
    }


class TwoCompanies(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_companies"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = erp.create_customer("Globex")
        # First company: invoiced in last year's books and paid in this year's, 20 days
        # late; and a recent invoice not yet due.
        late = erp.post_invoice(cls.customer, 1000, invoice_date=erp.days_ago(350), due_days=30)
        erp.pay_invoice(late, date=erp.days_ago(300))
        erp.post_invoice(cls.customer, 2000, invoice_date=erp.days_ago(10), due_days=30)
        # Second company: one invoice overdue by 30 days, one paid on time.
        erp.add_company(SECOND)
        erp.post_invoice(cls.customer, 5000, invoice_date=erp.days_ago(60), due_days=30)
        on_time = erp.post_invoice(cls.customer, 700, invoice_date=erp.days_ago(20), due_days=30)
        erp.pay_invoice(on_time, date=erp.days_ago(15))
        erp.use_company(FIRST)

    def test_each_company_has_its_own_figures_as_tryton_reads_them(self):
        for company, expected in (
                (FIRST, {"revenue(365d)": 3000, "outstanding": 2000, "overdue_amount": 0,
                         "avg_days_to_pay(365d)": 50, "avg_days_late(365d)": 20,
                         "on_time_ratio(365d)": 0}),
                (SECOND, {"revenue(365d)": 5700, "outstanding": 5000, "overdue_amount": 5000,
                          "avg_days_to_pay(365d)": 5, "avg_days_late(365d)": 0,
                          "on_time_ratio(365d)": 0.5})):
            tierd = tierctl_metrics(self.db, self.customer, company)
            tryton = tryton_metrics(self.customer, company)
            for name, value in tryton.items():
                self.assertEqual(tierd[name], value, f"{name} in {company}")
            for name, value in expected.items():
                self.assertEqual(tierd[name], value, f"{name} in {company}")
        self.assertEqual(tierctl_metrics(self.db, self.customer, SECOND)["max_days_overdue"], 30)
        erp.use_company(FIRST)

    def test_without_a_company_the_figures_are_refused(self):
        result = harness.tierctl("metrics", str(self.customer), "--db", harness.uri(self.db),
                                 check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("several companies: say whose books with --company", result.stderr)
        self.assertIn(f"its companies: {FIRST}, {SECOND}", result.stderr)
        unnamed = harness.tierd_check(self.db, POLICY.replace("company: Second Co\n", ""))
        self.assertEqual(unnamed.returncode, 2, unnamed.stderr)
        self.assertIn("has 2 companies: the policy must name the one", unnamed.stderr)
        unknown = harness.tierd_check(self.db, POLICY.replace("Second Co", "Third Co"))
        self.assertEqual(unknown.returncode, 2, unknown.stderr)
        self.assertIn(":2:10: error: no company `Third Co`", unknown.stderr)

    def test_fields_are_written_for_the_policys_company_only(self):
        directory = tempfile.mkdtemp(prefix="tierd-policy-")
        policy = os.path.join(directory, "policy.yaml")
        with open(policy, "w") as out:
            out.write(POLICY)
        daemon = harness.Daemon(self.db, policy)
        with daemon:
            harness.wait_until(
                lambda: harness.tier_of(self.db, self.customer, "credit_grade") == "HOLD",
                message="the customer on hold on the second company's books")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        erp.use_company(SECOND)
        self.assertEqual(erp.party_credit_limit(self.customer), Decimal(0))
        erp.use_company(FIRST)
        self.assertIsNone(erp.party_credit_limit(self.customer))
        os.unlink(policy)
        os.rmdir(directory)


if __name__ == "__main__":
    unittest.main(verbosity=2)
