"""The metrics tierd computes from a real Odoo 17 database equal Odoo's own figures: the
recorded database of ../shared/odoo17 is restored, the Odoo plugin installed, and for every
customer `tierctl metrics --as-of` the recording date (and `--all`, the full pass's query)
is compared with the ground truth Odoo's API gave for that day: receivable (credit), overdue
residuals, untaxed revenue with credit notes netted, invoice counts, and payment behaviour
from the installments' due dates and the matchings' dates. Archived partners and contacts
of a company are not customers; the attributes are the commercial partner's address,
language, Industry and tags (tierd's own left out); the Tryton plugin refuses the Odoo
database."""

import csv
import datetime
import io
import os
import tempfile
import unittest

import harness
import odoo_fixture

SKIP_REASON = odoo_fixture.missing_reason()
# The attributes `tierctl metrics` lists after the metrics, as texts.
ATTRIBUTES = harness.attribute_names()
WINDOW = "365d"


def day(text):
    return datetime.date.fromisoformat(text)


def whole_months(since, until):
    """Whole months from since to until, as PostgreSQL's age() counts them."""
    months = (until.year - since.year) * 12 + until.month - since.month
    return months - 1 if until.day < since.day else months


def expected_metrics(partner, as_of):
    """tierd's eleven metrics of one customer, worked out from what Odoo's API recorded:
    its invoices and credit notes (state, payment_state, untaxed amount), each invoice's
    receivable lines (one per installment: due date, reconciled) and their matchings
    (max_date), and its open receivable lines (residual, due date)."""
    since = as_of - datetime.timedelta(days=365)
    moves = [m for m in partner["invoices_and_credit_notes"]
             if m["state"] == "posted" and day(m["invoice_date"]) <= as_of]
    revenue = sum((m["amount_untaxed"] if m["move_type"] == "out_invoice"
                   else -m["amount_untaxed"])
                  for m in moves if day(m["invoice_date"]) > since)
    # Invoices proper: not credit notes, not cancelled by a credit note (reversed).
    billed = [m for m in moves if m["move_type"] == "out_invoice"
              and m["payment_state"] != "reversed"]
    in_window = [m for m in billed if day(m["invoice_date"]) > since]
    days_to_pay, days_late, on_time, settled_or_due = [], [], 0, 0
    late_dues = []
    for move in billed:
        installments = []
        for line in move["receivable_or_payable_lines"]:
            dates = [day(p["max_date"]) for p in move["partials"]
                     if p["debit_move_line_id"] == line["id"]]
            paid = max(dates) if line["reconciled"] and dates else None
            installments.append((day(line["date_maturity"]), paid))
        for due, paid in installments:
            if (paid and paid > due) or (paid is None and due < as_of):
                late_dues.append(due)
        if move not in in_window:
            continue
        if installments and all(paid for _, paid in installments):
            days_to_pay.append((max(paid for _, paid in installments)
                                - day(move["invoice_date"])).days)
        for due, paid in installments:
            if paid:
                days_late.append(max(0, (paid - due).days))
            if paid or due < as_of:
                settled_or_due += 1
                on_time += 1 if paid and paid <= due else 0
    open_lines = [(line["amount_residual"], day(line["date_maturity"]))
                  for line in partner["open_receivable_lines"]]
    past_due = [(amount, due) for amount, due in open_lines if amount > 0 and due < as_of]
    overdue = max(0.0, sum(a for a, _ in past_due) + sum(a for a, _ in open_lines if a < 0))
    # Created on the recording day (the dump's create_date is the recording's wall clock).
    created = as_of
    last_invoice = max((day(m["invoice_date"]) for m in billed), default=created)
    first_invoice = min((day(m["invoice_date"]) for m in moves), default=None)
    last_late = max(late_dues, default=first_invoice)
    return {
        f"revenue({WINDOW})": revenue,
        f"invoice_count({WINDOW})": len(in_window),
        "outstanding": partner["credit"],
        "overdue_amount": overdue,
        "max_days_overdue": (as_of - min(d for _, d in past_due)).days if overdue > 0 else 0,
        f"avg_days_to_pay({WINDOW})":
            sum(days_to_pay) / len(days_to_pay) if days_to_pay else None,
        f"avg_days_late({WINDOW})": sum(days_late) / len(days_late) if days_late else None,
        f"on_time_ratio({WINDOW})": on_time / settled_or_due if settled_or_due else None,
        "consecutive_on_time_months": whole_months(last_late, as_of) if last_late else 0,
        "days_since_last_invoice": (as_of - last_invoice).days,
        "customer_age_days": (as_of - created).days,
    }


