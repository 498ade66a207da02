"""Faults under the daemon: killed with SIGKILL again and again while customers keep
arriving, then restarted, nothing is lost and nothing is applied twice; its database
connections cut, it reconnects, listens again and carries on."""

import random
import signal
import threading
import unittest

import harness

POLICY = harness.policy_path("value_tiers.yaml")


def insert_parties(db, first, count):
    harness.insert_parties(db, "fault", first, count)


def classified(db):
    """How many customers tierd has evaluated and recorded so far."""
    return harness.query(db, "SELECT count(*) FROM tierd.customer_state")[0][0]


class Faults(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_faults")
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db))

    def tearDown(self):
        harness.drop_database(self.db)

    def assert_every_party_classified_exactly_once(self, expected):
        rows = harness.query(self.db, """
            SELECT count(*) FILTER (WHERE s.tier = 'C'),
                   count(*) FILTER (WHERE (SELECT count(*) FROM tierd.audit_log a
                                           WHERE a.customer_id = p.id) = 1),
                   count(*) FILTER (WHERE (SELECT count(*) FROM party_category_rel r
                                           WHERE r.party = p.id) = 1)
            FROM party_party p LEFT JOIN tierd.customer_state s ON s.customer_id = p.id
            WHERE p.name LIKE 'fault %'""")
        self.assertEqual(rows, [(expected, expected, expected)])
        self.assertEqual(harness.query(self.db, "SELECT count(*) FROM tierd.queue"), [(0,)])
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db))

    def test_sigkill_at_random_points_loses_and_doubles_nothing(self):
        random.seed(4242)
        arriving = threading.Event()

        self.arrived = 0

        def keep_arriving():  # 25 customers every 20 ms, until told to stop
            while not arriving.wait(0.02):
                insert_parties(self.db, self.arrived + 1, 25)
                self.arrived += 25

        insert_parties(self.db, 100000, 1500)
        writer = threading.Thread(target=keep_arriving)
        writer.start()
        try:
            for kill in range(12):
                daemon = harness.Daemon(self.db, POLICY, "--batch-size", "50")
                with daemon:
                    # Killed at a random point of its work, counted in the lines its work
                    # logs. The first one only once it has committed some work, so that
                    # the killed daemons are known to have got somewhere.
                    daemon.wait_connected()
                    if kill == 0:
                        harness.wait_until(lambda: classified(self.db) > 0, timeout=60,
                                           message="the first daemon to commit a batch")
                    daemon.wait_for_more_work(random.randint(1, 80))
                    daemon.stop(signal.SIGKILL)
            # Customers arrive while no daemon runs, too: the last one's events wait for the
            # daemon below, however far the killed ones got.
            arrived_by_last_kill = self.arrived
            harness.wait_until(lambda: self.arrived > arrived_by_last_kill,
                               message="customers to arrive after the last kill")
        finally:
            arriving.set()
            writer.join()
        daemon = harness.Daemon(self.db, POLICY)
        with daemon:
            total = 1500 + self.arrived
            harness.wait_until(lambda: classified(self.db) >= total and
                harness.query(self.db, "SELECT count(*) FROM tierd.queue") == [(0,)],
                timeout=120, message="the backlog to drain")
            self.assertEqual(daemon.stop(), 0)
        self.assert_every_party_classified_exactly_once(total)

    def test_cut_connections_are_reestablished(self):
        daemon = harness.Daemon(self.db, POLICY)
        with daemon:
            harness.wait_until(lambda: "connected to" in daemon.output(), message="start")
            insert_parties(self.db, 1, 10)
            harness.wait_until(lambda: harness.query(
                self.db, "SELECT count(*) FROM tierd.customer_state") == [(10,)],
                message="the first customers")
            for cut in range(1, 3):
                harness.query(self.db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                       "WHERE datname = current_database() "
                                       "AND pid <> pg_backend_pid()")
                harness.wait_until(lambda: daemon.output().count("connected to") > cut,
                                   timeout=30, message=f"reconnection after cut {cut}")
            insert_parties(self.db, 11, 10)
            harness.wait_until(lambda: harness.query(
                self.db, "SELECT count(*) FROM tierd.customer_state") == [(20,)],
                timeout=30, message="the customers queued after the cut")
            self.assertIn("database connection lost", daemon.output())
            self.assertEqual(daemon.stop(), 0)
        self.assert_every_party_classified_exactly_once(20)


if __name__ == "__main__":
    unittest.main(verbosity=2)
