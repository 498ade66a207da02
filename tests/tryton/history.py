"""A realistic history for integration tests: hundreds of customers with thousands of
invoices and payments over several months, made in seconds. The bulk comes from the
benchmark's loader (bench/sql/load_data.sql, the rows Tryton writes, at a small scale), and a
few customers' documents go through Tryton's own business logic (proteus): paid late, paid
on time, partly paid, credited, so both kinds of rows are in every database it makes."""

import os
import subprocess

import erp

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOAD_DATA = os.path.join(SOURCE_DIR, "bench", "sql", "load_data.sql")


def _through_tryton(prefix):
    """Customers whose documents Tryton itself posts, pays and credits; returns their ids.
    Posted before the bulk load, which numbers its invoices after Tryton's, and oldest first,
    as Tryton numbers invoices in date order."""
    late = erp.create_customer(f"{prefix} Late Payer")
    prompt = erp.create_customer(f"{prefix} Prompt Payer")
    credited = erp.create_customer(f"{prefix} Credited")
    # (days ago, customer, amount, paid days ago or None, paid amount or None for in full)
    documents = [(120, late, 1200, 40, None), (110, prompt, 5000, 100, None),
                 (90, credited, 2500, 70, None), (80, prompt, 5000, 70, None),
                 (60, late, 800, 10, 200), (50, prompt, 5000, 40, None),
                 (45, late, 300, None, None), (30, credited, 900, None, None),
                 (20, prompt, 5000, 10, None)]
    posted = []
    for days, customer, amount, paid, paid_amount in documents:
        invoice = erp.post_invoice(customer, amount, invoice_date=erp.days_ago(days),
                                   due_days=30)
        posted.append(invoice)
        if paid is not None:
            erp.pay_invoice(invoice, amount=paid_amount, date=erp.days_ago(paid))
    erp.credit_invoice(posted[7])  # the credited customer's second invoice, refunded
    return [late, prompt, credited]


def load_history(database, customers=300, invoices=3000, days=180, seed=1, prefix="History",
                 tryton=True, env=None):
    """Fills `database` (a fresh clone of the Tryton template, tierd not installed yet, proteus
    connected to it when `tryton`) with `customers` bulk-loaded customers and `invoices`
    invoices over the last `days` days, some 85% paid (late payers among them), plus, with
    `tryton`, three customers whose documents went through Tryton. Returns the ids of those
    three. Install tierd afterwards: the bulk load fires no triggers (see load_data.sql)."""
    through_tryton = _through_tryton(prefix) if tryton else []
    environment = dict(os.environ, **(env or {}))
    subprocess.run(["psql", "-X", "-q", "-d", database, "-v", "ON_ERROR_STOP=1",
                    "-v", f"customers={customers}", "-v", f"invoices={invoices}",
                    "-v", f"days={days}", "-v", f"seed={seed}", "-v", "paid_share=0.85",
                    "-v", "vacuum=0", "-f", LOAD_DATA],
                   env=environment, check=True, capture_output=True)
    return through_tryton