def tierd_metrics(db, customer, as_of):
    output = harness.tierctl("metrics", str(customer), "--as-of", as_of,
                             "--db", harness.uri(db)).stdout
    lines = output.splitlines()
    assert lines[0].startswith("# ") and lines[0].endswith(f"as of {as_of}"), lines[0]
    values = {}
    for line in lines[1:]:
        name, value = line.split(None, 1)
        if name not in ATTRIBUTES:
            values[name] = None if value == "(no value yet)" else float(value)
    return values


def tierd_metrics_of_everyone(db, as_of):
    output = harness.tierctl("metrics", "--all", "--as-of", as_of,
                             "--db", harness.uri(db)).stdout
    rows = csv.reader(io.StringIO(output))
    header = next(rows)
    everyone = {}
    for cells in rows:
        everyone[int(cells[0])] = {name: None if cell == "" else float(cell)
                                   for name, cell in zip(header[3:], cells[3:])
                                   if name not in ATTRIBUTES}
    return everyone


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class OdooMetrics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.truth = odoo_fixture.truth()
        cls.as_of = cls.truth["recording_date"]
        cls.db = odoo_fixture.restore("it_odoo_metrics")
        harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(cls.db))
        partners = cls.truth["after_dump"]["partners"]
        cls.customers = {p["id"]: p for p in partners
                         if p["active"] and p["commercial_partner_id"] == p["id"]}
        cls.not_customers = {p["id"]: p for p in partners if p["id"] not in cls.customers}

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)

    def assert_metrics_equal(self, customer, measured, expected):
        self.assertEqual(set(measured), set(expected), customer)
        for name, value in expected.items():
            with self.subTest(customer=customer, metric=name):
                if value is None:
                    self.assertIsNone(measured[name])
                else:
                    self.assertIsNotNone(measured[name])
                    self.assertAlmostEqual(measured[name], value, places=6)

    def test_every_customer_equals_odoos_figures(self):
        as_of = day(self.as_of)
        # The scenario's stories, so that the comparison below cannot pass on empty books.
        self.assertEqual(self.customers[8]["credit"], 2346.0)       # overdue 90 days
        self.assertEqual(self.customers[21]["overdue_amount"], 2346.0)  # installments
        self.assertEqual(self.customers[18]["overdue_amount"], -500.0)  # unapplied payment
        for customer, partner in sorted(self.customers.items()):
            expected = expected_metrics(partner, as_of)
            # Odoo's own overdue figure nets every unmatched credit too (none is future-dated
            # here): tierd's is it, never below 0.
            self.assertAlmostEqual(expected["overdue_amount"],
                                   max(0.0, partner["overdue_amount"]), places=6)
            self.assert_metrics_equal(customer, tierd_metrics(self.db, customer, self.as_of),
                                      expected)

    def test_the_full_pass_agrees_and_classifies_only_customers(self):
        as_of = day(self.as_of)
        everyone = tierd_metrics_of_everyone(self.db, self.as_of)
        self.assertEqual(set(everyone), set(self.customers))
        for customer, partner in self.customers.items():
            self.assert_metrics_equal(customer, everyone[customer],
                                      expected_metrics(partner, as_of))

    def test_archived_partners_and_contacts_are_not_customers(self):
        # 15 is archived, 17 a contact of 16, which carries its invoices.
        self.assertFalse(self.not_customers[15]["active"])
        self.assertEqual(self.not_customers[17]["commercial_partner_id"], 16)
        for partner, message in ((15, "is not a customer tierd can classify"),
                                 (17, "no customer '17'")):
            result = harness.tierctl("metrics", str(partner), "--as-of", self.as_of,
                                     "--db", harness.uri(self.db), check=False)
            self.assertNotEqual(result.returncode, 0)
            self.assertIn(message, result.stderr)
        # The contact's invoices count for its company: 1710 untaxed, the contact's 810 in it.
        self.assertAlmostEqual(
            tierd_metrics(self.db, 16, self.as_of)[f"revenue({WINDOW})"], 1710.0)

    def test_as_of_moves_what_is_overdue(self):
        # INV/2026/00029 of customer 25 is due on the recording day: overdue the day after.
        self.assertEqual(tierd_metrics(self.db, 25, self.as_of)["overdue_amount"], 0.0)
        self.assertEqual(tierd_metrics(self.db, 25, "2026-12-03")["overdue_amount"], 258.75)
        result = harness.tierctl("metrics", "25", "--as-of", "2026-02-30",
                                 "--db", harness.uri(self.db), check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("'2026-02-30' is not a day for --as-of", result.stderr)

    def attributes_of(self, customer, *extra):
        output = harness.tierctl("metrics", str(customer), "--as-of", self.as_of,
                                 "--db", harness.uri(self.db), *extra).stdout
        return {name: value for name, value in (line.split(None, 1)
                                                for line in output.splitlines()[1:])
                if name in ATTRIBUTES}

    def test_attributes_as_odoo_records_them(self):
        # 22's Industry set as Odoo's form does, and a tag of tierd's own (a classification's).
        harness.query(self.db, "UPDATE res_partner SET industry_id = (SELECT id FROM "
                               "res_partner_industry WHERE name ->> 'en_US' = "
                               "'Wholesale/Retail') WHERE id = 22")
        harness.query(self.db, "INSERT INTO res_partner_res_partner_category_rel "
                               "(partner_id, category_id) SELECT 22, tierd.odoo_partner_tag("
                               "'A', tierd.odoo_partner_tag('value_tier', NULL))")
        expected = {"country": "US", "subdivision": "(no value)", "city": "Cypress Creek",
                    "language": "en_US", "industry": "Wholesale/Retail",
                    "categories": "Industry / Wholesale; value_tier / A"}
        self.assertEqual(self.attributes_of(22), expected)
        # With the policy in force, its classifications' tags are tierd's, not who 22 is.
        with tempfile.TemporaryDirectory() as directory:
            policy = os.path.join(directory, "policy.yaml")
            with open(policy, "w") as out:
                out.write("version: 1\nclassifications:\n  - name: value_tier\n"
                          "    target: category\n    tiers:\n"
                          "      - name: A\n        when: industry = \"Wholesale/Retail\"\n"
                          "      - name: C\n        default: true\n")
            self.assertEqual(self.attributes_of(22, "--policy", policy),
                             {**expected, "categories": "Industry / Wholesale"})
            # A rule over the industry is checked against the plugin and the database.
            checked = harness.tierd_check(self.db, policy=policy)
            self.assertEqual(checked.returncode, 0, checked.stderr)
        # No Industry, no value: 9 has none.
        self.assertEqual(self.attributes_of(9)["industry"], "(no value)")

    def test_each_plugin_refuses_the_others_database(self):
        result = harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db),
                                 check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f"database '{self.db}' is not a Tryton 6.0 database", result.stderr)
        # Nor is an empty database Odoo's.
        empty = odoo_fixture.empty_database("it_odoo_empty")
        try:
            result = harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(empty),
                                     check=False)
            self.assertNotEqual(result.returncode, 0)
            self.assertIn(f"database '{empty}' is not an Odoo 17 database", result.stderr)
        finally:
            harness.drop_database(empty)


if __name__ == "__main__":
    unittest.main()
