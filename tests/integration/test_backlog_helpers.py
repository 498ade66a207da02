"""A backlog is worked by the daemon and its helpers at once (--workers): every customer is
evaluated once, by whichever connection claimed it; a helper that lost its connection gives
way to the daemon's own and comes back on a new one; --workers 1 works alone."""

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
            harness.wait_classified(self.db, ids)
            self.assertEqual(daemon.stop(), 0, daemon.output())
        # One first classification each: none skipped, none written twice.
        self.assertEqual(harness.audit_rows_and_customers(self.db, ids), (BACKLOG, BACKLOG))
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

    def test_a_helper_whose_connection_was_cut_gives_way_then_comes_back(self):
        daemon = harness.Daemon(self.db, POLICY, "--batch-size", "5", "--workers", "2")
        with daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            first = harness.insert_parties(self.db, "BeforeCut", 1, BACKLOG)
            harness.wait_classified(self.db, first)
            # The helper keeps its connection between backlogs: cut it while it rests.
            cut = harness.query(self.db, "SELECT pg_terminate_backend(pid) FROM "
                                         "pg_stat_activity WHERE datname = current_database() "
                                         "AND application_name = 'tierd backlog helper'")
            self.assertEqual(cut, [(True,)], daemon.output())
            second = harness.insert_parties(self.db, "AfterCut", 1, BACKLOG)
            harness.wait_classified(self.db, second)
            # A new connection set up as the daemon's are (libpqxx would otherwise reconnect
            # the old one by itself, without the session's settings).
            self.assertEqual(
                harness.query(self.db, "SELECT count(*) FROM pg_stat_activity "
                                       "WHERE datname = current_database() "
                                       "AND application_name = 'tierd backlog helper'"),
                [(1,)], daemon.output())
            self.assertEqual(daemon.stop(), 0, daemon.output())
        log = daemon.output()
        self.assertIn("backlog helper stopped, the daemon carries on without it", log)
        # The next full batch started it again, on a new connection.
        after_cut = log[log.index("backlog helper stopped"):]
        self.assertGreater(self.customers_by_helpers(after_cut), 0, log)
        self.assertEqual(harness.audit_rows_and_customers(self.db, first + second),
                         (2 * BACKLOG, 2 * BACKLOG))

    def test_one_worker_drains_alone(self):
        log = self.drain_backlog("Alone", workers=1)
        self.assertEqual(self.customers_by_helpers(log), 0, log)


if __name__ == "__main__":
    unittest.main()
