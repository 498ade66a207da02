"""The operator's HTTP endpoint: /metrics scraped while invoices are posted through Tryton
(proteus), in Prometheus's text format and naming, with counters that match the audit log
and the queue once the daemon has caught up; /healthz says 200 "ok" while connected and
503 with the reason while the database is down, and 200 again after. The database server
is this test's own cluster (stopped and started under the daemon), so that the test runs
beside the others."""

import os
import re
import shutil
import tempfile
import unittest
import urllib.error
import urllib.request
import uuid

import harness
import own_cluster

POLICY = harness.policy_path("value_tiers.yaml")
TIERS = ["A", "B", "C"]  # value_tiers.yaml, best first
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_exposition(text):
    """{(name, frozenset(labels)): value} and {name: type}; fails on a line that is not
    the text format."""
    samples, types, helps = {}, {}, set()
    for line in text.splitlines():
        if line.startswith("# HELP "):
            helps.add(line.split(" ")[2])
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
        else:
            match = SAMPLE.match(line)
            assert match, f"not a sample line: {line!r}"
            labels = frozenset(LABEL.findall(match.group(2) or ""))
            samples[(match.group(1), labels)] = float(match.group(3))
    return samples, types, helps


def get(url):
    """(status, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class MetricsEndpoint(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = own_cluster.OwnCluster(own_cluster.extra_port(0), "metrics")
        cls.cluster.start_new()
        cls.db = f"it_metrics_{uuid.uuid4().hex[:6]}"
        cls.cluster.copy_template(cls.db)
        harness.tierctl("install", "--plugin", "tryton", "--db", cls.cluster.uri(cls.db))
        # proteus on this cluster: tryton_config reads the port when first imported.
        os.environ["PGPORT"] = str(cls.cluster.port)
        import erp
        cls.erp = erp
        erp.connect(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.remove()

    def scrape(self):
        status, body = get(f"{self.base}/metrics")
        self.assertEqual(status, 200, body)
        samples, types, helps = parse_exposition(body)
        for (name, _labels) in samples:
            family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
            self.assertIn(family, types, f"{name} has a # TYPE line")
            self.assertIn(family, helps, f"{name} has a # HELP line")
            self.assertTrue(family.startswith("tierd_"), name)
            if types[family] == "counter":
                self.assertTrue(family.endswith("_total"), f"counter {family} ends in _total")
        return samples

    def value(self, samples, name, **labels):
        return samples.get((name, frozenset(labels.items())))

    def audit_by_direction(self):
        counts = {}
        for from_tier, to_tier, count in self.cluster.query(
                self.db, "SELECT from_tier, to_tier, count(*) FROM tierd.audit_log "
                         "GROUP BY 1, 2"):
            direction = ("initial" if from_tier is None else
                         "upgrade" if TIERS.index(to_tier) < TIERS.index(from_tier)
                         else "downgrade")
            counts[direction] = counts.get(direction, 0) + count
        return counts

    def test_metrics_match_the_audit_log_and_healthz_follows_the_database(self):
        directory = tempfile.mkdtemp(prefix="tierd-metrics-")
        self.addCleanup(shutil.rmtree, directory)
        daemon = harness.Daemon(self.db, POLICY, "--metrics-listen", "127.0.0.1:0",
                                db_uri=self.cluster.uri(self.db))
        with daemon:
            match = harness.wait_until(
                lambda: re.search(r'serving /healthz and /metrics on ([^\s"]+)', daemon.output()),
                message=f"the endpoint to listen ({daemon.log_path})")
            self.base = f"http://{match.group(1)}"
            daemon.wait_connected()
            harness.wait_until(lambda: get(f"{self.base}/healthz") == (200, "ok\n"),
                               message="healthz 200 once connected")

            customers = [self.erp.create_customer(f"Metrics {n}") for n in range(6)]
            first = self.scrape()
            for n, customer in enumerate(customers):
                self.erp.post_invoice(customer, 20000 if n % 2 else 500)
            during = self.scrape()
            for name in ("tierd_events_claimed_total", "tierd_customers_evaluated_total"):
                for batch in ("queue", "full_pass"):
                    self.assertGreaterEqual(self.value(during, name, batch=batch),
                                            self.value(first, name, batch=batch), name)
            # Customers 1, 3, 5 reach B (revenue >= 10,000): three upgrades from C.
            harness.wait_until(lambda: self.cluster.query(
                self.db, "SELECT count(*) FROM tierd.customer_state WHERE tier = 'B'")[0][0] == 3,
                timeout=120, message="three customers in B")

            def settled():
                samples = self.scrape()
                queued = self.cluster.query(self.db, "SELECT count(*) FROM tierd.queue")[0][0]
                audited = self.cluster.query(self.db,
                                             "SELECT count(*) FROM tierd.audit_log")[0][0]
                if (queued == 0 and self.value(samples, "tierd_queue_events") == 0
                        and self.value(samples, "tierd_audit_rows_written_total") == audited):
                    return samples
                return None
            samples = harness.wait_until(settled, timeout=60,
                                         message="the metrics to catch up with the database")
            audited = self.cluster.query(self.db, "SELECT count(*) FROM tierd.audit_log")[0][0]
            by_direction = self.audit_by_direction()
            self.assertEqual(by_direction.get("upgrade"), 3)
            for direction, count in by_direction.items():
                self.assertEqual(self.value(samples, "tierd_tier_changes_total",
                                            classification="value_tier", direction=direction),
                                 count, direction)
            self.assertEqual(sum(v for (name, _), v in samples.items()
                                 if name == "tierd_tier_changes_total"), audited)
            # Every event ever queued (the queue's identity counts them) was consumed here.
            enqueued = self.cluster.query(
                self.db, "SELECT coalesce(last_value, 0) FROM pg_sequences "
                         "WHERE schemaname = 'tierd' AND sequencename LIKE 'queue_id%'")[0][0]
            self.assertGreater(enqueued, 0)
            self.assertEqual(self.value(samples, "tierd_events_claimed_total", batch="queue")
                             + self.value(samples, "tierd_events_claimed_total",
                                          batch="full_pass"), enqueued)
            self.assertEqual(self.value(samples, "tierd_queue_oldest_event_age_seconds"), 0)
            self.assertGreaterEqual(self.value(samples, "tierd_customers_evaluated_total",
                                               batch="queue"), len(customers))
            self.assertGreater(self.value(samples, "tierd_batch_duration_seconds_count",
                                          batch="queue"), 0)
            self.assertEqual(self.value(samples, "tierd_batch_duration_seconds_bucket",
                                        batch="queue", le="+Inf"),
                             self.value(samples, "tierd_batch_duration_seconds_count",
                                        batch="queue"))
            self.assertEqual(self.value(samples, "tierd_policy_info", version="1",
                                        sha256=self.policy_sha256()), 1)
            self.assertEqual(self.value(samples, "tierd_full_passes_total"), 1)
            self.assertIsNotNone(self.value(samples, "tierd_full_pass_last_end_timestamp_seconds"))
            self.assertEqual(self.value(samples, "tierd_database_connected"), 1)
            self.assertEqual(self.value(samples, "tierd_reconnects_total"), 0)
            self.assertEqual(self.value(samples, "tierd_yielding"), 0)
            self.assertEqual(get(f"{self.base}/nothing")[0], 404)

            self.cluster.stop()
            status, reason = harness.wait_until(
                lambda: (lambda r: r if r[0] == 503 else None)(get(f"{self.base}/healthz")),
                timeout=60, message="healthz 503 while the database is down")
            self.assertIn("database connection lost", reason)
            self.assertIn("reconnecting in", reason)
            down = self.scrape()
            self.assertEqual(self.value(down, "tierd_database_connected"), 0)
            self.assertIsNone(self.value(down, "tierd_queue_events"), "unknown while down")

            self.cluster.start()
            harness.wait_until(lambda: get(f"{self.base}/healthz") == (200, "ok\n"), timeout=90,
                               message="healthz 200 after the database came back")
            self.assertEqual(self.value(self.scrape(), "tierd_reconnects_total"), 1)
            self.assertEqual(daemon.stop(), 0, daemon.output())

    def policy_sha256(self):
        import hashlib
        with open(POLICY, "rb") as policy:
            return hashlib.sha256(policy.read()).hexdigest()


if __name__ == "__main__":
    unittest.main(verbosity=2)
