"""The realistic-history fixture (tests/tryton/history.py) makes what the review tests rely
on: hundreds of customers, thousands of invoices and payments over months, some paid late,
some unpaid past due, some credited; and tierd's metrics of its customers equal what
Tryton's own API reads (the party's Receivable), for bulk-loaded and Tryton-made ones."""

import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402
import history  # noqa: E402


class HistoryFixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = harness.clone_template("it_history")
        erp.connect(cls.db)
        cls.tryton_made = history.load_history(cls.db, customers=300, invoices=3000)
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db))

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)

    def test_shape_of_the_books(self):
        customers, invoices, first, last, months = harness.query(
            self.db, "SELECT count(DISTINCT party), count(*), min(invoice_date), "
                     "max(invoice_date), count(DISTINCT date_trunc('month', invoice_date)) "
                     "FROM account_invoice WHERE type = 'out' AND state IN ('posted', 'paid')")[0]
        self.assertGreaterEqual(customers, 250)
        self.assertGreaterEqual(invoices, 3000)
        self.assertGreaterEqual((last - first).days, 150)
        self.assertGreaterEqual(months, 6)
        paid, late = harness.query(
            self.db, "SELECT count(*), count(*) FILTER (WHERE r.date > l.maturity_date) "
                     "FROM account_move_line l JOIN account_move_reconciliation r "
                     "ON r.id = l.reconciliation WHERE l.debit > 0 AND l.maturity_date "
                     "IS NOT NULL")[0]
        self.assertGreater(paid, 2000)
        self.assertGreater(late, 200)
        credited = harness.query(self.db, "SELECT count(*) FROM account_invoice "
                                          "WHERE type = 'out' AND state = 'cancelled'")[0][0]
        self.assertGreaterEqual(credited, 1)

    def test_outstanding_is_what_tryton_reads(self):
        everyone = {}
        lines = harness.tierctl("metrics", "--all", "--db",
                                harness.uri(self.db)).stdout.splitlines()
        header = lines[0].split(",")
        for line in lines[1:]:
            cells = line.split(",")
            everyone[int(cells[0])] = dict(zip(header[1:], cells[1:]))
        self.assertGreaterEqual(len(everyone), 300)
        bulk = sorted(set(everyone) - set(self.tryton_made))
        sample = self.tryton_made + bulk[:: max(1, len(bulk) // 12)]
        for customer in sample:
            with self.subTest(customer=customer):
                self.assertAlmostEqual(float(everyone[customer]["outstanding"]),
                                       float(erp.party_receivable(customer)), places=2)
        late = self.tryton_made[0]
        self.assertGreater(float(everyone[late]["avg_days_late(365d)"]), 0)


if __name__ == "__main__":
    unittest.main()
