"""The Tryton database the docs' `db=tryton` blocks run against (see check_commands.py).

A clone of the test template with tierd installed and the value tiers example in force,
made as the demo makes its own (tools/demo.sh), one step at a time so that its history is
the same on every run: three customers, Acme, Bolt and Cove, classified C when created;
Cove invoiced 120,000 sixty days ago, due in 30 days and unpaid (B: overdue keeps it out of
A); Acme invoiced 12,000 (B); Bolt invoiced 150,000 and paid (A); then Cove pays (A). Each
step waits for tierd's change before the next. The daemon is stopped before the blocks run.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import harness  # noqa: E402


class DocsDatabase:
    def __init__(self, name, policy):
        self.name = name
        self.policy = policy
        self.customers = {}

    def environment(self):
        return {"TIERD_DB": harness.uri(self.name), "TIERD_POLICY": self.policy}

    def drop(self):
        harness.drop_database(self.name)


def create():
    name = harness.clone_template("docs")
    database = DocsDatabase(name, harness.policy_path("value_tiers.yaml"))
    try:
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(name))
        import erp
        erp.connect(name)
        with harness.Daemon(name, database.policy, user="tierd") as daemon:
            daemon.wait_connected()
            ids = {who: erp.create_customer(who) for who in ("Acme", "Bolt", "Cove")}
            database.customers = ids
            harness.wait_classified(name, list(ids.values()))

            def step(customer, tier):
                harness.wait_until(lambda: harness.tier_of(name, ids[customer]) == tier,
                                   timeout=60, message=f"{customer} to be in {tier}")

            erp.post_invoice(ids["Cove"], "120000", erp.days_ago(60), 30)
            step("Cove", "B")
            erp.post_invoice(ids["Acme"], "12000")
            step("Acme", "B")
            invoice = erp.post_invoice(ids["Bolt"], "150000")
            erp.pay_invoice(invoice)
            step("Bolt", "A")
            erp.pay_invoice(erp.customer_invoices(ids["Cove"])[0])
            step("Cove", "A")
            harness.wait_until(lambda: not harness.query(name, "SELECT 1 FROM tierd.queue"),
                               timeout=60, message="the queue to drain")
            code = daemon.stop()
            if code != 0:
                raise AssertionError(f"tierd exited with {code}:\n{daemon.output()}")
    except BaseException:
        database.drop()
        raise
    return database
