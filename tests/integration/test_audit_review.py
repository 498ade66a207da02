"""The auditor's review of the log: `tierctl audit` with each filter (and some together)
returns exactly the rows an independent SQL query over tierd.audit returns; its CSV and its
JSON lines parse back to the same rows; `tierctl audit summary` equals a SQL GROUP BY;
`audit verify --head` passes for a head noted earlier, fails for a hash the log does not
hold, for a cut-off tail and for an edited row; bad input is one sentence and a HINT.

The log is a realistic one: a history of 200 customers classified at start, re-evaluated
under two more policy versions (moves up and down in both classifications), a pin and an
approval by people; its rows are then spread over the last 60 days (the chain recomputed,
as a superuser can), so that dates, days and weeks have something to tell apart."""

import csv
import io
import json
import os
import shutil
import tempfile
import unittest

import harness  # first: it puts tests/tryton on the path
import history  # noqa: E402

POLICY = """version: {version}
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(365d) >= {a}
      - name: B
        when: revenue(365d) >= {b}
      - name: C
        default: true
  - name: credit_grade
    target: category
    best: last
    tiers:
      - name: HOLD
        when: overdue_amount > {hold}
        immediate: true
      - name: NORMAL
        default: true
{approval}"""

APPROVAL = """    approval:
      - from: [NORMAL]
        to: [HOLD]
"""

# As a superuser may: move every row's time back, evenly over 60 days in the order of seq,
# and recompute the chain from the first row on.
SPREAD_OVER_60_DAYS = """
ALTER TABLE tierd.audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE tierd.audit_log SET recorded_at = now() - (m.top - seq) * (interval '60 days' / m.top)
FROM (SELECT max(seq) AS top FROM tierd.audit_log) AS m;
DO $$
DECLARE
    r tierd.audit_log;
    previous text := repeat('0', 64);
BEGIN
    FOR r IN SELECT * FROM tierd.audit_log ORDER BY seq LOOP
        r.prev_hash := previous;
        r.row_hash := tierd.audit_row_hash(r);
        UPDATE tierd.audit_log SET prev_hash = r.prev_hash, row_hash = r.row_hash
        WHERE seq = r.seq;
        previous := r.row_hash;
    END LOOP;
END $$;
ALTER TABLE tierd.audit_log ENABLE TRIGGER audit_log_append_only
"""

# Every column of the rows as tierctl shows them, from the table and the ERP's parties.
FULL_ROWS = """
SELECT a.seq, a.recorded_at::text, a.customer_id, coalesce(p.code, ''), p.name,
       a.classification, a.from_tier, a.to_tier, a.direction, a.trigger, a.actor, a.rule,
       a.metrics, a.policy_version, a.policy_hash, a.row_hash
FROM tierd.audit_log a JOIN party_party p ON p.id = a.customer_id
WHERE a.seq = ANY(%s) ORDER BY a.seq"""


