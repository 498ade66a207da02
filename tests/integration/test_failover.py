"""Failover: a primary and a streaming standby started by the test (pg_basebackup -R, ports
of its own), tierd on a multi-host URI with target_session_attrs=read-write. Invoices keep
arriving (posted with SQL shaped as Tryton writes them, bench/pgbench/erp_post_invoice.sql,
through the same URI) before the standby is promoted, while it is and the old primary is
stopped, and after; tierd reconnects to the new primary, and every customer ends where a
from-scratch evaluation of the new primary's books puts it: no event lost that the new
primary holds, no audit row twice, and the audit chain verifies."""

import os
import subprocess
import unittest
import uuid

import psycopg2

import harness
import own_cluster

PG_BIN = own_cluster.PG_BIN
PGBENCH = f"{PG_BIN}/pgbench"
POST_INVOICE = os.path.join(harness.SOURCE_DIR, "bench", "pgbench", "erp_post_invoice.sql")
LOAD_DATA = os.path.join(harness.SOURCE_DIR, "bench", "sql", "load_data.sql")
# Thresholds that split the loaded customers, and that the invoices posted during the test
# (10.00 to 5,000.00 each) move them across (as tests/integration/test_crash_consistency.py).
POLICY_TEXT = """
version: failover-test
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(365d) >= 10,000 and overdue_amount < 5,000
      - name: B
        when: revenue(365d) >= 1,000
      - name: C
        default: true
"""


