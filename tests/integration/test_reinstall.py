"""tierd removed with its schema (`tierctl uninstall --purge`) and installed again: the first
classification starts afresh, and customers already in Tryton's tier categories keep one each
(the category writer adds a category only to a customer that lacks it)."""

import unittest

import harness

POLICY = harness.policy_path("value_tiers.yaml")
CATEGORIES_PER_CUSTOMER = """
    SELECT count(*), count(*) FILTER (WHERE held = 1)
    FROM (SELECT p.id, (SELECT count(*) FROM party_category_rel r
                        JOIN party_category c ON c.id = r.category
                        JOIN party_category parent ON parent.id = c.parent
                        WHERE r.party = p.id AND parent.name = 'value_tier') AS held
          FROM party_party p WHERE p.name LIKE 'Reinstalled %') AS customer"""


class Reinstall(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_reinstall"
    CONNECT_TRYTON = False

    def classify_at_start(self):
        with harness.Daemon(self.db, POLICY) as daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            self.assertEqual(daemon.stop(), 0, daemon.output())

    def test_a_purged_and_reinstalled_tierd_writes_no_second_category(self):
        harness.insert_parties(self.db, "Reinstalled", 1, 12)
        self.classify_at_start()
        self.assertEqual(harness.query(self.db, CATEGORIES_PER_CUSTOMER), [(12, 12)])

        harness.tierctl("uninstall", "--purge", "--db", harness.uri(self.db))
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db))
        self.classify_at_start()

        # Classified again from nothing (one audit row each in the new log), in the same
        # category they already held, which they hold once.
        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM tierd.audit_log a JOIN party_party p "
                     "ON p.id = a.customer_id WHERE p.name LIKE 'Reinstalled %'"), [(12,)])
        self.assertEqual(harness.query(self.db, CATEGORIES_PER_CUSTOMER), [(12, 12)])


if __name__ == "__main__":
    unittest.main()
