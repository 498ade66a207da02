"""`tierctl report` on a realistic history: the page opens in a real browser (Debian's
chromium, headless, which takes a screenshot and dumps the DOM it rendered), has no script
and fetches nothing, and every number on it equals an aggregate computed here in SQL from
Tryton's tables and tierd's (customers, revenue, receivables and days late per tier now; the
tier counts day by day; moves per week; the transition matrix; the movers); its CSV says the
same; a customer's name with markup in it is shown as text; bad input is one sentence.

The audit log is a tierd's of several policy versions, spread over the last 60 days as in
test_audit_review.py, so that days, weeks and the period's two ends differ."""

import csv
import datetime
import html.parser
import io
import os
import shutil
import subprocess
import tempfile
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402
import history  # noqa: E402
from test_audit_review import SPREAD_OVER_60_DAYS, quantile  # noqa: E402

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
      - name: WATCH
        when: overdue_amount > {watch}
      - name: NORMAL
        default: true
"""

MARKUP_NAME = '報告 <b>Größe</b> & "Söhne"'
CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"]

# Per customer, from Tryton's tables: revenue of the last 365 days (invoice lines of posted
# or paid customer invoices and credit notes), receivables open today and the part past due
# (less unmatched credits), and the mean days late of the invoices paid (due: the latest
# maturity of the invoice's receivable lines; paid: their reconciliation's date).
CUSTOMER_FIGURES = """
WITH revenue AS (
    SELECT i.party, sum(l.quantity * l.unit_price) AS revenue
    FROM account_invoice i JOIN account_invoice_line l ON l.invoice = i.id
    WHERE i.type = 'out' AND i.invoice_date > current_date - 365
      -- A cancelled invoice counts when a credit note cancelled it (the note nets it out).
      AND (i.state IN ('posted', 'paid') OR i.state = 'cancelled' AND EXISTS (
               SELECT 1 FROM account_invoice j WHERE j.move = i.cancel_move))
    GROUP BY i.party
), open_items AS (
    SELECT l.party, sum(l.debit - l.credit) AS outstanding,
           greatest(0, coalesce(sum(l.debit) FILTER (WHERE l.maturity_date < current_date), 0)
                       - sum(l.credit)) AS overdue
    FROM account_move_line l
    JOIN account_account a ON a.id = l.account
    JOIN account_account_type t ON t.id = a.type
    WHERE t.receivable AND l.reconciliation IS NULL AND l.party IS NOT NULL
    GROUP BY l.party
), paid AS (
    SELECT i.party, greatest(0, max(r.date) - max(l.maturity_date)) AS late
    FROM account_invoice i
    JOIN account_move_line l ON l.move = i.move AND l.account = i.account
    LEFT JOIN account_move_reconciliation r ON r.id = l.reconciliation
    WHERE i.type = 'out' AND i.state = 'paid' AND i.invoice_date > current_date - 365
      AND (SELECT sum(x.quantity * x.unit_price) FROM account_invoice_line x
           WHERE x.invoice = i.id) > 0
    GROUP BY i.id
), lateness AS (
    SELECT party, avg(late)::float8 AS days_late FROM paid GROUP BY party
)
SELECT s.classification, s.tier, s.customer_id, coalesce(rv.revenue, 0)::float8,
       coalesce(o.outstanding, 0)::float8, coalesce(o.overdue, 0)::float8, lt.days_late
FROM tierd.customer_state s
LEFT JOIN revenue rv ON rv.party = s.customer_id
LEFT JOIN open_items o ON o.party = s.customer_id
LEFT JOIN lateness lt ON lt.party = s.customer_id
"""

# Each customer's tier at the end of a day: its last audit row up to then.
TIERS_AT = """
SELECT classification, to_tier, count(*) FROM (
    SELECT DISTINCT ON (customer_id, classification) classification, to_tier
    FROM tierd.audit WHERE recorded_at < (%s::date + 1)::timestamptz
    ORDER BY customer_id, classification, seq DESC) AS last
GROUP BY 1, 2"""

# Each customer's tier before the period and at its end.
ENDS = """
SELECT customer_id, classification,
       (SELECT to_tier FROM tierd.audit b WHERE b.customer_id = a.customer_id
          AND b.classification = a.classification AND b.recorded_at < %(since)s::date
        ORDER BY seq DESC LIMIT 1),
       (SELECT to_tier FROM tierd.audit b WHERE b.customer_id = a.customer_id
          AND b.classification = a.classification
          AND b.recorded_at < (%(until)s::date + 1)::timestamptz ORDER BY seq DESC LIMIT 1)
