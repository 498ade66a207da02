"""`tierctl simulate NEW_POLICY` on a realistic history: it predicts exactly, customer by
customer, the moves the daemon makes when that policy goes live (its JSON against the audit
rows the daemon writes after reloading the policy); it reports the moves that wait for
approval, for upgrade_after or a grace (with until when), and those a pin holds; its CSV
says the same as its JSON; and it writes nothing (every table's contents are compared
before and after, not assumed)."""

import csv
import io
import json
import os
import shutil
import tempfile
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402
import history  # noqa: E402

POLICY = """
version: {version}
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(365d) >= {a}
{a_delay}        set: {{ credit_limit: 100000 }}
      - name: B
        when: revenue(365d) >= {b} and overdue_amount <= {b_overdue}
        set: {{ credit_limit: 50000 }}
      - name: C
        default: true
        set: {{ credit_limit: 10000 }}
    downgrade:
      grace: 30d
  - name: credit_grade
    target: category
    tiers:
      - name: HOLD
        when: overdue_amount > {hold}
        immediate: true
      - name: NORMAL
        default: true
    approval:
      - from: [NORMAL]
        to: [HOLD]
"""

# Every table whose contents simulate must leave alone: Tryton's and tierd's.
SNAPSHOT_TABLES = """
SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
WHERE schemaname IN ('public', 'tierd') ORDER BY 1
"""


def quantile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def snapshot(db):
    """Each table's row count and the md5 of its rows, in one committed read."""
    tables = [row[0] for row in harness.query(db, SNAPSHOT_TABLES)]
    parts = [f"SELECT $${table}$$, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY "
             f"t::text), '')) FROM {table} t" for table in tables]
    return {row[0]: (row[1], row[2]) for row in harness.query(db, " UNION ALL ".join(parts))}


