"""The full re-evaluation read in many chunks, each chunk read while the daemon evaluates the
one before: every customer is evaluated, none twice, and the pass ends once all are done."""

import re
import unittest

import harness

POLICY = harness.policy_path("value_tiers.yaml")
CLASSIFIABLE = ("SELECT count(*) FROM party_party p WHERE p.active AND p.replaced_by IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM company_company c WHERE c.party = p.id)")


class FullPassInChunks(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_chunks"
    CONNECT_TRYTON = False

    def test_every_customer_is_classified_once_across_many_chunks(self):
        harness.insert_parties(self.db, "Chunked", 1, 53)
        # Only the start-up pass is to classify them: the events their creation queued go.
        harness.query(self.db, "DELETE FROM tierd.queue")
        customers = harness.query(self.db, CLASSIFIABLE)[0][0]
        self.assertGreaterEqual(customers, 53)
        # Chunks of 4 in batches of 3: chunks end mid-batch, and there are a dozen of them.
        daemon = harness.Daemon(self.db, POLICY, "--pass-chunk", "4", "--batch-size", "3")
        with daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        summary = re.search(r"re-evaluated every customer \(start\): (\d+) customers",
                            daemon.output())
        self.assertEqual(int(summary.group(1)), customers, daemon.output())
        # One first classification each: none skipped, none written twice.
        self.assertEqual(
            harness.query(self.db, "SELECT count(*), count(DISTINCT customer_id) "
                                   "FROM tierd.audit_log WHERE classification = 'value_tier'"),
            [(customers, customers)])
        self.assertEqual(
            harness.query(self.db, "SELECT count(*) FROM tierd.customer_state "
                                   "WHERE classification = 'value_tier'"), [(customers,)])


if __name__ == "__main__":
    unittest.main()