FROM (SELECT DISTINCT customer_id, classification FROM tierd.audit
      WHERE recorded_at < (%(until)s::date + 1)::timestamptz) AS a"""

WEEKS = """
SELECT date_trunc('week', recorded_at)::date::text, classification,
       count(*) FILTER (WHERE direction = 'upgrade'), count(*) FILTER (WHERE direction = 'downgrade')
FROM tierd.audit
WHERE from_tier <> to_tier AND recorded_at >= %s::date
  AND recorded_at < (%s::date + 1)::timestamptz
GROUP BY 1, 2"""

BEST_FIRST = {"value_tier": ["A", "B", "C"], "credit_grade": ["NORMAL", "WATCH", "HOLD"]}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], ""

    def all(self, predicate):
        for child in self.children:
            if predicate(child):
                yield child
            yield from child.all(predicate)

    def find(self, tag, **attrs):
        return [n for n in self.all(lambda n: n.tag == tag and all(
            n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()))]

    def text_content(self):
        return self.text + "".join(child.text_content() for child in self.children)


class Dom(html.parser.HTMLParser):
    """The rendered DOM as a tree: tags, attributes (unescaped) and text."""
    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self, text):
        super().__init__()
        self.root = self.current = Node("root", {}, None)
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        text = Node("#text", {}, self.current)
        text.text = data
        self.current.children.append(text)


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = harness.clone_template("it_report")
        erp.connect(cls.db)
        history.load_history(cls.db, customers=200, invoices=2000, prefix="Report")
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(cls.db))
        metrics = list(csv.DictReader(io.StringIO(harness.tierctl(
            "metrics", "--all", "--db", harness.uri(cls.db)).stdout)))
        revenue = [float(row["revenue(365d)"] or 0) for row in metrics]
        overdue = [float(row["overdue_amount"] or 0) for row in metrics]
        # Three versions that split the customers differently: moves up and down in both.
        cls.directory = tempfile.mkdtemp(prefix="tierd-report-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        versions = [("1", 0.8, 0.5, 0.9, 0.7), ("2", 0.6, 0.3, 0.75, 0.5),
                    ("3", 0.85, 0.45, 0.9, 0.6)]
        texts = [POLICY.format(version=v, a=quantile(revenue, a), b=quantile(revenue, b),
                               hold=quantile(overdue, hold), watch=quantile(overdue, watch))
                 for v, a, b, hold, watch in versions]
        cls.write_policy(texts[0])
        with harness.Daemon(cls.db, cls.policy) as daemon:
            cls.wait_for_pass(daemon, "start", 1)
            for count, text in enumerate(texts[1:], start=1):
                cls.write_policy(text)
                cls.wait_for_pass(daemon, "policy", count)
            assert daemon.stop() == 0, daemon.output()
        harness.query(cls.db, SPREAD_OVER_60_DAYS)
        cls.today = harness.query(cls.db, "SELECT current_date::text")[0][0]
        # A period that starts the day after the start-up pass: every customer was in a tier
        # before it began, and the policies' moves lie within it.
        cls.since = harness.query(cls.db, "SELECT (max(recorded_at)::date + 1)::text FROM "
                                          "tierd.audit WHERE trigger = 'start'")[0][0]
        # The customer that moved most in value_tier gets a name full of markup.
        cls.ends = cls.period_ends(cls.since, cls.today)
        movers = [c for (c, k), (s, e) in cls.ends.items()
                  if k == "value_tier" and s and s != e]
        cls.marked = max(movers, key=lambda c: abs(cls.steps("value_tier", *cls.ends[
            (c, "value_tier")])))
        harness.query(cls.db, "UPDATE party_party SET name = %s WHERE id = %s",
                      (MARKUP_NAME, cls.marked))
        cls.page = os.path.join(cls.directory, "report.html")
        cls.written = cls.report("--output", cls.page, "--top", "1000", "--since",
                                 cls.since).stdout
        cls.dom = Dom(cls.browser("--dump-dom").stdout).root
        cls.screenshot = os.path.join(harness.LOG_DIR, "report.png")
        cls.browser(f"--screenshot={cls.screenshot}", "--window-size=1100,5200",
                    "--hide-scrollbars")

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)
        shutil.rmtree(cls.directory)

    @classmethod
    def write_policy(cls, text):
        with open(cls.policy + ".new", "w") as out:
            out.write(text)
        os.rename(cls.policy + ".new", cls.policy)

    @classmethod
    def wait_for_pass(cls, daemon, why, count):
        harness.wait_until(
            lambda: daemon.output().count(f"re-evaluated every customer ({why})") >= count,
            timeout=120, message=f"pass {count} ({why}); log {daemon.log_path}")

    @classmethod
    def report(cls, *args, check=True):
        return harness.tierctl("report", "--policy", cls.policy, "--db", harness.uri(cls.db),
                               *args, check=check)

    @classmethod
    def browser(cls, *args):
        profile = tempfile.mkdtemp(prefix="tierd-chromium-")
        try:
            return subprocess.run(CHROMIUM + [f"--user-data-dir={profile}", *args,
                                              "file://" + cls.page],
                                  capture_output=True, text=True, timeout=120, check=True)
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    @classmethod
    def period_ends(cls, since, until):
        return {(c, k): (s, e) for c, k, s, e in
                harness.query(cls.db, ENDS, {"since": since, "until": until})}

    @staticmethod
    def steps(classification, start, end):
        order = BEST_FIRST[classification]
        return order.index(start) - order.index(end)

    def section(self, classification):
        found = self.dom.find("section", data_classification=classification)
        self.assertEqual(len(found), 1, classification)
        return found[0]

    def cells(self, table, key):
        """{row's key attribute: {measure: data-value}} of a table's rows."""
        rows = {}
        for row in table.find("tr"):
            if key in row.attrs:
                rows[row.attrs[key]] = {td.attrs.get("data-measure") or td.attrs.get("data-to"):
                                        td.attrs["data-value"] for td in row.find("td")}
        return rows

    def test_page_is_self_contained_and_was_rendered(self):
        with open(self.page, encoding="utf-8") as text:
            source = text.read()
        self.assertIn(f"written to {self.page}", self.written)
        for forbidden in ("<script", "<link", "<img", "@import", "url(", "src=", "https://"):
            self.assertNotIn(forbidden, source.lower())
        self.assertEqual(source.count("http://"), source.count("http://www.w3.org/2000/svg"))
        self.assertIn("@media print", source)
        # The browser rendered the charts: both classifications, four SVGs each.
        for classification in BEST_FIRST:
            self.assertEqual(len(self.section(classification).find("svg")), 4)
        with open(self.screenshot, "rb") as png:
            head = png.read(24)
        self.assertEqual(head[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(int.from_bytes(head[16:20], "big"), 1100)
        self.assertGreater(os.path.getsize(self.screenshot), 50000)

    def test_tiers_now_equal_sql(self):
        expected = {}
        for classification, tier, _, revenue, outstanding, overdue, late in harness.query(
                self.db, CUSTOMER_FIGURES):
            sums = expected.setdefault((classification, tier), [0, 0.0, 0.0, 0.0, []])
            sums[0] += 1
            sums[1] += revenue
            sums[2] += outstanding
            sums[3] += overdue
            if late is not None:
                sums[4].append(late)
        self.assertGreater(len(expected), 4)
        customers = int(self.dom.find("span", id="customers")[0].attrs["data-value"])
        self.assertEqual(customers, harness.query(
            self.db, "SELECT count(*) FROM party_party p WHERE active AND NOT EXISTS "
                     "(SELECT 1 FROM company_company c WHERE c.party = p.id)")[0][0])
        for classification, order in BEST_FIRST.items():
            table = self.section(classification).find("table", **{"class": "tiers"})[0]
            rows = self.cells(table, "data-tier")
            shown = [tier for tier in rows if tier]
            self.assertEqual(shown, [t for t in order if (classification, t) in expected])
            for tier in shown:
                count, revenue, outstanding, overdue, late = expected[(classification, tier)]
                cells = rows[tier]
                with self.subTest(classification=classification, tier=tier):
                    self.assertEqual(int(cells["customers"]), count)
                    self.assertAlmostEqual(float(cells["revenue"]), revenue, places=2)
                    self.assertAlmostEqual(float(cells["outstanding"]), outstanding, places=2)
                    self.assertAlmostEqual(float(cells["overdue"]), overdue, places=2)
                    if late:
                        self.assertAlmostEqual(float(cells["avg_days_late"]),
                                               sum(late) / len(late), places=1)
                    else:
                        self.assertEqual(cells["avg_days_late"], "")
            self.assertEqual(int(rows[""]["customers"]), customers)
            # What a person reads is the same number, grouped.
            first = [td for td in table.find("td") if td.attrs.get("data-measure") == "revenue"][0]
            self.assertEqual(first.text_content().replace(",", ""),
                             f"{float(first.attrs['data-value']):.2f}")

    def test_trend_equals_the_audit_log_day_by_day(self):
        first = datetime.date.fromisoformat(self.since)
        days = [str(first + datetime.timedelta(days=n))
                for n in range((datetime.date.fromisoformat(self.today) - first).days + 1)]
        checked = 0
        for classification in BEST_FIRST:
            table = self.section(classification).find("table", **{"class": "trend"})[0]
            self.assertEqual((table.attrs["data-first-day"], table.attrs["data-last-day"]),
                             (days[0], days[-1]))
            daily = {row.attrs["data-tier"]: [int(n) for n in row.attrs["data-daily"].split()]
                     for row in table.find("tr") if "data-daily" in row.attrs}
            for tier_counts in daily.values():
                self.assertEqual(len(tier_counts), len(days))
            for index in list(range(0, len(days), 3)) + [len(days) - 1]:
                expected = {tier: count for k, tier, count in harness.query(
                    self.db, TIERS_AT, (days[index],)) if k == classification}
                shown = {tier: counts[index] for tier, counts in daily.items() if counts[index]}
                self.assertEqual(shown, expected, (classification, days[index]))
                checked += 1
            now = dict(harness.query(self.db, "SELECT tier, count(*) FROM tierd.customer_state "
                                              "WHERE classification = %s GROUP BY 1",
                                     (classification,)))
            self.assertEqual({t: c[-1] for t, c in daily.items() if c[-1]}, now)
            # The log spans 60 days: the counts changed within the period.
            self.assertTrue(any(len(set(c)) > 2 for c in daily.values()), daily)
        self.assertGreater(checked, 10)

    def test_weeks_equal_sql(self):
        expected = {(week, k): (up, down) for week, k, up, down in
                    harness.query(self.db, WEEKS, (self.since, self.today))}
        self.assertGreater(sum(up + down for up, down in expected.values()), 20)
        for classification in BEST_FIRST:
            table = self.section(classification).find("table", **{"class": "weeks"})[0]
            rows = self.cells(table, "data-week")
            self.assertGreaterEqual(len(rows), 2)
            for week, cells in rows.items():
                up, down = expected.get((week, classification), (0, 0))
                self.assertEqual((int(cells["upgrades"]), int(cells["downgrades"])), (up, down),
                                 (classification, week))
            self.assertFalse({w for w, k in expected if k == classification} - set(rows))

    def test_matrix_and_movers_equal_sql(self):
        for classification in BEST_FIRST:
            expected = {}
            for (customer, k), (start, end) in self.ends.items():
                if k == classification:
                    cell = (start or "(none)", end)
                    expected[cell] = expected.get(cell, 0) + 1
            table = self.section(classification).find("table", **{"class": "matrix"})[0]
            shown = {(start, end): int(value) for start, cells in
                     self.cells(table, "data-from").items()
                     for end, value in cells.items() if int(value)}
            self.assertEqual(shown, expected, classification)
            self.assertTrue(any(s != e and s != "(none)" for s, e in shown), shown)

            movers = self.section(classification).find("table", **{"class": "movers"})[0]
            listed = [(int(row.attrs["data-customer-id"]),
                       [td.text_content() for td in row.find("td")]) for row in movers.find("tr")
                      if "data-customer-id" in row.attrs]
            moved = {c: self.steps(classification, s, e) for (c, k), (s, e) in self.ends.items()
                     if k == classification and s and s != e}
            self.assertEqual({c for c, _ in listed}, set(moved))  # --top 1000: all of them
            sizes = [abs(moved[c]) for c, _ in listed]
            self.assertEqual(sizes, sorted(sizes, reverse=True))
            names = dict(((i, (n, c)) for i, n, c in harness.query(
                self.db, "SELECT id, name, coalesce(code, '') FROM party_party "
                         "WHERE id = ANY(%s)", ([c for c, _ in listed],))))
            for customer, cells in listed:
                start, end = self.ends[(customer, classification)]
                self.assertEqual(cells[:5], [*names[customer], str(customer), start, end])
                self.assertIn("up" if moved[customer] > 0 else "down", cells[5])
                self.assertTrue(cells[5].endswith(str(abs(moved[customer]))))
        # The name with markup is text on the page, escaped in the file.
        with open(self.page, encoding="utf-8") as text:
            source = text.read()
        self.assertIn(">報告 &lt;b&gt;Größe&lt;/b&gt; &amp; &quot;Söhne&quot;<", source)
        self.assertNotIn("<b>Größe", source)

    def test_csv_says_what_the_page_says(self):
        rows = list(csv.DictReader(io.StringIO(self.report(
            "--format", "csv", "--top", "1000", "--since", self.since).stdout)))
        self.assertEqual(list(rows[0]), ["section", "classification", "key", "measure", "value"])
        for classification in BEST_FIRST:
            section = self.section(classification)
            mine = [r for r in rows if r["classification"] == classification]
            tiers = self.cells(section.find("table", **{"class": "tiers"})[0], "data-tier")
            self.assertEqual({(r["key"], r["measure"]): r["value"] for r in mine
                              if r["section"] == "tiers"},
                             {(t, m): v for t, cells in tiers.items() if t
                              for m, v in cells.items()})
            trend = {row.attrs["data-tier"]: row.attrs["data-daily"].split()
                     for row in section.find("tr") if "data-daily" in row.attrs}
            by_tier = {}
            for r in mine:
                if r["section"] == "trend":
                    by_tier.setdefault(r["measure"], []).append(r["value"])
            self.assertEqual(by_tier, trend)
            matrix = {(r["key"], r["measure"]): int(r["value"]) for r in mine
                      if r["section"] == "matrix"}
            shown = {(s, e): int(v) for s, cells in self.cells(
                section.find("table", **{"class": "matrix"})[0], "data-from").items()
                for e, v in cells.items() if int(v)}
            self.assertEqual(matrix, shown)
            names = {r["key"]: r["value"] for r in mine
                     if r["section"] == "movers" and r["measure"] == "name"}
            if classification == "value_tier":
                self.assertEqual(names[str(self.marked)], MARKUP_NAME)

    def test_a_period_and_one_classification(self):
        # Without --since: the 90 days up to --until.
        until = str(datetime.date.fromisoformat(self.today) - datetime.timedelta(days=10))
        since = str(datetime.date.fromisoformat(until) - datetime.timedelta(days=89))
        rows = list(csv.DictReader(io.StringIO(self.report(
            "--format", "csv", "--until", until, "--classification", "credit_grade").stdout)))
        self.assertEqual({r["classification"] for r in rows}, {"credit_grade"})
        expected = {}
        for (customer, k), (start, end) in self.period_ends(since, until).items():
            if k == "credit_grade":
                cell = (start or "(none)", end)
                expected[cell] = expected.get(cell, 0) + 1
        self.assertEqual({(r["key"], r["measure"]): int(r["value"]) for r in rows
                          if r["section"] == "matrix"}, expected)
        trend_days = sorted({r["key"] for r in rows if r["section"] == "trend"})
        self.assertEqual((trend_days[0], trend_days[-1], len(trend_days)), (since, until, 90))

    def test_bad_input_is_one_sentence(self):
        cases = [
            (["--since", "2026-02-30"], 2, "error: '2026-02-30' is not a day for --since"),
            (["--since", "2026-05-01", "--until", "2026-04-01"], 2,
             "error: the period starts (2026-05-01) after it ends (2026-04-01)"),
            (["--classification", "nope"], 2, "error: the policy has no classification 'nope'"),
            (["--format", "pdf"], 2, "error: 'pdf' is not allowed for the --format option"),
        ]
        for args, code, message in cases:
            with self.subTest(args=args):
                result = self.report(*args, check=False)
                self.assertEqual(result.returncode, code, result.stderr)
                self.assertEqual(result.stderr.splitlines()[0], message)
                self.assertEqual(result.stdout, "")
        unreachable = harness.tierctl("report", "--policy", self.policy, "--db",
                                      "postgresql://postgres@127.0.0.1:1/nowhere", check=False)
        self.assertEqual(unreachable.returncode, 1)
        self.assertTrue(unreachable.stderr.startswith(
            "error: cannot connect to postgresql://postgres@127.0.0.1:1/nowhere to read the "
            "report's figures"), unreachable.stderr)
        bare = harness.clone_template("it_report_bare")
        try:
            result = harness.tierctl("report", "--policy", self.policy, "--db", harness.uri(bare),
                                     check=False)
        finally:
            harness.drop_database(bare)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("tierd", result.stderr.splitlines()[0])
        self.assertEqual(len(result.stderr.splitlines()[0].split(". ")), 1, result.stderr)


if __name__ == "__main__":
    unittest.main()