class Simulate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = harness.clone_template("it_simulate")
        erp.connect(cls.db)
        history.load_history(cls.db, customers=300, invoices=3000)
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db))
        cls.metrics = cls.everyone_metrics()
        revenues = [values["revenue(365d)"] for values in cls.metrics.values()]
        overdue = [values["overdue_amount"] for values in cls.metrics.values()]
        # Thresholds from the books themselves: v1 and v2 split the customers differently,
        # so that v2 moves some, makes some wait and asks approval for others.
        cls.v1 = POLICY.format(version="sim-1", a=quantile(revenues, 0.85),
                               b=quantile(revenues, 0.5), b_overdue=10**9, a_delay="",
                               hold=quantile(overdue, 0.95))
        cls.v2 = POLICY.format(version="sim-2", a=quantile(revenues, 0.6),
                               b=quantile(revenues, 0.3), b_overdue=quantile(overdue, 0.7),
                               a_delay="        upgrade_after: 2 evaluations\n",
                               hold=quantile(overdue, 0.8))
        cls.directory = tempfile.mkdtemp(prefix="tierd-simulate-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        cls.new_policy = os.path.join(cls.directory, "policy-v2.yaml")
        with open(cls.policy, "w") as out:
            out.write(cls.v1)
        with open(cls.new_policy, "w") as out:
            out.write(cls.v2)
        cls.daemon = harness.Daemon(cls.db, cls.policy)
        harness.wait_until(lambda: "re-evaluated every customer (start)" in cls.daemon.output(),
                           timeout=180, message="the start-up pass")
        # The best customer by revenue, pinned to C: v2's rules would move it, the pin holds.
        cls.pinned = max(cls.metrics, key=lambda c: cls.metrics[c]["revenue(365d)"])
        harness.tierctl("pin", str(cls.pinned), "C", "--classification", "value_tier",
                        "--reason", "test", "--policy", cls.policy, "--db", harness.uri(cls.db))
        harness.wait_until(lambda: harness.tier_of(cls.db, cls.pinned) == "C",
                           message="the pin to apply")

    @classmethod
    def tearDownClass(cls):
        code = cls.daemon.stop()
        cls.daemon.__exit__()
        harness.drop_database(cls.db)
        shutil.rmtree(cls.directory)
        assert code == 0, cls.daemon.output()

    @classmethod
    def everyone_metrics(cls):
        lines = harness.tierctl("metrics", "--all", "--db",
                                harness.uri(cls.db)).stdout.splitlines()
        rows = list(csv.reader(lines))
        header = rows[0]
        # The name and code columns are text; every other column after the id is a metric.
        text_columns = {"customer_code", "customer_name"}
        return {int(cells[0]): {name: float(cell or "nan") for name, cell in
                                zip(header[1:], cells[1:]) if name not in text_columns}
                for cells in rows[1:]}

    def simulate(self, *extra):
        return harness.tierctl("simulate", self.new_policy, "--db", harness.uri(self.db),
                               *extra).stdout

    def test_1_predicts_the_daemons_moves_and_writes_nothing(self):
        before = snapshot(self.db)
        result = json.loads(self.simulate("--format", "json"))
        table = self.simulate()
        with open(os.path.join(harness.LOG_DIR, "simulate-table.txt"), "w") as out:
            out.write(table)  # what docs/finance-lead.md shows
        as_csv = list(csv.DictReader(io.StringIO(self.simulate("--format", "csv"))))
        after = snapshot(self.db)
        self.assertEqual(before, after)
        self.assertGreater(len(before), 50)

        outcomes = result["outcomes"]
        kinds = {o["kind"] for o in outcomes}
        self.assertEqual(kinds, {"move", "approval", "pinned", "waiting"}, outcomes[:5])
        pinned = [o for o in outcomes if o["kind"] == "pinned"]
        self.assertEqual([(o["customer_id"], o["from_tier"], o["to_tier"]) for o in pinned],
                         [(self.pinned, "C", "A")])
        waiting = [o for o in outcomes if o["kind"] == "waiting"]
        self.assertEqual({o["direction"] for o in waiting}, {"upgrade", "downgrade"})
        for wait in waiting:
            if wait["direction"] == "downgrade":  # the grace of 30 days, from now
                self.assertIsNotNone(wait["until"], wait)
            else:  # upgrade_after: 2 evaluations, the simulated one counted
                self.assertEqual((wait["to_tier"], wait["evaluations_left"]), ("A", 1), wait)
        self.assertTrue(all(o["from_tier"] == "NORMAL" and o["to_tier"] == "HOLD"
                            for o in outcomes if o["kind"] == "approval"))
        # The CSV holds the same rows as the JSON.
        self.assertEqual([(r["kind"], int(r["customer_id"]), r["classification"],
                           r["from_tier"] or None, r["to_tier"], json.loads(r["metrics"]))
                          for r in as_csv],
                         [(o["kind"], o["customer_id"], o["classification"], o["from_tier"],
                           o["to_tier"], o["metrics"]) for o in outcomes])
        # Each customer by its ERP name and code, in every format.
        parties = {row[0]: (row[1], row[2] or "") for row in harness.query(
            self.db, "SELECT id, name, code FROM party_party")}
        self.assertEqual([(o["customer_name"], o["customer_code"]) for o in outcomes],
                         [parties[o["customer_id"]] for o in outcomes])
        self.assertEqual([(r["customer_name"], r["customer_code"]) for r in as_csv],
                         [parties[o["customer_id"]] for o in outcomes])
        first = outcomes[0]
        name, code = parties[first["customer_id"]]
        self.assertIn(f"  {name} ({code}, id {first['customer_id']}) {first['classification']}:",
                      table)
        # The matrix counts every customer once per classification.
        for classification in result["classifications"]:
            self.assertEqual(sum(cell["customers"] for cell in classification["matrix"]),
                             result["customers"])
        self.assertEqual(result["customers"], len(self.metrics))
        self.assertIn("credit_limit by tier", table)

        predicted = sorted((o["customer_id"], o["classification"], o["from_tier"], o["to_tier"])
                           for o in outcomes if o["kind"] == "move")
        self.assertGreater(len(predicted), 10)
        last_seq = harness.query(self.db, "SELECT coalesce(max(seq), 0) FROM tierd.audit_log")[0][0]
        os.rename(self.new_policy, self.policy)
        harness.wait_until(lambda: "re-evaluated every customer (policy)" in self.daemon.output(),
                           timeout=180, message="the policy's pass")
        made = sorted(tuple(row) for row in harness.query(
            self.db, "SELECT customer_id, classification, from_tier, to_tier FROM "
                     "tierd.audit_log WHERE seq > %s ORDER BY seq", (last_seq,)))
        self.assertEqual(predicted, made)

    def test_2_bad_input(self):
        missing = harness.tierctl("simulate", "/nonexistent.yaml", "--db", harness.uri(self.db),
                                  check=False)
        self.assertEqual(missing.returncode, 2, missing.stderr)
        self.assertIn("error:", missing.stderr)
        bad_format = harness.tierctl("simulate", self.policy, "--format", "xml", "--db",
                                     harness.uri(self.db), check=False)
        self.assertEqual(bad_format.returncode, 2)
        self.assertIn("--format", bad_format.stderr)


if __name__ == "__main__":
    unittest.main()
