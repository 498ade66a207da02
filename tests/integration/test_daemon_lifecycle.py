"""tierd and tierctl at their edges: bad policies and bad databases are refused with the
place and the fix, install is idempotent, uninstall keeps the audit log, and SIGTERM in the
middle of a backlog leaves every customer either fully processed or still queued."""

import glob
import os
import subprocess
import unittest

import harness

FIXTURES = os.path.join(harness.SOURCE_DIR, "tests", "fixtures", "policies")
POLICY = harness.policy_path("value_tiers.yaml")


def run_tierd(*args):
    return subprocess.run([os.path.join(harness.BIN_DIR, "tierd"), *args], capture_output=True,
                          text=True, timeout=60)


class DaemonLifecycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = harness.clone_template("it_lifecycle")
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db))

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)

    def test_malformed_policies_stop_tierd_with_file_line_and_reason(self):
        expected = {
            "bad_yaml.yaml": ":8:6: error: not valid YAML",
            "unknown_key.yaml": ":8:9: error: unknown key `upgrade_afterr`",
            "tier_without_rule.yaml": ":8:9: error: tier `B` of classification `value_tier` "
                                      "has no `when` rule",
            "unknown_metric.yaml": ":7:15: error: unknown metric `revenu`",
            "unknown_target.yaml": ":3:5: error: target `salary`",
        }
        for name, message in expected.items():
            path = os.path.join(FIXTURES, name)
            result = run_tierd("--policy", path, "--db", harness.uri(self.db))
            self.assertEqual(result.returncode, 2, f"{name}: {result.stderr}")
            self.assertTrue(result.stderr.startswith(path + message), f"{name}: {result.stderr}")
            self.assertIn("HINT:", result.stderr, name)

    def test_every_bad_policy_fixture_is_refused_by_check(self):
        for path in sorted(glob.glob(os.path.join(FIXTURES, "*.yaml"))):
            result = run_tierd("--check", "--policy", path, "--db", harness.uri(self.db))
            self.assertEqual(result.returncode, 2, f"{path}: {result.stdout}{result.stderr}")
            self.assertIn(path + ":", result.stderr)

    def test_check_accepts_the_shipped_examples(self):
        # regional_credit_grades.yaml reads a category of the ERP users' own, which a
        # database must have for the policy to load there (it is refused without it below).
        regional = harness.policy_path("regional_credit_grades.yaml")
        result = run_tierd("--check", "--policy", regional, "--db", harness.uri(self.db))
        self.assertEqual(result.returncode, 2, result.stdout)
        self.assertIn('has no category "segment / key account"', result.stderr)
        harness.query(self.db, "WITH segment AS (INSERT INTO party_category (name, active) "
                               "VALUES ('segment', true) RETURNING id) "
                               "INSERT INTO party_category (name, parent, active) "
                               "SELECT 'key account', id, true FROM segment")
        for path in sorted(glob.glob(harness.policy_path("*.yaml"))):
            result = run_tierd("--check", "--policy", path, "--db", harness.uri(self.db))
            self.assertEqual(result.returncode, 0, f"{path}: {result.stderr}")
            self.assertIn("is valid for the tryton plugin", result.stdout)

    def test_unreachable_database_is_a_clear_error(self):
        result = run_tierd("--policy", POLICY, "--db",
                           "postgresql://tierd:secret@127.0.0.1:1/erp")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("error: cannot connect to postgresql://tierd:***@127.0.0.1:1/erp",
                      result.stderr)
        self.assertNotIn("secret", result.stderr)
        self.assertIn("HINT:", result.stderr)

    def test_malformed_connection_string_is_a_clear_error(self):
        result = run_tierd("--policy", POLICY, "--db", "host=127.0.0.1 bogus_option=1")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("bogus_option", result.stderr)

    def test_bad_arguments_are_usage_errors(self):
        result = run_tierd("--policy", POLICY, "--batch-size", "zero")
        self.assertEqual(result.returncode, 2)
        self.assertIn("batch-size", result.stderr)
        result = run_tierd("--policy", POLICY, "--pass-chunk", "0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--pass-chunk must be between 1 and 1000000", result.stderr)
        result = run_tierd("--policy", POLICY, "--workers", "0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--workers must be between 1 and 32", result.stderr)
        for busy in ("-1", "nan"):
            result = run_tierd("--policy", POLICY, "--erp-busy-sessions", busy)
            self.assertEqual(result.returncode, 2, busy)
            self.assertIn("--erp-busy-sessions must be between 0 and 10000", result.stderr)
        for share in ("0", "1.5", "nan"):
            result = run_tierd("--policy", POLICY, "--busy-share", share)
            self.assertEqual(result.returncode, 2, share)
            self.assertIn("--busy-share must be between 0.001 and 1", result.stderr)
        result = run_tierd("--policy", POLICY, "--max-lag-s", "0")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--max-lag-s must be between 1 and 86400", result.stderr)
        result = run_tierd("--db", harness.uri(self.db))
        self.assertEqual(result.returncode, 2)
        self.assertIn("no policy given", result.stderr)
        result = harness.tierctl("frobnicate", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown command 'frobnicate'", result.stderr)

    def test_install_refuses_a_database_that_is_not_tryton(self):
        result = harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri("postgres"),
                                 check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("database 'postgres' is not a Tryton 6.0 database", result.stderr)
        self.assertEqual(harness.query("postgres", "SELECT to_regnamespace('tierd')"), [(None,)])

    def test_install_is_idempotent_and_uninstall_keeps_the_audit_log(self):
        db = harness.clone_template("it_install")
        try:
            for _ in range(2):
                harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(db))
            triggers = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tierd_%'"
            # Books and parties (9), and what the attributes read (9): plugin version 5.
            self.assertEqual(harness.query(db, triggers), [(18,)])
            harness.query(db, "INSERT INTO tierd.audit_log (customer_id, classification, "
                              "to_tier, rule, metrics, policy_version, policy_hash, trigger, "
                              "actor, seq, recorded_at, prev_hash, row_hash) VALUES "
                              "(1, 'v', 'C', 'default', '{}', '1', 'h', 'manual', 'test', "
                              "0, now(), '', '')")
            result = harness.tierctl("uninstall", "--db", harness.uri(db))
            self.assertIn("audit log are kept", result.stdout)
            self.assertEqual(harness.query(db, triggers), [(0,)])
            self.assertEqual(harness.query(db, "SELECT count(*) FROM tierd.audit_log"), [(1,)])
            result = harness.tierctl("uninstall", "--db", harness.uri(db), "--purge")
            self.assertEqual(harness.query(db, "SELECT to_regnamespace('tierd')"), [(None,)])
        finally:
            harness.drop_database(db)

    def test_audit_log_refuses_update_and_delete(self):
        harness.query(self.db, "INSERT INTO tierd.audit_log (customer_id, classification, "
                               "to_tier, rule, metrics, policy_version, policy_hash, trigger, "
                               "actor, seq, recorded_at, prev_hash, row_hash) VALUES "
                               "(1, 'v', 'C', 'default', '{}', '1', 'h', 'manual', 'test', "
                               "0, now(), '', '')")
        for statement in ("UPDATE tierd.audit_log SET to_tier = 'A'",
                          "DELETE FROM tierd.audit_log", "TRUNCATE tierd.audit_log"):
            with self.assertRaises(Exception) as caught:
                harness.query(self.db, statement)
            self.assertIn("append-only", str(caught.exception))

    def test_a_queued_event_for_a_deleted_customer_is_dropped(self):
        harness.query(self.db, "INSERT INTO tierd.queue (customer_id) VALUES (987654)")
        daemon = harness.Daemon(self.db, POLICY)
        with daemon:
            harness.wait_until(lambda: harness.query(
                self.db, "SELECT count(*) FROM tierd.queue WHERE customer_id = 987654")
                == [(0,)], message="the event to be consumed")
            harness.wait_until(
                lambda: "customer 987654 is not a customer to classify (deleted, merged, "
                        "inactive or one of the companies); its queued events are dropped"
                        in daemon.output(), message="the log line")
            self.assertEqual(daemon.stop(), 0)
        self.assertEqual(harness.audit_rows(self.db, 987654), [])
        self.assertIsNone(harness.tier_of(self.db, 987654))

    def test_sigterm_is_prompt_while_the_full_pass_reads(self):
        # The pass's query waits on a lock another session holds, as a long read of a big
        # book would take its time: the daemon still answers SIGTERM at once, cancelling it.
        import psycopg2
        blocker = psycopg2.connect(host=harness.PG_HOST, port=harness.PG_PORT,
                                   user=harness.PG_USER, dbname=self.db)
        try:
            with blocker.cursor() as cursor:
                cursor.execute("LOCK TABLE account_move_reconciliation IN ACCESS EXCLUSIVE MODE")
            daemon = harness.Daemon(self.db, POLICY)
            with daemon:
                # The pass's reader is stuck behind the lock: that is when SIGTERM must work.
                harness.wait_until(lambda: harness.query(
                    self.db, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                             "current_database() AND application_name = 'tierd' "
                             "AND wait_event_type = 'Lock'") == [(1,)],
                    message="the pass's query to wait on the lock")
                self.assertEqual(daemon.stop(timeout=10), 0, daemon.output())
            self.assertIn("tierd stopped", daemon.output())
        finally:
            blocker.rollback()
            blocker.close()

    def test_sigterm_mid_backlog_leaves_no_customer_half_processed(self):
        db = harness.clone_template("it_sigterm")
        try:
            harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(db))
            harness.insert_parties(db, "bulk", 1, 3000)
            daemon = harness.Daemon(db, POLICY, "--batch-size", "20")
            with daemon:
                harness.wait_until(
                    lambda: harness.query(db, "SELECT count(*) FROM tierd.customer_state")[0][0]
                    >= 100, timeout=60, message="the daemon to be under way")
                code = daemon.stop()
            self.assertEqual(code, 0, daemon.output())
            self.assertIn("stopping after the batch in flight", daemon.output())
            # Every customer is either done (state, one audit row, category, not queued) or
            # untouched (no state, no audit row, still queued): never in between.
            rows = harness.query(db, """
                SELECT p.id,
                       EXISTS (SELECT 1 FROM tierd.customer_state s WHERE s.customer_id = p.id),
                       (SELECT count(*) FROM tierd.audit_log a WHERE a.customer_id = p.id),
                       EXISTS (SELECT 1 FROM party_category_rel r WHERE r.party = p.id),
                       EXISTS (SELECT 1 FROM tierd.queue q WHERE q.customer_id = p.id)
                FROM party_party p WHERE p.name LIKE 'bulk %'""")
            done = [r for r in rows if r[1:] == (True, 1, True, False)]
            untouched = [r for r in rows if r[1:] == (False, 0, False, True)]
            self.assertEqual(len(done) + len(untouched), 3000,
                             [r for r in rows if r not in done and r not in untouched][:5])
            self.assertGreater(len(untouched), 0, "the daemon finished before SIGTERM")
        finally:
            harness.drop_database(db)


if __name__ == "__main__":
    unittest.main(verbosity=2)
