"""The metrics tierd computes from Tryton's books equal what an accountant reads from
Tryton's own API for the same invoices: paid late, paid on time, partly paid and overdue,
not yet due, and credited. The full pass's all-customer query agrees with the per-customer
one on every customer."""

import csv
import datetime
import io
import unittest
from decimal import Decimal

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402


# The attributes `tierctl metrics` lists after the metrics, as texts.
ATTRIBUTES = harness.attribute_names()


def tierd_metrics(db, customer):
    output = harness.tierctl("metrics", str(customer), "--db", harness.uri(db)).stdout
    values = {}
    lines = output.splitlines()
    assert lines[0].startswith("# "), lines[0]  # the customer, named as the ERP names it
    for line in lines[1:]:
        name, value = line.split(None, 1)
        if name in ATTRIBUTES:  # who the customer is, as text (test_attributes.py)
            continue
        values[name] = None if value == "(no value yet)" else float(value)
    return values


def tierd_metrics_of_everyone(db):
    output = harness.tierctl("metrics", "--all", "--db", harness.uri(db)).stdout
    rows = csv.reader(io.StringIO(output))
    header = next(rows)
    assert header[:3] == ["customer_id", "customer_code", "customer_name"], header
    everyone = {}
    for cells in rows:
        everyone[int(cells[0])] = {name: None if cell == "" else float(cell)
                                   for name, cell in zip(header[3:], cells[3:])
                                   if name not in ATTRIBUTES}
    return everyone


def post_mixed_history(name):
    """A customer with invoices paid late, paid on time, partly paid, unpaid and credited."""
    customer = erp.create_customer(name)
    # Tryton numbers invoices in date order: post the oldest first.
    late = erp.post_invoice(customer, 1000, invoice_date=erp.days_ago(100), due_days=30)
    partial = erp.post_invoice(customer, 500, invoice_date=erp.days_ago(70), due_days=30)
    on_time = erp.post_invoice(customer, 2000, invoice_date=erp.days_ago(40), due_days=30)
    erp.post_invoice(customer, 4000, invoice_date=erp.days_ago(20), due_days=30)
    credited = erp.post_invoice(customer, 300, invoice_date=erp.days_ago(10))
    erp.pay_invoice(late, date=erp.days_ago(50))        # 20 days late, 50 days to pay
    erp.pay_invoice(on_time, date=erp.days_ago(35))     # 5 days to pay
    erp.pay_invoice(partial, amount=100, date=erp.days_ago(5))
    erp.credit_invoice(credited)
    return customer, late, partial, on_time, credited


class TrytonMetrics(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_metrics"

    def test_payment_behaviour_from_tryton_books(self):
        customer, late, partial, on_time, credited = post_mixed_history("Mixed Payer")

        # What Tryton's own API says about these invoices.
        invoices = {i.id: i for i in erp.customer_invoice_records(customer)}
        self.assertEqual(invoices[late].state, "paid")
        self.assertEqual(invoices[partial].amount_to_pay, Decimal(400))
        tryton_outstanding = sum(i.amount_to_pay for i in invoices.values()
                                 if i.state == "posted")
        tryton_revenue = sum(i.untaxed_amount for i in invoices.values())

        metrics = tierd_metrics(self.db, customer)
        self.assertEqual(metrics["revenue(365d)"], float(tryton_revenue))
        self.assertEqual(metrics["revenue(365d)"], 7500.0)  # 7,800 less the 300 credited
        self.assertEqual(metrics["invoice_count(365d)"], 4.0)  # the credited one is cancelled
        self.assertEqual(metrics["outstanding"], float(tryton_outstanding))
        self.assertEqual(metrics["outstanding"], 4400.0)
        self.assertEqual(metrics["overdue_amount"], 400.0)   # the partly paid one
        self.assertEqual(metrics["max_days_overdue"], 40.0)
        self.assertEqual(metrics["avg_days_to_pay(365d)"], (50 + 5) / 2)
        self.assertEqual(metrics["avg_days_late(365d)"], 20 / 2)
        # Fate known for: late (paid late), on time (paid in time), partial (unpaid, past
        # due); the credited invoice was cancelled by Tryton and is not a payment.
        self.assertEqual(invoices[credited].state, "cancelled")
        self.assertEqual(metrics["on_time_ratio(365d)"], 1 / 3)
        self.assertEqual(metrics["consecutive_on_time_months"], 1.0)  # late 40 days ago
        self.assertEqual(metrics["days_since_last_invoice"], 20.0)  # the later one was credited
        self.assertEqual(metrics["customer_age_days"], 0.0)

    def test_a_customer_never_invoiced(self):
        customer = erp.create_customer("Silent Prospect")
        metrics = tierd_metrics(self.db, customer)
        self.assertEqual(metrics["revenue(365d)"], 0.0)
        self.assertEqual(metrics["outstanding"], 0.0)
        self.assertIsNone(metrics["on_time_ratio(365d)"])
        self.assertIsNone(metrics["avg_days_to_pay(365d)"])
        self.assertEqual(metrics["consecutive_on_time_months"], 0.0)


class CancelledInvoices(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_cancelled"

    def test_a_cancelled_invoice_counts_for_nothing(self):
        customer = erp.create_customer("Changed Mind Ltd")
        erp.post_invoice(customer, 900, due_days=30)
        cancelled = erp.post_invoice(customer, 5000, due_days=30)
        erp.cancel_invoice(cancelled)

        invoices = {i.id: i for i in erp.customer_invoice_records(customer)}
        self.assertEqual(invoices[cancelled].state, "cancelled")
        kept = [i for i in invoices.values() if i.state != "cancelled"]
        metrics = tierd_metrics(self.db, customer)
        self.assertEqual(metrics["revenue(365d)"], float(sum(i.untaxed_amount for i in kept)))
        self.assertEqual(metrics["revenue(365d)"], 900.0)
        self.assertEqual(metrics["invoice_count(365d)"], float(len(kept)))
        self.assertEqual(metrics["outstanding"], float(erp.party_receivable(customer)))
        self.assertEqual(metrics["outstanding"], 900.0)
        self.assertEqual(tierd_metrics_of_everyone(self.db)[customer], metrics)


class FullPassMetrics(harness.TrytonDatabaseCase):
    """In a database of its own: Tryton numbers invoices in date order, and these go back
    further than the other tests'."""

    DATABASE_PREFIX = "it_full_metrics"

    def test_the_full_pass_agrees_with_the_per_customer_query(self):
        steady = erp.create_customer("Steady Payer")
        paid = erp.post_invoice(steady, 800, invoice_date=erp.days_ago(400), due_days=30)
        erp.pay_invoice(paid, date=erp.days_ago(390))
        mixed = post_mixed_history("Mixed Payer Too")[0]
        silent = erp.create_customer("Silent Too")
        erp.post_invoice(steady, 900, invoice_date=erp.days_ago(0), due_days=30)

        everyone = tierd_metrics_of_everyone(self.db)
        self.assertTrue({mixed, silent, steady} <= set(everyone))
        self.assertEqual(everyone[mixed]["revenue(365d)"], 7500.0)
        self.assertEqual(everyone[steady]["revenue(365d)"], 900.0)  # the other is older
        for customer, streamed in everyone.items():
            self.assertEqual(streamed, tierd_metrics(self.db, customer), f"customer {customer}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