def quantile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class AuditReview(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = harness.clone_template("it_audit_review")
        history.load_history(cls.db, customers=200, invoices=2000, tryton=False)
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db))
        metrics = list(csv.DictReader(io.StringIO(harness.tierctl(
            "metrics", "--all", "--db", harness.uri(cls.db)).stdout)))
        revenue = [float(row["revenue(365d)"] or 0) for row in metrics]
        overdue = [float(row["overdue_amount"] or 0) for row in metrics]
        # Three versions that split the customers differently: v2 moves many up and down,
        # v3 (with v1's thresholds) moves most of them back.
        cls.directory = tempfile.mkdtemp(prefix="tierd-audit-review-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        versions = [("1", 0.8, 0.5, 0.9, ""), ("2", 0.6, 0.3, 0.75, APPROVAL),
                    ("3", 0.8, 0.5, 0.9, "")]
        cls.texts = [POLICY.format(version=v, a=quantile(revenue, a), b=quantile(revenue, b),
                                   hold=quantile(overdue, hold), approval=approval)
                     for v, a, b, hold, approval in versions]
        cls.write_policy(cls.texts[0])
        with harness.Daemon(cls.db, cls.policy) as daemon:
            cls.wait_for_pass(daemon, "start", 1)
            cls.write_policy(cls.texts[1])
            cls.wait_for_pass(daemon, "policy", 1)
            cls.pinned = harness.query(cls.db, "SELECT min(customer_id) FROM "
                                               "tierd.customer_state WHERE tier = 'C'")[0][0]
            cls.decide("pin", str(cls.pinned), "A", "--classification", "value_tier",
                       "--reason", "key account", "--actor", "alice")
            harness.wait_until(lambda: harness.tier_of(cls.db, cls.pinned) == "A",
                               message="the pin to apply")
            waiting = harness.query(cls.db, "SELECT min(customer_id) FROM tierd.customer_state "
                                            "WHERE pending_tier = 'HOLD'")[0][0]
            assert waiting is not None, "v2 leaves no move to HOLD waiting for approval"
            cls.decide("approve", str(waiting), "--classification", "credit_grade",
                       "--actor", "bob")
            cls.write_policy(cls.texts[2])
            cls.wait_for_pass(daemon, "policy", 2)
            assert daemon.stop() == 0, daemon.output()
        harness.query(cls.db, SPREAD_OVER_60_DAYS)

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)
        shutil.rmtree(cls.directory)

    @classmethod
    def write_policy(cls, text):
        # Replaced whole (rename), so the daemon never reads half a file.
        with open(cls.policy + ".new", "w") as out:
            out.write(text)
        os.rename(cls.policy + ".new", cls.policy)

    @classmethod
    def wait_for_pass(cls, daemon, why, count):
        harness.wait_until(
            lambda: daemon.output().count(f"re-evaluated every customer ({why})") >= count,
            timeout=120, message=f"pass {count} ({why}); log {daemon.log_path}")

    @classmethod
    def decide(cls, *args):
        with open(cls.policy + ".in-force", "w") as out:
            out.write(cls.texts[1])
        harness.tierctl(*args, "--policy", cls.policy + ".in-force", "--db",
                        harness.uri(cls.db))

    def tierctl(self, *args, check=True):
        return harness.tierctl(*args, "--db", harness.uri(self.db), check=check)

    def sql_seqs(self, where="true", params=()):
        return [row[0] for row in harness.query(
            self.db, f"SELECT seq FROM tierd.audit WHERE {where} ORDER BY seq", params)]

    def listed_seqs(self, *filters):
        output = self.tierctl("audit", "--limit", "0", "--format", "json", *filters).stdout
        return [json.loads(line)["seq"] for line in output.splitlines()]

    def assert_filter(self, filters, where, params=(), at_least=1):
        expected = self.sql_seqs(where, params)
        self.assertGreaterEqual(len(expected), at_least, (filters, where))
        self.assertEqual(self.listed_seqs(*filters), expected, filters)

    def time_at(self, share):
        """The recorded time of the row at `share` of the log, as the database writes it."""
        return harness.query(self.db, "SELECT recorded_at::text FROM tierd.audit ORDER BY seq "
                                      "OFFSET (SELECT (count(*) * %s)::int FROM tierd.audit) "
                                      "LIMIT 1", (share,))[0][0]

    def day_at(self, share):
        return self.time_at(share)[:10]

    def test_the_history_is_realistic(self):
        counts = dict(harness.query(self.db, "SELECT coalesce(direction, 'none'), count(*) "
                                             "FROM tierd.audit GROUP BY 1"))
        self.assertGreater(sum(counts.values()), 300, counts)
        self.assertGreater(counts.get("upgrade", 0), 30, counts)
        self.assertGreater(counts.get("downgrade", 0), 30, counts)
        triggers = {row[0] for row in harness.query(self.db, "SELECT trigger FROM tierd.audit")}
        self.assertLessEqual({"start", "policy", "manual", "approval"}, triggers)
        days = harness.query(self.db, "SELECT count(DISTINCT recorded_at::date) FROM tierd.audit")
        self.assertGreater(days[0][0], 50)
        self.tierctl("audit", "verify")

    def test_each_filter_returns_the_rows_sql_returns(self):
        customer, code, name = harness.query(
            self.db, "SELECT p.id, p.code, p.name FROM party_party p WHERE p.id = %s",
            (self.pinned,))[0]
        for reference in (str(customer), code, name):
            self.assert_filter(["--customer", reference], "customer_id = %s", (customer,))
        self.assert_filter(["--classification", "credit_grade"], "classification = %s",
                           ("credit_grade",))
        self.assert_filter(["--tier", "B"], "from_tier = 'B' OR to_tier = 'B'")
        self.assert_filter(["--tier", "HOLD"], "'HOLD' IN (from_tier, to_tier)")
        self.assert_filter(["--direction", "upgrade"], "direction = 'upgrade'", at_least=30)
        self.assert_filter(["--direction", "downgrade"], "direction = 'downgrade'", at_least=30)
        for trigger in ("start", "policy", "manual", "approval"):
            self.assert_filter(["--trigger", trigger], "trigger = %s", (trigger,))
        self.assert_filter(["--policy-version", "2"], "policy_version = '2'", at_least=30)
        self.assert_filter(["--actor", "alice"], "actor = 'alice'")
        self.assert_filter(["--actor", "bob"], "actor = 'bob'")
        self.assert_filter(["--actor", "tierd"], "actor LIKE 'tierd@%%'", at_least=300)
        self.assertEqual(self.listed_seqs("--actor", "ali"), [])

    def test_since_and_until_take_days_and_times_both_included(self):
        since, until = self.time_at(0.3), self.time_at(0.6)
        self.assert_filter(["--since", since], "recorded_at >= %s::timestamptz", (since,))
        self.assert_filter(["--until", until], "recorded_at <= %s::timestamptz", (until,))
        # The row recorded at exactly each bound is in: both bounds are included.
        at_bounds = self.sql_seqs("recorded_at IN (%s::timestamptz, %s::timestamptz)",
                                  (since, until))
        inside = self.listed_seqs("--since", since, "--until", until)
        self.assertEqual([seq for seq in at_bounds if seq in inside], at_bounds)
        # A day as --until holds the whole of that day; as --since, from its start.
        first, last = self.day_at(0.25), self.day_at(0.5)
        self.assert_filter(["--since", first, "--until", last],
                           "recorded_at::date BETWEEN %s AND %s", (first, last))
        self.assert_filter(["--until", first], "recorded_at::date <= %s", (first,))
        self.assert_filter(["--since", last, "--until", last],
                           "recorded_at::date = %s", (last,))
        # A time with a zone, in ISO 8601's form.
        iso = since.replace(" ", "T")
        self.assert_filter(["--since", iso], "recorded_at >= %s::timestamptz", (since,))

    def test_filters_combine_and_limit_keeps_the_newest(self):
        since = self.day_at(0.4)
        self.assert_filter(["--classification", "value_tier", "--direction", "downgrade",
                            "--since", since],
                           "classification = 'value_tier' AND direction = 'downgrade' "
                           "AND recorded_at::date >= %s", (since,))
        # The day in the middle of version 2's rows (between the start pass's and version 3's).
        until = harness.query(self.db, "SELECT (percentile_disc(0.5) WITHIN GROUP (ORDER BY "
                                       "recorded_at))::date::text FROM tierd.audit "
                                       "WHERE policy_version = '2'")[0][0]
        self.assert_filter(["--tier", "A", "--trigger", "policy", "--until", until,
                            "--policy-version", "2"],
                           "(from_tier = 'A' OR to_tier = 'A') AND trigger = 'policy' "
                           "AND recorded_at::date <= %s AND policy_version = '2'", (until,))
        self.assert_filter(["--customer", str(self.pinned), "--classification", "value_tier",
                            "--actor", "tierd"],
                           "customer_id = %s AND classification = 'value_tier' "
                           "AND actor LIKE 'tierd@%%'", (self.pinned,))
        newest = self.sql_seqs("direction = 'upgrade'")[-7:]
        output = self.tierctl("audit", "--direction", "upgrade", "--limit", "7", "--json").stdout
        self.assertEqual([json.loads(line)["seq"] for line in output.splitlines()], newest)
        default = self.tierctl("audit").stdout.splitlines()
        self.assertEqual(len(default), 100)
        self.assertEqual(default[-1].split()[0], f"#{self.sql_seqs()[-1]}")

    def test_csv_and_json_parse_back_to_the_same_rows(self):
        filters = ["--classification", "credit_grade", "--limit", "0"]
        as_json = [json.loads(line) for line in
                   self.tierctl("audit", *filters, "--format", "json").stdout.splitlines()]
        as_csv = list(csv.DictReader(io.StringIO(
            self.tierctl("audit", *filters, "--format", "csv").stdout)))
        expected = harness.query(self.db, FULL_ROWS, ([row["seq"] for row in as_json],))
        self.assertGreater(len(expected), 50)
        keys = ["seq", "recorded_at", "customer_id", "customer_code", "customer_name",
                "classification", "from_tier", "to_tier", "direction", "trigger", "actor",
                "rule", "metrics", "policy_version", "policy_hash", "row_hash"]
        self.assertEqual(list(as_csv[0].keys()), keys)
        from_json = [tuple(row[key] for key in keys) for row in as_json]
        from_csv = [tuple(int(row[key]) if key in ("seq", "customer_id")
                          else json.loads(row[key]) if key == "metrics"
                          else row[key] or None if key in ("from_tier", "direction")
                          else row[key] for key in keys) for row in as_csv]
        self.assertEqual(from_json, [tuple(row) for row in expected])
        self.assertEqual(from_csv, from_json)
        self.assertEqual([row["seq"] for row in as_json],
                         self.sql_seqs("classification = 'credit_grade'"))
        # The table names each customer by its ERP name and code beside the id.
        table = self.tierctl("audit", "--customer", str(self.pinned)).stdout
        name, code = harness.query(self.db, "SELECT name, code FROM party_party WHERE id = %s",
                                   (self.pinned,))[0]
        self.assertIn(f" {name} ({code}, id {self.pinned}) value_tier: ", table)
        self.assertIn(" -> A (upgrade) [manual] by alice | rule: pin: key account", table)
        none = self.tierctl("audit", "--actor", "nobody").stdout
        self.assertEqual(none, "(no audit rows match)\n")

    def summary_sql(self, period, where="true", params=()):
        return [list(row) for row in harness.query(
            self.db,
            f"SELECT to_char(date_trunc('{period}', recorded_at), 'YYYY-MM-DD'), classification, "
            "sum(CASE direction WHEN 'upgrade' THEN 1 ELSE 0 END), "
            "sum(CASE direction WHEN 'downgrade' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN direction IS NULL THEN 1 ELSE 0 END) FROM tierd.audit "
            f"WHERE from_tier <> to_tier AND ({where}) GROUP BY 1, 2 ORDER BY 1, 2", params)]

    def summary(self, *args):
        output = self.tierctl("audit", "summary", "--format", "json", *args).stdout
        rows = [json.loads(line) for line in output.splitlines()]
        return [[row["day" if "day" in row else "week"], row["classification"], row["upgrades"],
                 row["downgrades"], row["other"]] for row in rows]

    def test_summary_equals_a_group_by(self):
        by_day = self.summary_sql("day")
        self.assertGreater(len(by_day), 50)
        self.assertEqual(self.summary(), by_day)
        by_week = self.summary_sql("week")
        self.assertEqual(self.summary("--by", "week"), by_week)
        self.assertGreater(len(by_week), 8)
        since = self.day_at(0.5)
        self.assertEqual(self.summary("--by", "week", "--classification", "value_tier",
                                      "--since", since),
                         self.summary_sql("week", "classification = 'value_tier' AND "
                                                  "recorded_at::date >= %s", (since,)))
        as_csv = list(csv.reader(io.StringIO(self.tierctl(
            "audit", "summary", "--by", "week", "--format", "csv").stdout)))
        self.assertEqual(as_csv[0], ["week", "classification", "upgrades", "downgrades", "other"])
        self.assertEqual([row[:2] + [int(cell) for cell in row[2:]] for row in as_csv[1:]],
                         by_week)
        table = self.tierctl("audit", "summary", "--by", "week").stdout.splitlines()
        self.assertEqual(table[0].split(), ["week", "of", "classification", "upgrades",
                                            "downgrades", "other"])
        self.assertEqual([line.split() for line in table[1:]],
                         [[str(cell) for cell in row] for row in by_week])

    def test_verify_head(self):
        head = self.tierctl("audit", "verify").stdout.split("chain head ")[1].split()[0]
        seq = self.sql_seqs()[-1]
        verified = self.tierctl("audit", "verify", "--head", head.upper())
        self.assertIn(f"the noted head is row {seq}; the 0 rows after it chain to it",
                      verified.stdout)
        older = harness.query(self.db, "SELECT row_hash FROM tierd.audit_log WHERE seq = %s",
                              (seq - 40,))[0][0]
        verified = self.tierctl("audit", "verify", "--head", older)
        self.assertIn(f"the noted head is row {seq - 40}; the 40 rows after it chain to it",
                      verified.stdout)
        unknown = "0123456789abcdef" * 4
        result = self.tierctl("audit", "verify", "--head", unknown, check=False)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, f"audit log BROKEN: the noted head {unknown} is not in "
                                        "it (rows were cut from the end, or the log was "
                                        "rewritten from an earlier row on)\n")
        result = self.tierctl("audit", "verify", "--head", "abc", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.splitlines()[0],
                         "error: 'abc' is not a row hash for --head")
        self.assertTrue(result.stderr.splitlines()[1].startswith("HINT: "))

    def test_z_verify_finds_a_cut_tail_and_an_edited_row(self):
        # Last (z): these edit the log, as a superuser who disables the trigger can.
        head = self.tierctl("audit", "verify").stdout.split("chain head ")[1].split()[0]
        seq = self.sql_seqs()[-1]
        harness.query(self.db, "ALTER TABLE tierd.audit_log DISABLE TRIGGER audit_log_append_only;"
                               "DELETE FROM tierd.audit_log WHERE seq = %s;"
                               "ALTER TABLE tierd.audit_log ENABLE TRIGGER audit_log_append_only",
                      (seq,))
        self.tierctl("audit", "verify")  # a shorter chain is still a chain
        result = self.tierctl("audit", "verify", "--head", head, check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"the noted head {head} is not in it", result.stdout)

        noted = harness.query(self.db, "SELECT row_hash FROM tierd.audit_log WHERE seq = 100")[0][0]
        harness.query(self.db, "ALTER TABLE tierd.audit_log DISABLE TRIGGER audit_log_append_only;"
                               "UPDATE tierd.audit_log SET to_tier = 'A' WHERE seq = 200;"
                               "ALTER TABLE tierd.audit_log ENABLE TRIGGER audit_log_append_only")
        result = self.tierctl("audit", "verify", "--head", noted, check=False)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout,
                         "audit log BROKEN at row 200: content does not match its hash (edited)\n")

    def test_bad_input_is_one_sentence_and_a_hint(self):
        cases = [
            (["audit", "--direction", "sideways"],
             "error: 'sideways' is not allowed for the --direction option",
             "HINT: allowed values are upgrade, downgrade"),
            (["audit", "--format", "xml"], "error: 'xml' is not allowed for the --format option",
             "HINT: allowed values are table, csv, json"),
            (["audit", "summary", "--format", "yaml"],
             "error: 'yaml' is not allowed for the --format option",
             "HINT: allowed values are table, csv, json"),
            (["audit", "--trigger", "cron"], "error: 'cron' is not allowed for the --trigger option",
             "HINT: allowed values are event, schedule, start, manual, approval, policy, "
             "rejection"),
            (["audit", "--since", "2026-02-30"],
             "error: '2026-02-30' is not a date or time for --since",
             "HINT: write a day, YYYY-MM-DD, or a time, YYYY-MM-DD HH:MM[:SS] with an optional "
             "zone (+01:00)"),
            (["audit", "summary", "--until", "last week"],
             "error: 'last week' is not a date or time for --until", None),
            (["audit", "summary", "--by", "month"],
             "error: 'month' is not allowed for the --by option",
             "HINT: allowed values are day, week"),
            (["audit", "--customer", "Nobody At All"],
             "error: no customer 'Nobody At All' (by id, code or name) in the ERP",
             "HINT: give its id, ERP code or exact name"),
            (["audit", "summary", "--customer", "Nobody At All"],
             "error: no customer 'Nobody At All' (by id, code or name) in the ERP", None),
            (["audit", "--limit", "-1"], "error: --limit must be 0 (all rows) or more", None),
            (["audit", "--json", "--format", "csv"],
             "error: --json and --format csv contradict each other", None),
        ]
        for args, error, hint in cases:
            result = self.tierctl(*args, check=False)
            self.assertEqual(result.returncode, 2, (args, result.stderr))
            self.assertEqual(result.stdout, "", args)
            lines = result.stderr.splitlines()
            self.assertEqual(lines[0], error, args)
            self.assertLessEqual(len(lines), 2, args)
            if hint:
                self.assertEqual(lines[1], hint, args)

        for args in (["audit"], ["audit", "summary"], ["audit", "verify"]):
            result = harness.tierctl(*args, "--db", "postgresql://postgres@127.0.0.1:1/erp",
                                     check=False)
            self.assertEqual(result.returncode, 1, args)
            lines = result.stderr.splitlines()
            self.assertTrue(lines[0].startswith("error: cannot connect to "
                                                "postgresql://postgres@127.0.0.1:1/erp"), lines)
            self.assertEqual(len(lines), 2, lines)  # the sentence and its HINT
            self.assertTrue(lines[1].startswith("HINT: "), lines)

    def test_every_command_shows_an_example(self):
        for args in (["audit"], ["audit", "summary"], ["audit", "verify"]):
            shown = harness.tierctl(*args, "--help").stdout
            self.assertIn("example: tierctl " + " ".join(args) + " ", shown)
        listed = harness.tierctl("--help").stdout
        self.assertIn("audit summary --db URI", listed)
        self.assertIn("audit verify --db URI [--head HASH]", listed)


if __name__ == "__main__":
    unittest.main(verbosity=2)
