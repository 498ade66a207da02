"""Yielding to a busy ERP (--erp-busy-sessions, --busy-share, --max-lag-s): while the ERP
keeps more sessions at work than the threshold, the daemon works alone, its share of the time
and a batch per poll interval at most, and says so; it goes back to full speed when the ERP quiets down,
or when an event has waited longer than the maximum lag. Every customer is still classified
once. The count of the ERP's sessions is all the daemon's role learns of them, and only that
role may ask."""

import datetime
import re
import threading
import unittest
import uuid

import psycopg2

import harness

POLICY = harness.policy_path("value_tiers.yaml")
BUSY = "the ERP is busy"
QUIET = "the ERP quieted down"
CAUGHT_UP = "caught up: tierd yields to the busy ERP again"
TOO_LONG = "an event has waited longer than --max-lag-s 1"
HELPER_BATCH = "backlog helper batch"


def batch_times(log):
    """The times (s) at which the daemon's own batches of queued customers committed."""
    return [datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()
            for stamp in re.findall(r'^ts=(\S+) level=debug msg="batch: \d+ customers', log,
                                    re.M)]


class BusyErp:
    """Sessions of an ERP role, each running a statement until stopped: the ERP at work."""

    def __init__(self, database, role, sessions):
        self.connections = [psycopg2.connect(host=harness.PG_HOST, port=harness.PG_PORT,
                                             user=role, dbname=database)
                            for _ in range(sessions)]
        self.threads = [threading.Thread(target=self.work, args=(connection,))
                        for connection in self.connections]
        for thread in self.threads:
            thread.start()

    @staticmethod
    def work(connection):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(600)")
        except psycopg2.Error:
            pass  # cancelled by stop()

    def stop(self):
        for connection in self.connections:
            if not connection.closed:
                connection.cancel()
        for thread in self.threads:
            thread.join()
        for connection in self.connections:
            connection.close()


class YieldToBusyErp(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "it_yield"
    CONNECT_TRYTON = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.erp_role = "erp_" + uuid.uuid4().hex[:8]
        harness.query(cls.db, f'CREATE ROLE "{cls.erp_role}" LOGIN')

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        harness.query("postgres", f'DROP ROLE IF EXISTS "{cls.erp_role}"')

    def sessions_at_work(self):
        return harness.query(self.db, "SELECT tierd.erp_sessions_at_work()", user="tierd")[0][0]

    def busy_erp(self, sessions=3):
        erp = BusyErp(self.db, self.erp_role, sessions)
        self.addCleanup(erp.stop)
        harness.wait_until(lambda: self.sessions_at_work() == sessions,
                           message="the ERP's sessions to be at work")
        return erp

    def assert_classified_once(self, ids):
        self.assertEqual(harness.audit_rows_and_customers(self.db, ids), (len(ids), len(ids)))

    def helper_sessions(self):
        return harness.query(self.db, "SELECT count(*) FROM pg_stat_activity "
                                      "WHERE datname = current_database() "
                                      "AND application_name = 'tierd backlog helper'")[0][0]

    def test_the_count_is_of_other_roles_sessions_and_only_for_the_daemon_role(self):
        self.assertEqual(self.sessions_at_work(), 0)
        erp = self.busy_erp(sessions=2)
        # The daemon role's own sessions are not the ERP's.
        own = BusyErp(self.db, "tierd", 1)
        self.addCleanup(own.stop)
        harness.wait_until(lambda: harness.query(
            self.db, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'tierd' "
                     "AND query LIKE '%pg_sleep%' AND state = 'active'")[0][0] == 1,
            message="the daemon role's session to sleep")
        self.assertEqual(self.sessions_at_work(), 2)
        erp.stop()
        harness.wait_until(lambda: self.sessions_at_work() == 0,
                           message="the ERP's sessions to end")
        # Another role may not ask, even with the use of tierd's schema.
        harness.query(self.db, f'GRANT USAGE ON SCHEMA tierd TO "{self.erp_role}"')
        try:
            with self.assertRaises(psycopg2.errors.InsufficientPrivilege):
                harness.query(self.db, "SELECT tierd.erp_sessions_at_work()", user=self.erp_role)
        finally:
            harness.query(self.db, f'REVOKE USAGE ON SCHEMA tierd FROM "{self.erp_role}"')

    def test_a_busy_erp_keeps_the_helpers_away_until_it_quiets_down(self):
        erp = self.busy_erp()
        # While yielding, one batch per poll interval.
        daemon = harness.Daemon(self.db, POLICY, "--batch-size", "5", "--workers", "2",
                                "--erp-busy-sessions", "2", "--poll-interval-ms", "200",
                                "--busy-share", "0.1")
        with daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            self.assertIn(BUSY, daemon.output())
            self.assertIn("(3.0 ERP sessions at work on average, --erp-busy-sessions 2)",
                          daemon.output())
            self.assertIn("working 10% of the time", daemon.output())
            # Full batches, which would call the helpers in: the daemon works alone, a batch
            # per poll interval.
            during = harness.insert_parties(self.db, "Busy", 1, 50)
            harness.wait_classified(self.db, during)
            self.assertNotIn(HELPER_BATCH, daemon.output())
            self.assertEqual(self.helper_sessions(), 0)
            batches = batch_times(daemon.output())
            self.assertGreaterEqual(len(batches), 10, daemon.output())
            gaps = [later - earlier for earlier, later in zip(batches, batches[1:])]
            self.assertGreaterEqual(min(gaps), 0.19, gaps)
            erp.stop()
            harness.wait_until(lambda: QUIET in daemon.output(), timeout=30,
                               message="the daemon to see the ERP quiet")
            after = harness.insert_parties(self.db, "Quiet", 1, 200)
            harness.wait_classified(self.db, after)
            self.assertEqual(daemon.stop(), 0, daemon.output())
        log = daemon.output()
        # At full speed again, the helpers took part.
        self.assertIn(HELPER_BATCH, log[log.index(QUIET):], log)
        self.assert_classified_once(during + after)
        self.assertEqual(harness.query(self.db, "SELECT count(*) FROM tierd.queue"), [(0,)])

    def test_an_event_waiting_longer_than_the_max_lag_is_caught_up_at_full_speed(self):
        # Events that have waited 10 s already, queued while no daemon ran.
        waiting = harness.insert_parties(self.db, "Waiting", 1, 200)
        harness.query(self.db, "UPDATE tierd.queue "
                               "SET enqueued_at = enqueued_at - interval '10 seconds'")
        self.busy_erp()
        daemon = harness.Daemon(self.db, POLICY, "--batch-size", "5", "--workers", "2",
                                "--erp-busy-sessions", "2", "--max-lag-s", "1")
        with daemon:
            harness.wait_classified(self.db, waiting)
            harness.wait_until(lambda: CAUGHT_UP in daemon.output(), timeout=30,
                               message="the daemon to yield again once caught up")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        log = daemon.output()
        self.assertIn(f"{TOO_LONG}: tierd catches up at full speed although the ERP is busy",
                      log)
        caught_up_by = log[log.index(TOO_LONG):log.index(CAUGHT_UP)]
        self.assertIn(HELPER_BATCH, caught_up_by, log)
        self.assert_classified_once(waiting)


if __name__ == "__main__":
    unittest.main(verbosity=2)
