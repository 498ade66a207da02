"""A backlog is worked by the daemon and its helpers at once (--workers): every customer is
evaluated once, by whichever connection claimed it, and --workers 1 works alone."""

import re
import unittest

import harness

POLICY = harness.policy_path("value_tiers.yaml")
BACKLOG = 1000


class BacklogHelpers(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_helpers"
    CONNECT_TRYTON = False

    def drain_backlog(self, prefix, workers):
        """Queues BACKLOG new customers at once under a running daemon with `workers`
        connections, waits for them all to be classified; returns the daemon's log."""
        daemon = harness.Daemon(self.db, POLICY, "--batch-size", "5", "--workers", str(workers))
        with daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            ids = harness.insert_parties(self.db, prefix, 1, BACKLOG)
            harness.wait_until(
                lambda: harness.query(
                    self.db, "SELECT count(*) FROM tierd.customer_state "
                             "WHERE customer_id = ANY(%s)", (ids,))[0][0] == BACKLOG,
                timeout=120, message="the backlog to be classified")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        # One first classification each: none skipped, none written twice.
        self.assertEqual(
            harness.query(self.db, "SELECT count(*), count(DISTINCT customer_id) "
                                   "FROM tierd.audit_log WHERE customer_id = ANY(%s)", (ids,)),
            [(BACKLOG, BACKLOG)])
        self.assertEqual(harness.query(self.db, "SELECT count(*) FROM tierd.queue"), [(0,)])
        return daemon.output()

    @staticmethod
    def customers_by_helpers(log):
        return sum(int(claimed) for claimed in
                   re.findall(r"backlog helper batch: (\d+) customers", log))

    def test_helpers_share_a_backlog_with_the_daemon(self):
        log = self.drain_backlog("Backlog", workers=3)
        helped = self.customers_by_helpers(log)
        # Each connection took part: the helpers, and the daemon's own.
        self.assertGreater(helped, 0, log)
        self.assertLess(helped, BACKLOG, log)

    def test_one_worker_drains_alone(self):
        log = self.drain_backlog("Alone", workers=1)
        self.assertEqual(self.customers_by_helpers(log), 0, log)


if __name__ == "__main__":
    unittest.main()
