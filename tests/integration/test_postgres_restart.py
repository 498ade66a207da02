"""PostgreSQL itself goes away under the daemon (stopped, then started again a few seconds
later, as in a server restart or a failover): the daemon keeps retrying with backoff,
reconnects, listens again and carries on, and the events committed before and after are
all processed once. This test restarts the suite's shared cluster, so CTest runs it alone
(RUN_SERIAL in tests/CMakeLists.txt)."""

import os
import subprocess
import unittest

import harness

POLICY = harness.policy_path("value_tiers.yaml")
PG_BIN = "/usr/lib/postgresql/15/bin"
CLUSTER_DIR = os.environ.get("TIERD_TEST_CLUSTER_DIR")


def pg_ctl(*args):
    command = [f"{PG_BIN}/pg_ctl", "--pgdata", os.path.join(CLUSTER_DIR, "data"), *args]
    if os.geteuid() == 0:  # the cluster runs as postgres (tests/harness/pg_cluster.sh)
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True)


@unittest.skipUnless(CLUSTER_DIR, "TIERD_TEST_CLUSTER_DIR names the cluster to restart")
class PostgresRestart(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_restart")
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db))

    def tearDown(self):
        harness.drop_database(self.db)

    def classified(self):
        return harness.query(self.db, "SELECT count(*) FROM tierd.customer_state")[0][0]

    def test_the_daemon_rides_out_a_postgres_restart(self):
        harness.insert_parties(self.db, "restart", 1, 50)
        daemon = harness.Daemon(self.db, POLICY)
        with daemon:
            harness.wait_until(lambda: self.classified() == 50, message="the first customers")
            # Committed just before the stop: the daemon may or may not see them first.
            harness.insert_parties(self.db, "restart", 51, 50)
            pg_ctl("stop", "--mode", "fast", "--wait")
            # Down until the daemon has retried and failed twice (backoff), then back.
            retries = daemon.output().count("reconnecting in")
            harness.wait_until(lambda: daemon.output().count("reconnecting in") >= retries + 2,
                               timeout=30, message="the daemon to retry while the server is down")
            pg_ctl("start", "--wait", "--log", os.path.join(CLUSTER_DIR, "server.log"))
            harness.insert_parties(self.db, "restart", 101, 50)
            harness.wait_until(lambda: self.classified() == 150, timeout=60,
                               message="every customer, before and after the restart")
            output = daemon.output()
            self.assertIn("database connection lost", output)
            self.assertGreaterEqual(output.count("reconnecting in"), 2, "it retried with backoff")
            self.assertEqual(daemon.stop(), 0, output)
        self.assertEqual(harness.query(self.db, "SELECT count(*) FROM tierd.queue"), [(0,)])
        self.assertEqual(harness.query(
            self.db, "SELECT count(*), count(DISTINCT customer_id) FROM tierd.audit_log"),
            [(150, 150)])
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db))


if __name__ == "__main__":
    unittest.main(verbosity=2)
