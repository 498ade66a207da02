"""Failover: a primary and a streaming standby started by the test (pg_basebackup -R, ports
of its own), tierd on a multi-host URI with target_session_attrs=read-write. Customers
arrive before, during and after the standby is promoted and the old primary stopped (SQL
shaped like Tryton's writes, through the same URI); tierd reconnects to the new primary
and every customer is classified once: no event lost that the new primary holds, no
audit row twice, and the audit chain verifies."""

import os
import subprocess
import unittest
import uuid

import psycopg2

import harness
import own_cluster

POLICY = harness.policy_path("value_tiers.yaml")
PG_BIN = own_cluster.PG_BIN


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
        harness.tierctl("install", "--plugin", "tryton", "--db", self.primary.uri(self.db))

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

    def insert(self, first, last):
        self.run_sql("INSERT INTO party_party (name, code, active, create_uid, create_date) "
                     "SELECT 'Failover ' || n, 'FO' || n, true, 0, now() "
                     "FROM generate_series(%s, %s) AS n", (first, last))

    def classified(self):
        return self.run_sql("SELECT count(*) FROM tierd.customer_state")[0][0]

    def test_the_daemon_follows_the_promoted_standby(self):
        daemon = harness.Daemon(self.db, POLICY, db_uri=self.uri)
        with daemon:
            daemon.wait_connected()
            self.insert(1, 40)
            harness.wait_until(lambda: self.classified() == 40, timeout=60,
                               message="the first customers, on the primary")
            self.insert(41, 60)  # may or may not be processed before the switch
            # The standby has replayed them before it is promoted.
            lsn = self.primary.query("postgres", "SELECT pg_current_wal_lsn()::text")[0][0]
            harness.wait_until(lambda: self.standby.query(
                "postgres", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,))[0][0],
                message="the standby to catch up")
            self.standby.pg_ctl("promote", "--wait")
            self.primary.stop()
            self.insert(61, 100)
            harness.wait_until(lambda: self.classified() == 100, timeout=90,
                               message=f"every customer, on the new primary ({daemon.log_path})")
            self.assertEqual(self.run_sql("SELECT inet_server_port()")[0][0], self.standby.port)
            output = daemon.output()
            self.assertIn("database connection lost", output)
            self.assertGreaterEqual(output.count("connected to"), 2)
            self.assertEqual(daemon.stop(), 0, output)
        self.assertEqual(self.run_sql("SELECT count(*) FROM tierd.queue"), [(0,)])
        self.assertEqual(self.run_sql(
            "SELECT count(*), count(DISTINCT customer_id) FROM tierd.audit_log"), [(100, 100)])
        # Every customer where a fresh evaluation puts it: no revenue, so C for all.
        self.assertEqual(self.run_sql(
            "SELECT tier, count(*) FROM tierd.customer_state GROUP BY tier"), [("C", 100)])
        harness.tierctl("audit", "verify", "--db", self.uri)


if __name__ == "__main__":
    unittest.main(verbosity=2)
