"""Nothing lost, nothing doubled, whatever crashes: invoices keep arriving (posted with SQL
shaped as Tryton writes them, bench/pgbench/erp_post_invoice.sql) while daemons are killed
with SIGKILL at random points, one daemon alone or three at once; then every customer's
tier is compared with a from-scratch evaluation of the same books in a copy of the
database, and the audit log must tell each customer's story without a gap or a repeat."""

import os
import random
import shutil
import tempfile
import signal
import subprocess
import unittest

import harness

# Thresholds that split the loaded customers (revenue(365d): median ~850, top decile
# ~4,000) and that the invoices posted during the test (~2,500 each) move them across.
POLICY_TEXT = """
version: crash-test
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
PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
POST_INVOICE = os.path.join(harness.SOURCE_DIR, "bench", "pgbench", "erp_post_invoice.sql")
LOAD_DATA = os.path.join(harness.SOURCE_DIR, "bench", "sql", "load_data.sql")


def psql_env():
    return dict(os.environ, PGHOST=harness.PG_HOST, PGPORT=str(harness.PG_PORT),
                PGUSER=harness.PG_USER)


class CrashConsistency(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_crash")
        subprocess.run(["psql", "-X", "-q", "-d", self.db, "-v", "customers=300",
                        "-v", "invoices=3000", "-v", "vacuum=0", "-f", LOAD_DATA],
                       env=psql_env(), check=True, capture_output=True)
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db))
        self.copies = []
        self.directory = tempfile.mkdtemp(prefix="tierd-policy-")
        self.policy = os.path.join(self.directory, "policy.yaml")
        with open(self.policy, "w") as policy:
            policy.write(POLICY_TEXT)

    def tearDown(self):
        for database in [self.db, *self.copies]:
            harness.drop_database(database)
        shutil.rmtree(self.directory)

    def post_invoices_meanwhile(self):
        """Posts invoices with 2 ERP clients in the background, for random customers of the
        first half (the second half keeps the tiers the loaded books give them), until
        terminated (at most 5 minutes)."""
        low, high = harness.query(self.db, "SELECT min(party), max(party) FROM party_address "
                                           "WHERE party NOT IN (SELECT party FROM company_company)")[0]
        high = (low + high) // 2
        return subprocess.Popen(
            [PGBENCH, "-n", "-c", "2", "-T", "300", "-D", f"min_party={low}",
             "-D", f"max_party={high}", "-f", POST_INVOICE, self.db],
            env=psql_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def kill_daemons_at_random(self, daemons_at_once, rounds):
        random.seed(20261127 + daemons_at_once)
        daemons = [harness.Daemon(self.db, self.policy, "--batch-size", "40")
                   for _ in range(daemons_at_once)]
        try:
            for _ in range(rounds):
                # A random point of the victim's work, counted in the lines its work logs
                # once every daemon has connected, however slowly a loaded machine started
                # them.
                for daemon in daemons:
                    daemon.wait_connected()
                victim = random.randrange(daemons_at_once)
                daemons[victim].wait_for_more_work(random.randint(1, 80))
                daemons[victim].stop(signal.SIGKILL)
                daemons[victim].__exit__()
                daemons[victim] = harness.Daemon(self.db, self.policy, "--batch-size", "40")
        finally:
            for daemon in daemons:
                daemon.stop(signal.SIGKILL)
                daemon.__exit__()

    def settle(self):
        """One daemon runs until the queue is empty and its start-up pass is done."""
        daemon = harness.Daemon(self.db, self.policy)
        with daemon:
            harness.wait_until(
                lambda: "re-evaluated every customer (start)" in daemon.output() and
                harness.query(self.db, "SELECT count(*) FROM tierd.queue") == [(0,)],
                timeout=120, message="the daemon to catch up")
            self.assertEqual(daemon.stop(), 0, daemon.output())

    def from_scratch(self):
        """The tiers a daemon gives the same books in a copy of the database whose tierd
        history was wiped."""
        copy = f"{self.db}_scratch"
        admin = harness.admin_connection()
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{self.db}"')
        admin.close()
        self.copies.append(copy)
        harness.tierctl("uninstall", "--purge", "--db", harness.uri(copy))
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(copy))
        daemon = harness.Daemon(copy, self.policy)
        with daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=120, message="the from-scratch evaluation")
            self.assertEqual(daemon.stop(), 0, daemon.output())
        return dict(harness.query(copy, "SELECT customer_id, tier FROM tierd.customer_state"))

    def assert_consistent_with_a_fresh_evaluation(self):
        tiers = dict(harness.query(self.db, "SELECT customer_id, tier FROM tierd.customer_state"))
        self.assertEqual(tiers, self.from_scratch())
        self.assertEqual(set(tiers.values()), {"A", "B", "C"}, "the data should span the tiers")
        # Each change starts from where the last one left the customer: none lost, none
        # applied twice; and the last one is where the customer stands.
        broken = harness.query(self.db, """
            SELECT customer_id, seq, from_tier, to_tier, previous FROM (
                SELECT customer_id, seq, from_tier, to_tier,
                       lag(to_tier) OVER (PARTITION BY customer_id, classification
                                          ORDER BY seq) AS previous
                FROM tierd.audit_log) AS story
            WHERE from_tier IS DISTINCT FROM previous OR from_tier = to_tier""")
        self.assertEqual(broken, [])
        last = harness.query(self.db, """
            SELECT count(*) FROM tierd.customer_state s
            WHERE s.tier IS DISTINCT FROM (SELECT a.to_tier FROM tierd.audit_log a
                                           WHERE a.customer_id = s.customer_id
                                             AND a.classification = s.classification
                                           ORDER BY a.seq DESC LIMIT 1)""")
        self.assertEqual(last, [(0,)])
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db))

    def run_with_crashes(self, daemons_at_once):
        writer = self.post_invoices_meanwhile()
        try:
            self.kill_daemons_at_random(daemons_at_once, 10)
            self.assertIsNone(writer.poll(), "invoices stopped arriving before the last kill")
        finally:
            writer.terminate()
            writer.communicate(timeout=60)
        posted = harness.query(self.db, "SELECT count(*) FROM account_invoice "
                                        "WHERE create_date > now() - interval '10 minutes'")
        self.assertGreater(posted[0][0], 100, "invoices kept arriving")
        moves = harness.query(self.db, "SELECT count(*) FROM tierd.audit_log WHERE from_tier "
                                       "IS NOT NULL AND trigger = 'event'")
        self.assertGreater(moves[0][0], 10, "the arriving invoices moved customers")
        self.settle()
        self.assert_consistent_with_a_fresh_evaluation()

    def test_one_daemon_killed_again_and_again(self):
        self.run_with_crashes(daemons_at_once=1)

    def test_three_daemons_killed_at_random(self):
        self.run_with_crashes(daemons_at_once=3)


if __name__ == "__main__":
    unittest.main(verbosity=2)