class Failover(unittest.TestCase):
    def setUp(self):
        self.primary = own_cluster.OwnCluster(own_cluster.extra_port(10), "primary")
        os.environ["PG_CLUSTER_EXTRA_CONF"] = "wal_level = replica\nmax_wal_senders = 5\n"
        try:
            self.primary.start_new()
        finally:
            del os.environ["PG_CLUSTER_EXTRA_CONF"]
        self.addCleanup(self.primary.remove)
        with open(os.path.join(self.primary.data, "pg_hba.conf"), "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.primary.pg_ctl("reload")
        self.db = f"it_failover_{uuid.uuid4().hex[:6]}"
        self.primary.copy_template(self.db)
        subprocess.run([f"{PG_BIN}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
                        "-d", self.db, "-v", "customers=80", "-v", "invoices=800",
                        "-v", "vacuum=0", "-f", LOAD_DATA], check=True, capture_output=True)
        harness.tierctl("install", "--plugin", "tryton", "--db", self.primary.uri(self.db))
        self.policy = os.path.join(self.primary.directory, "policy.yaml")
        with open(self.policy, "w") as policy:
            policy.write(POLICY_TEXT)

        self.standby = own_cluster.OwnCluster(own_cluster.extra_port(11), "standby")
        self.standby.remove()
        os.makedirs(self.standby.directory)
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres:", self.standby.directory], check=True)
        os.chmod(self.standby.directory, 0o700)
        subprocess.run(own_cluster.as_postgres(
            [f"{PG_BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary.port),
             "-U", "postgres", "-D", self.standby.data, "-R", "-X", "stream"]),
            check=True, capture_output=True)
        conf = os.path.join(self.standby.data, "postgresql.conf")
        with open(conf) as source:
            text = source.read()
        text = text.replace(f"port = {self.primary.port}", f"port = {self.standby.port}")
        text = text.replace(f"unix_socket_directories = '{self.primary.directory}'",
                            f"unix_socket_directories = '{self.standby.directory}'")
        with open(conf, "w") as target:
            target.write(text)
        self.standby.start()
        self.addCleanup(self.standby.remove)
        self.uri = (f"postgresql://postgres@127.0.0.1:{self.primary.port},"
                    f"127.0.0.1:{self.standby.port}/{self.db}"
                    f"?target_session_attrs=read-write&connect_timeout=5")

    def run_sql(self, sql, params=None):
        connection = psycopg2.connect(self.uri)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def post_invoices(self, *limit):
        """pgbench posting invoices for random loaded customers through the multi-host URI,
        one client; `limit` is pgbench's -t N or -T S."""
        low, high = self.run_sql("SELECT min(party), max(party) FROM party_address "
                                 "WHERE party NOT IN (SELECT party FROM company_company)")[0]
        return subprocess.Popen(
            [PGBENCH, "-n", "-c", "1", *limit, "-D", f"min_party={low}",
             "-D", f"max_party={high}", "-f", POST_INVOICE, self.uri],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def invoices(self):
        return self.run_sql("SELECT count(*) FROM account_invoice")[0][0]

    def queue_empty(self):
        return self.run_sql("SELECT count(*) FROM tierd.queue")[0][0] == 0

    def from_scratch(self):
        """The tiers a daemon gives the new primary's books in a copy whose tierd history
        was wiped."""
        copy = f"{self.db}_scratch"
        self.standby.query_autocommit("postgres", f'CREATE DATABASE "{copy}" TEMPLATE "{self.db}"')
        uri = self.standby.uri(copy)
        harness.tierctl("uninstall", "--purge", "--db", uri)
        harness.tierctl("install", "--plugin", "tryton", "--db", uri)
        daemon = harness.Daemon(copy, self.policy, db_uri=uri)
        with daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=120, message="the from-scratch evaluation")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        return dict(self.standby.query(copy, "SELECT customer_id, tier FROM tierd.customer_state"))

    def test_the_daemon_follows_the_promoted_standby(self):
        loaded = self.invoices()
        daemon = harness.Daemon(self.db, self.policy, db_uri=self.uri)
        with daemon:
            daemon.wait_connected()
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=120, message="the start-up pass on the primary")
            before = self.post_invoices("-T", "300")
            try:
                harness.wait_until(lambda: self.invoices() >= loaded + 20, timeout=60,
                                   message="invoices posted on the primary")
                # The standby has replayed what the primary holds now before it is promoted;
                # invoices keep arriving until the old primary stops under them.
                lsn = self.primary.query("postgres", "SELECT pg_current_wal_lsn()::text")[0][0]
                harness.wait_until(lambda: self.standby.query(
                    "postgres", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,))[0][0],
                    message="the standby to catch up")
                self.standby.pg_ctl("promote", "--wait")
                self.primary.stop()
            finally:
                before.kill()
                before.communicate()
            after = self.post_invoices("-t", "40")
            output, _ = after.communicate(timeout=300)
            self.assertEqual(after.returncode, 0, output)
            self.assertEqual(self.run_sql("SELECT inet_server_port()")[0][0], self.standby.port)
            harness.wait_until(self.queue_empty, timeout=120,
                               message=f"the queue drained on the new primary ({daemon.log_path})")
            self.assertGreaterEqual(self.invoices(), loaded + 20 + 40)
            output = daemon.output()
            self.assertIn("database connection lost", output)
            self.assertGreaterEqual(output.count("connected to"), 2)
            self.assertEqual(daemon.stop(), 0, output)
        self.assertTrue(self.queue_empty())
        tiers = dict(self.run_sql("SELECT customer_id, tier FROM tierd.customer_state"))
        self.assertGreater(len(set(tiers.values())), 1, f"the data should span tiers: {tiers}")
        # No audit row twice: each change starts where the customer's last one left it.
        self.assertEqual(self.run_sql("""
            SELECT customer_id, seq, from_tier, to_tier, previous FROM (
                SELECT customer_id, seq, from_tier, to_tier,
                       lag(to_tier) OVER (PARTITION BY customer_id, classification
                                          ORDER BY seq) AS previous
                FROM tierd.audit_log) AS story
            WHERE from_tier IS DISTINCT FROM previous OR from_tier = to_tier"""), [])
        harness.tierctl("audit", "verify", "--db", self.uri)
        self.assertEqual(tiers, self.from_scratch())


if __name__ == "__main__":
    unittest.main(verbosity=2)
