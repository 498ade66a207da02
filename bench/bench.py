#!/usr/bin/python3
"""tierd's benchmark: what the plugin costs the ERP and how fast the daemon keeps up.

Runs against a real Tryton 6.0 database loaded in bulk with SQL (bench/sql/load_data.sql),
with ERP write load from pgbench (bench/pgbench/*.sql), and prints every figure as a ratio
against a baseline measured in the same run, because the machine is shared and absolute
times drift:

  1. ERP write throughput with tierd installed (daemon running) / without it (its triggers
     disabled), at saturation, in alternating runs (--rounds times without, with, with,
     without), with its standard error from the runs' spread, and tierd's share of the
     server's CPU in the runs with it; the same with tierd's triggers and the drain lock
     held, but no daemon at work (their share of the cost); for reference, with a naive
     NOTIFY in every transaction, before tierd is installed. And Tryton's posting through
     Tryton itself (trytond's Invoice.post, one process), with tierd / without, alternating.
  2. Commit-to-reclassification latency p50/p99 at a steady moderate load.
  3. Backlog drain rate: customers re-evaluated per second by one daemon, against the ERP's
     own throughput at posting invoices (how fast a backlog builds); and with one
     connection (--workers 1) against the default two.
  4. Full re-evaluation of every customer / a plain GROUP BY customer over the same invoices
     on one core, as the daemon reads (and, for reference, with PostgreSQL's parallel
     workers), and the daemon's peak memory during the pass against its memory before.
  5. tierctl simulate of a new policy over every customer / the full re-evaluation, and its
     peak memory against the daemon's during its pass.

Usage (bench/README.md has the latest figures this printed):
  bench/run.sh                     1,000,000 customers, 10,000,000 invoices (~35 min)
  bench/run.sh --smoke             a small run of every phase (CI runs it)
  bench/run.sh --customers N --invoices M --seconds S --rounds R
  bench/run.sh --phases full-pass,simulate     only those phases, after the load and the
                                               daemon's first classification
  TIERD_BIN_DIR=DIR bench/bench.py ...         tierd and tierctl from DIR, not build/bin
"""

import argparse
import calendar
import collections
import contextlib
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("TIERD_BIN_DIR", os.path.join(ROOT, "build", "bin"))
PG_BIN = "/usr/lib/postgresql/15/bin"
POLICY = os.path.join(ROOT, "config", "policies", "value_tiers.yaml")
CLUSTER_DIR = "/tmp/tierd-bench-cluster"
# Commits are made durable (fsync, synchronous commit) as in production: a NOTIFY's cost is
# that it serialises commits, which only shows when a commit waits for its WAL flush.
CLUSTER_CONF = """
fsync = on
synchronous_commit = on
full_page_writes = on
track_commit_timestamp = on
shared_buffers = 2GB
work_mem = 64MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
"""
# The naive design tierd avoids: every ERP transaction that changes an invoice notifies.
NAIVE_NOTIFY = """
CREATE FUNCTION public.bench_naive_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('bench_naive', ''); RETURN NULL; END $$;
CREATE TRIGGER bench_naive_notify AFTER INSERT ON account_invoice
    FOR EACH STATEMENT EXECUTE FUNCTION public.bench_naive_notify();
"""
DROP_NAIVE_NOTIFY = "DROP FUNCTION public.bench_naive_notify() CASCADE"
# What tierd logs when it starts yielding to a busy ERP, and when it stops.
YIELDING = "the ERP is busy"
QUIETED = "the ERP quieted down"
# The order of the throughput runs with tierd's triggers (True) and without (False), repeated
# --rounds times: a linear drift of the machine's speed weighs on both sides alike.
ALTERNATION = (False, True, True, False)
# The phases --phases can choose, in the order they are printed; each runs after the load and
# the daemon's first classification of every customer, which every run does.
PHASES = {
    "throughput": "ERP write throughput with tierd / without, pgbench's loads (1)",
    "party-edits": "customers edited in the party form with tierd / without (1c)",
    "tryton": "Tryton's posting through trytond, with tierd / without (1)",
    "latency": "commit-to-reclassification latency (2)",
    "drain": "backlog drain rate (3; over the ERP's throughput only with throughput)",
    "full-pass": "full re-evaluation / GROUP BY customer, and the daemon's memory (4)",
    "simulate": "tierctl simulate / the full re-evaluation, and its memory (5)",
}


# What one pgbench run did: its transactions per second and how many it committed (each
# transaction of the ERP scripts posts one invoice).
PgbenchRun = collections.namedtuple("PgbenchRun", "tps transactions")


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


class Database:
    def __init__(self, port, name):
        self.port, self.name = port, name
        self.env = dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(port), PGUSER="postgres")

    def uri(self, user="postgres"):
        return f"postgresql://{user}@127.0.0.1:{self.port}/{self.name}"

    def psql(self, sql, database=None, variables=()):
        command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                   "-d", database or self.name]
        for name, value in variables:
            command += ["-v", f"{name}={value}"]
        if os.path.isfile(sql):
            command += ["-f", sql]
        else:
            command += ["-c", sql]
        result = subprocess.run(command, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed on {sql[:200]!r}:\n{result.stderr}")
        return result.stdout.strip()

    def value(self, sql):
        return self.psql(sql)

    def settle(self):
        """Leaves no work behind for the next measurement: the dead rows of the previous
        step vacuumed, its dirty pages written out, so that a run does not pay for what came
        before it (at a million customers, tierd's first classification writes millions of
        rows; autovacuum and a checkpoint could otherwise fall in the next run)."""
        self.psql("VACUUM (ANALYZE)")
        self.psql("CHECKPOINT")

    def set_tierd_triggers(self, enabled):
        """Enables or disables tierd's triggers on the ERP's tables (and nothing else)."""
        self.psql("DO $$ DECLARE t record; BEGIN "
                  "FOR t IN SELECT tgrelid::regclass AS rel, tgname FROM pg_trigger "
                  "WHERE tgname LIKE 'tierd\\_%' AND NOT tgisinternal LOOP "
                  f"EXECUTE format('ALTER TABLE %s {'ENABLE' if enabled else 'DISABLE'} "
                  "TRIGGER %I', t.rel, t.tgname); END LOOP; END $$")

    def timed(self, sql):
        """Seconds `sql` takes, run through psql (it should return few rows)."""
        start = time.monotonic()
        self.psql(sql)
        return time.monotonic() - start

    def pgbench(self, scripts, clients, seconds, rate=None, defines=()):
        command = [f"{PG_BIN}/pgbench", "-n", "-c", str(clients), "-j", str(min(clients, 2)),
                   "-T", str(seconds)]
        for script in scripts:
            command += ["-f", script]
        for name, value in defines:
            command += ["-D", f"{name}={value}"]
        if rate:
            command += ["--rate", str(rate)]
        command.append(self.name)  # last: pgbench's -d means --debug, not the database
        result = subprocess.run(command, env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"pgbench failed:\n{result.stdout}\n{result.stderr}")
        tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout)
        done = re.search(r"number of transactions actually processed: (\d+)", result.stdout)
        if not tps or not done:
            raise RuntimeError(f"pgbench printed no tps or count:\n{result.stdout}")
        return PgbenchRun(float(tps.group(1)), int(done.group(1)))


def simulate_cost(db):
    """tierctl simulate of a policy with every threshold halved over the whole database, as
    the finance lead runs it before a change: its wall time and its peak memory (kB: its
    VmHWM, read every 20 ms while it runs; not wait4's ru_maxrss, which Linux makes at
    least the forking parent's RSS, this benchmark's own: 86 MB once trytond is loaded)."""
    with open(POLICY, encoding="utf-8") as handle:
        halved = re.sub(r">= ([0-9,]+)",
                        lambda m: f">= {int(m.group(1).replace(',', '')) // 2}",
                        handle.read()).replace("version: 1", "version: 2")
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as policy:
        policy.write(halved)
        policy.flush()
        started = time.monotonic()
        with tempfile.TemporaryFile() as errors:
            child = subprocess.Popen(
                [os.path.join(BIN, "tierctl"), "simulate", policy.name, "--current", POLICY,
                 "--format", "json", "--db", db.uri("tierd")],
                stdout=subprocess.DEVNULL, stderr=errors)
            peak_kb = 0
            while child.poll() is None:
                peak_kb = max(peak_kb, process_memory_kb(child.pid, "VmHWM"))
                time.sleep(0.02)
            seconds = time.monotonic() - started
            if child.returncode != 0:
                errors.seek(0)
                raise RuntimeError(f"tierctl simulate failed ({child.returncode}): "
                                   f"{errors.read().decode()}")
    return seconds, peak_kb


def process_memory_kb(pid, field):
    """A process's resident memory now (VmRSS) or at its peak so far (VmHWM); 0 once it
    has exited."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


class Daemon:
    """tierd as in production: as its least-privilege role, the log captured."""

    # Every daemon started, so that a benchmark that fails half way leaves none running: a
    # daemon left behind reconnects to the next run's database of the same name and port,
    # and works beside that run's own.
    started = []

    def __init__(self, database, *options):
        self.log = tempfile.NamedTemporaryFile(prefix="tierd-bench-", suffix=".log",
                                               delete=False)
        self.process = subprocess.Popen(
            [os.path.join(BIN, "tierd"), "--db", database.uri("tierd"), "--policy", POLICY,
             "--metrics-listen", "off", *options],
            stdout=self.log, stderr=subprocess.STDOUT)
        Daemon.started.append(self.process)

    @classmethod
    def kill_all(cls):
        for process in cls.started:
            if process.poll() is None:
                process.kill()
                process.wait()

    def output(self):
        with open(self.log.name) as f:
            return f.read()

    def memory_kb(self, field="VmRSS"):
        """The daemon's resident memory now (VmRSS) or at its peak so far (VmHWM)."""
        return process_memory_kb(self.process.pid, field)

    def wait_for(self, text, timeout, count=1):
        deadline = time.monotonic() + timeout
        while self.output().count(text) < count:
            if self.process.poll() is not None:
                raise RuntimeError(f"tierd exited:\n{self.output()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"tierd did not log '{text}' in {timeout} s")
            time.sleep(0.05)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=120)
        if code != 0:
            raise RuntimeError(f"tierd exited with {code}:\n{self.output()}")
        os.unlink(self.log.name)


class DrainLockHolder:
    """Holds the drain lock as a draining daemon does, from an idle session: the triggers
    then send no NOTIFY. A session in a statement (pg_sleep) would instead hold back the
    oldest snapshot, and the ERP's updated rows would pile up unvacuumed."""

    def __init__(self, database):
        self.database = database

    def __enter__(self):
        self.connection = psycopg2.connect(host="127.0.0.1", port=self.database.port,
                                           user="postgres", dbname=self.database.name)
        self.connection.autocommit = True
        self.connection.cursor().execute(
            "SELECT pg_advisory_lock_shared(tierd.lock_class(), 1)")
        return self

    def __exit__(self, *exception):
        self.connection.close()


class TierdCpuMeter:
    """The CPU time tierd takes while it is used: its daemon process and its database
    sessions (those of its role, found in pg_stat_activity), from /proc. A share of the
    server's CPU is a steadier figure on a shared machine than a throughput, which drifts
    with the neighbours' load."""

    def __init__(self, database, daemon):
        self.database, self.daemon = database, daemon
        self.seconds = 0.0  # CPU seconds, over all measured spans
        self.wall = 0.0     # wall seconds, over all measured spans

    def pids(self):
        sessions = self.database.value("SELECT string_agg(pid::text, ' ') FROM pg_stat_activity "
                                       "WHERE usename = 'tierd'")
        return [self.daemon.process.pid] + [int(pid) for pid in sessions.split()]

    @staticmethod
    def cpu_seconds(pid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                # utime and stime, fields 14 and 15, after the parenthesised command name
                fields = stat.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            return 0.0  # a session that ended
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def __enter__(self):
        self.started = {pid: self.cpu_seconds(pid) for pid in self.pids()}
        self.started_at = time.monotonic()
        return self

    def __exit__(self, *exception):
        # Sessions opened meanwhile count from their start, sessions that ended are lost.
        ended = {pid: self.cpu_seconds(pid) for pid in self.pids()}
        self.wall += time.monotonic() - self.started_at
        self.seconds += sum(cpu - self.started.get(pid, 0.0) for pid, cpu in ended.items())

    def share(self):
        """tierd's CPU over the server's (every core, for the measured spans)."""
        return self.seconds / max(self.wall * os.cpu_count(), 1e-9)


class WakeupCounter:
    """Counts the NOTIFYs the ERP's transactions send to wake tierd, while it runs."""

    def __init__(self, database):
        self.connection = psycopg2.connect(host="127.0.0.1", port=database.port, user="postgres",
                                           dbname=database.name)
        self.connection.autocommit = True
        self.connection.cursor().execute("LISTEN tierd_wakeup")
        self.count = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.listen)
        self.thread.start()

    def listen(self):
        while not self.stopping.is_set():
            if select.select([self.connection], [], [], 0.2)[0]:
                self.connection.poll()
                self.count += len(self.connection.notifies)
                self.connection.notifies.clear()

    def stop(self):
        self.stopping.set()
        self.thread.join()
        self.connection.close()
        return self.count


def tryton_posting_rates(db, rounds, per_run):
    """Invoices posted per second by Tryton's own Invoice.post (trytond in this process,
    through its business logic: 100-600 ms a posting), with tierd's triggers and without,
    in runs of per_run postings that alternate as the pgbench runs do. Returns the rates of
    the runs with and without."""
    os.environ.update(PGHOST="127.0.0.1", PGPORT=str(db.port), PGUSER="postgres")
    sys.path.insert(0, os.path.join(ROOT, "tests", "tryton"))
    with warnings.catch_warnings():  # trytond 6.0 imports the crypt module, deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        import erp  # trytond reads where the server is when first imported
    erp.connect(db.name)
    party = erp.create_customer("Bench posting")
    order = ALTERNATION * rounds
    drafts = [erp.draft_invoice(party, 100) for _ in range((len(order) + 1) * per_run)]
    for invoice in drafts[:per_run]:  # Tryton's caches warmed before the first run
        erp.post_draft(invoice)
    drafts = iter(drafts[per_run:])
    rates = {True: [], False: []}
    for with_triggers in order:
        db.set_tierd_triggers(with_triggers)
        started = time.monotonic()
        for _ in range(per_run):
            erp.post_draft(next(drafts))
        rates[with_triggers].append(per_run / (time.monotonic() - started))
    db.set_tierd_triggers(True)
    return rates[True], rates[False]


def log_time(line):
    """The time of a tierd log line: its `ts=YYYY-mm-ddTHH:MM:SS.mmmZ` field (UTC)."""
    stamp = re.match(r"ts=(\d+-\d+-\d+T\d+:\d+:\d+)\.(\d+)Z ", line)
    if stamp is None:
        raise RuntimeError(f"not a tierd log line (no ts= field): {line!r}")
    return calendar.timegm(time.strptime(stamp.group(1), "%Y-%m-%dT%H:%M:%S")) + \
        int(stamp.group(2)) / 1000


def pass_seconds(output, source):
    lines = output.splitlines()
    started = [l for l in lines if f"re-evaluating every customer ({source})" in l][-1]
    ended = [l for l in lines if f"re-evaluated every customer ({source})" in l][-1]
    return log_time(ended) - log_time(started)


def wait_until(predicate, what, timeout=120, interval=0.1):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(interval)


def ratio_with_error(numerators, denominators):
    """mean(numerators) / mean(denominators), and its standard error: the two means' errors,
    from the spread of their runs, carried into the ratio to first order. The spread
    includes the machine's drift, which the alternation cancels in the ratio itself, so the
    error is on the safe side."""
    top, bottom = statistics.mean(numerators), statistics.mean(denominators)
    ratio = top / bottom
    relative = [statistics.variance(values) / (len(values) * statistics.mean(values) ** 2)
                for values in (numerators, denominators) if len(values) > 1]
    return ratio, ratio * sum(relative) ** 0.5


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def phase_set(text):
    """The phases named in `text`, comma-separated (the --phases option's type)."""
    phases = {name.strip() for name in text.split(",")}
    unknown = sorted(phases - PHASES.keys())
    if unknown:
        raise argparse.ArgumentTypeError(f"no phase {', '.join(unknown)}: the phases are "
                                         f"{', '.join(PHASES)}")
    return phases


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog="phases (--phases):\n" +
        "".join(f"  {name:<11} {what}\n" for name, what in PHASES.items()) +
        "\ntierd and tierctl are run from $TIERD_BIN_DIR if set, else from build/bin.")
    parser.add_argument("--smoke", action="store_true", help="a small, quick run")
    parser.add_argument("--customers", type=int)
    parser.add_argument("--invoices", type=int)
    parser.add_argument("--seconds", type=int, help="duration of each pgbench run")
    parser.add_argument("--clients", type=int, default=8, help="pgbench clients at saturation")
    parser.add_argument("--rounds", type=int, help="times the throughput runs alternate "
                        "(without, with, with, without), per load")
    parser.add_argument("--rate", type=int, default=50, help="invoices/s for the latency run")
    parser.add_argument("--backlog", type=int, default=20_000,
                        help="customers queued at once for the drain rate")
    parser.add_argument("--port", type=int, default=55435)
    parser.add_argument("--phases", type=phase_set, default=set(PHASES),
                        help="run only these phases, comma-separated (default: all; "
                        "their names below)")
    parser.add_argument("--template", help="clone this Tryton database on an already running "
                        "cluster at --port instead of starting one (the test suite's)")
    args = parser.parse_args()
    customers = args.customers or (2000 if args.smoke else 1_000_000)
    invoices = args.invoices or (20_000 if args.smoke else 10_000_000)
    seconds = args.seconds or (3 if args.smoke else 20)
    args.rounds = args.rounds or (1 if args.smoke else 3)
    db = Database(args.port, "tierd_bench")
    started_cluster = not args.template
    try:
        if started_cluster:
            env = dict(os.environ, PG_CLUSTER_EXTRA_CONF=CLUSTER_CONF)
            subprocess.run([os.path.join(ROOT, "tests/harness/pg_cluster.sh"), "start",
                            CLUSTER_DIR, str(args.port)], env=env, check=True)
            log("creating the Tryton database (about 90 s)")
            subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/tryton/create_template.py"),
                            db.name], env=db.env, check=True, stderr=subprocess.DEVNULL)
        else:
            db.psql(f"DROP DATABASE IF EXISTS {db.name}", database="postgres")
            db.psql(f"CREATE DATABASE {db.name} TEMPLATE {args.template}", database="postgres")
        run(db, args, customers, invoices, seconds)
    finally:
        Daemon.kill_all()
        if started_cluster:
            subprocess.run([os.path.join(ROOT, "tests/harness/pg_cluster.sh"), "stop",
                            CLUSTER_DIR])
        else:
            db.psql(f"DROP DATABASE IF EXISTS {db.name} WITH (FORCE)", database="postgres")


def run(db, args, customers, invoices, seconds):
    phases = args.phases
    started = time.monotonic()
    log(f"loading {customers:,} customers and {invoices:,} invoices")
    db.psql(os.path.join(ROOT, "bench/sql/load_data.sql"),
            variables=[("customers", customers), ("invoices", invoices),
                       # a book as most companies keep it: some 7% of two years unpaid
                       ("paid_share", 0.93)])
    log(f"loaded in {time.monotonic() - started:.0f} s; database size "
        f"{db.value(f'SELECT pg_size_pretty(pg_database_size(current_database()))')}")
    bounds = db.value("SELECT min(id) || ' ' || max(id) FROM party_party p WHERE NOT EXISTS "
                      "(SELECT 1 FROM company_company c WHERE c.party = p.id)").split()
    defines = [("min_party", bounds[0]), ("max_party", bounds[1])]
    post = os.path.join(ROOT, "bench/pgbench/erp_post_invoice.sql")
    probe = os.path.join(ROOT, "bench/pgbench/erp_probe.sql")
    figures = []

    # 1. Throughput at saturation, with and without tierd; the naive design for reference.
    #    Two loads: Tryton's own posting, whose strict invoice numbering (a row lock held to
    #    the commit) already serialises the posting transactions; and the same writes with
    #    the number taken from the invoice id, so commits run in parallel as most ERP writes
    #    do (payments, sales, imports): there a NOTIFY per transaction shows what it costs.
    loads = {"Tryton's posting": defines, "parallel writes": defines + [("number_lock", 0)]}

    def queue_empty():
        return db.value("SELECT count(*) FROM tierd.queue") == "0"

    def saturate(load, meter=contextlib.nullcontext()):
        db.settle()
        with meter:
            return db.pgbench([post], args.clients, seconds, defines=loads[load])
    if "throughput" in phases:
        log(f"ERP write throughput: {args.clients} clients, {seconds} s per run")
        before_install = {load: saturate(load).tps for load in loads}
        db.psql(NAIVE_NOTIFY)
        naive = {load: saturate(load).tps for load in loads}
        db.psql(DROP_NAIVE_NOTIFY)
    subprocess.run([os.path.join(BIN, "tierctl"), "install", "--plugin", "tryton", "--db",
                    db.uri()], check=True, stdout=subprocess.DEVNULL)
    if "throughput" in phases:
        # The triggers' share of tierd's cost: installed, the drain lock held as a draining
        # daemon holds it (so they send no NOTIFY), nobody evaluating. The events they
        # queued are dropped: the first classification below covers their customers, and is
        # timed alone.
        with DrainLockHolder(db):
            triggers_only = {load: saturate(load).tps for load in loads}
        db.psql("DELETE FROM tierd.queue")
    daemon = Daemon(db)
    started = time.monotonic()
    daemon.wait_for("re-evaluated every customer (start)", timeout=24 * 3600)
    log(f"first classification of every customer: {time.monotonic() - started:.0f} s")
    # Its millions of writes vacuumed and checkpointed, whichever phase comes next (the
    # throughput runs settle anyway; the full pass, run next if they are not, does not).
    db.settle()
    first_rate = None  # with tierd, at parallel writes (the last load): how fast a backlog builds
    for load in loads if "throughput" in phases else ():
        # Runs with and without tierd's triggers alternate, so that the drift of a shared
        # machine weighs on both sides alike. Without: the triggers disabled and the daemon
        # idle.
        runs, waiting, caught_up, posted, notified = [], 0, 0.0, 0, 0
        cpu = TierdCpuMeter(db, daemon)
        order = ALTERNATION * args.rounds
        for with_triggers in order:
            db.set_tierd_triggers(with_triggers)
            if not with_triggers:
                runs.append(saturate(load).tps)
                continue
            wakeups = WakeupCounter(db)
            measured = saturate(load, cpu)
            runs.append(measured.tps)
            notified += wakeups.stop()
            posted += measured.transactions
            # tierd yields to the saturated ERP (--erp-busy-sessions): what it left for
            # later, and how long it took once the load stopped. The next run then starts
            # with tierd idle: a run's backlog is not the next one's work.
            waiting += int(db.value("SELECT count(DISTINCT customer_id) FROM tierd.queue"))
            catching_up = time.monotonic()
            wait_until(queue_empty, "the run's backlog to drain", timeout=3600)
            caught_up += time.monotonic() - catching_up
        db.set_tierd_triggers(True)
        with_tierd = [tps for tps, on in zip(runs, order) if on]
        without = [tps for tps, on in zip(runs, order) if not on]
        ratio, error = ratio_with_error(with_tierd, without)
        baseline = statistics.mean(without)
        first_rate = statistics.mean(with_tierd)
        figures.append((f"ERP write throughput with tierd / without ({load})", f"{ratio:.2f}",
                        f"{first_rate:.0f} vs {baseline:.0f} invoices/s, "
                        f"standard error {error:.2f} (target >= 0.90)"))
        figures.append(("  its runs, in order: " +
                        ", ".join("with" if on else "without" for on in ALTERNATION) +
                        (f"; {args.rounds} times" if args.rounds > 1 else ""),
                        "", ", ".join(f"{tps:.0f}" for tps in runs)))
        figures.append(("  tierd's CPU (daemon and sessions) / the server's, in the runs with",
                        f"{cpu.share():.3f}", f"{cpu.seconds:.1f} s of {cpu.wall:.0f} s on "
                        f"{os.cpu_count()} cores"))
        figures.append(("  the triggers alone, no daemon at work / without",
                        f"{triggers_only[load] / baseline:.2f}",
                        f"{triggers_only[load]:.0f} invoices/s"))
        figures.append(("  customers left waiting at a run's end / invoices posted",
                        f"{waiting / max(posted, 1):.2f}",
                        f"{waiting // len(with_tierd):,} a run, evaluated "
                        f"{caught_up / len(with_tierd):.0f} s after it"))
        figures.append(("  ERP transactions that sent NOTIFY / all",
                        f"{notified / max(posted, 1):.4f}", f"{notified} of {posted:,}"))
        figures.append(("  for reference: a NOTIFY per transaction / before install",
                        f"{naive[load] / before_install[load]:.2f}",
                        f"{naive[load]:.0f} vs {before_install[load]:.0f} invoices/s"))

    # 1c. Edits of who the customer is (plugin version 5's triggers on party_address and
    #     party_category_rel): a user saves a customer in the party form with another city
    #     and a category taken off and put back; with tierd's triggers and without,
    #     alternating as above. None of these tables is on the posting path.
    if "party-edits" in phases:
        category = db.value("INSERT INTO party_category (name, active, create_uid, create_date) "
                            "VALUES ('bench segment', true, 1, now()) RETURNING id")
        edit = os.path.join(ROOT, "bench/pgbench/erp_edit_party.sql")
        runs = []
        order = ALTERNATION * args.rounds
        for with_triggers in order:
            db.set_tierd_triggers(with_triggers)
            db.settle()
            runs.append(db.pgbench([edit], args.clients, seconds,
                                   defines=[("category", category)]).tps)
            wait_until(queue_empty, "the edits' customers to be evaluated", timeout=3600)
        db.set_tierd_triggers(True)
        with_tierd = [tps for tps, on in zip(runs, order) if on]
        without = [tps for tps, on in zip(runs, order) if not on]
        ratio, error = ratio_with_error(with_tierd, without)
        figures.append(("ERP party edits with tierd / without (address, category)",
                        f"{ratio:.2f}", f"{statistics.mean(with_tierd):.0f} vs "
                        f"{statistics.mean(without):.0f} edits/s, standard error {error:.2f}"))
        figures.append(("  its runs, in order: " +
                        ", ".join("with" if on else "without" for on in ALTERNATION) +
                        (f"; {args.rounds} times" if args.rounds > 1 else ""),
                        "", ", ".join(f"{tps:.0f}" for tps in runs)))

    # 1b. Tryton's posting through Tryton itself: measured last (below), printed here.
    tryton_figure_at = len(figures)

    # 2. Latency from the ERP's commit to tierd's commit of the new tier, for new customers
    #    whose first invoice classifies them, amid a steady stream of other invoices.
    # The last saturation run left tierd yielding: it works at full speed again once its
    # gauge of the ERP's load has decayed, a few seconds on.
    if "latency" in phases:
        wait_until(lambda: daemon.output().count(QUIETED) >= daemon.output().count(YIELDING),
                   "tierd to notice that the ERP quieted down")
        log(f"latency: {args.rate} invoices/s for {seconds * 2} s")
        yielded_before = daemon.output().count(YIELDING)
        db.pgbench([post + "@9", probe + "@1"], 4, seconds * 2, rate=args.rate,
                   defines=defines)
        yielded = daemon.output().count(YIELDING) - yielded_before
        wait_until(lambda: db.value("SELECT count(*) FROM party_party p "
                                    "WHERE p.name LIKE 'Probe %' AND NOT EXISTS "
                                    "(SELECT 1 FROM tierd.audit_log a "
                                    "WHERE a.customer_id = p.id)") == "0",
                   "every probe classified")
        latencies = [float(v) for v in db.value(
            "SELECT extract(epoch FROM pg_xact_commit_timestamp(a.xmin) "
            "                        - pg_xact_commit_timestamp(p.xmin)) * 1000 "
            "FROM party_party p JOIN tierd.audit_log a ON a.customer_id = p.id "
            "WHERE p.name LIKE 'Probe %'").split()]
        if not latencies:
            raise RuntimeError("no probe customer was classified")
        figures.append(("commit-to-reclassification latency p50",
                        f"{percentile(latencies, 0.50):.0f} ms", f"{len(latencies)} probes"))
        figures.append(("commit-to-reclassification latency p99",
                        f"{percentile(latencies, 0.99):.0f} ms", "(target < 250 ms)"))
        figures.append(("  times tierd yielded to the ERP meanwhile", f"{yielded}",
                        "(a moderate load leaves room: expected 0)"))

    # 3. A backlog: a bulk import touching many customers at once, drained by one daemon
    #    as it runs by default (--workers 2: its own connection and a helper's, each
    #    evaluating batches on one of the server's cores), and with --workers 1 after the
    #    full pass below.
    backlog = min(customers, args.backlog)

    def drain():
        # Queued as a bulk import's statement trigger queues them, in one INSERT, and with
        # its wake-up of an idle daemon (tierd.enqueue does both): rows inserted into the
        # queue without it would wait for the daemon's fallback poll (up to a second), and
        # that wait would be measured.
        db.psql(f"SELECT tierd.enqueue(array_agg(id)) FROM (SELECT id FROM party_party "
                f"WHERE id BETWEEN {bounds[0]} AND {bounds[1]} "
                f"ORDER BY random() LIMIT {backlog}) AS backlog")
        started = time.monotonic()
        wait_until(queue_empty, "the backlog to drain", timeout=3600, interval=0.02)
        return backlog / (time.monotonic() - started)
    if "drain" in phases:
        drain_rate = drain()
        figures.append(("backlog drain rate / ERP invoice throughput",
                        f"{drain_rate / first_rate:.1f}" if first_rate else "",
                        f"{drain_rate:,.0f} customers/s, one daemon (target >= 5,000)"))

    # 4. Full re-evaluation, measured as the start-up pass of a restarted daemon (which
    #    reads and evaluates on one connection each, whatever its --workers). The drain
    #    with one connection and simulate's figures need this daemon and its pass.
    if phases & {"drain", "full-pass", "simulate"}:
        daemon.stop()
        daemon = Daemon(db, "--workers", "1")
        daemon.wait_for("connected to", timeout=60)
        rss_before = daemon.memory_kb()
        daemon.wait_for("re-evaluated every customer (start)", timeout=24 * 3600)
        full_pass = pass_seconds(daemon.output(), "start")
        rss_peak = daemon.memory_kb("VmHWM")
    if "drain" in phases:
        one_worker_rate = drain()
        figures.append(("  with one connection (--workers 1) / with two",
                        f"{one_worker_rate / drain_rate:.2f}",
                        f"{one_worker_rate:,.0f} customers/s"))

    # 1b. Tryton's posting through Tryton itself, whose Python work between statements the
    #     pgbench script leaves out (and whose updates fire more of tierd's triggers). One
    #     process is its saturation: Tryton takes the strict sequence's row with NOWAIT, so
    #     a second posting at once fails on the lock (and Tryton's dispatcher retries it).
    #     Measured after the daemon's figures: at a million customers a posting through
    #     Tryton takes some 600 ms of the server, and the phase some 3 minutes of it.
    if "tryton" in phases:
        log("Tryton's own posting, through trytond")
        posting_with, posting_without = tryton_posting_rates(db, args.rounds,
                                                             5 if args.smoke else 20)
        ratio, error = ratio_with_error(posting_with, posting_without)
        figures.insert(tryton_figure_at, (
            "ERP write throughput with tierd / without (Tryton's posting in trytond)",
            f"{ratio:.2f}", f"{statistics.mean(posting_with):.1f} vs "
            f"{statistics.mean(posting_without):.1f} invoices/s, standard error {error:.2f}, "
            "one process (target >= 0.90)"))
    daemon.stop()
    if "simulate" in phases:
        log("tierctl simulate over every customer")
        simulate_seconds, simulate_kb = simulate_cost(db)
    if "full-pass" in phases:
        # The floor, twice: on one core, as the daemon reads (its sessions use no parallel
        # workers, leaving the other cores to the ERP), and with PostgreSQL's parallel
        # workers.
        floor_sql = ("SELECT count(*), sum(n), sum(total) FROM ("
                     "  SELECT i.party, count(*) AS n, sum(l.debit - l.credit) AS total"
                     "  FROM account_invoice i JOIN account_move_line l"
                     "    ON l.move = i.move AND l.account = i.account"
                     "  WHERE i.type = 'out' GROUP BY i.party) AS per_customer")
        # The figure the target is for is timed second, when the first read warmed the
        # caches.
        group_by_parallel = db.timed(floor_sql)
        group_by_one_core = db.timed("SET max_parallel_workers_per_gather = 0; " + floor_sql)
        figures.append(("full re-evaluation / GROUP BY customer, one core like the daemon",
                        f"{full_pass / group_by_one_core:.2f}",
                        f"{full_pass:.1f} s vs {group_by_one_core:.1f} s for {customers:,} "
                        f"customers, {invoices:,} invoices (target <= 2)"))
        figures.append(("  the same GROUP BY with parallel workers",
                        f"{full_pass / group_by_parallel:.2f}",
                        f"{group_by_parallel:.1f} s"))
        figures.append(("  daemon memory: peak during the pass / before it",
                        f"{rss_peak / max(rss_before, 1):.2f}",
                        f"{rss_peak / 1024:.0f} MB vs {rss_before / 1024:.0f} MB"))

    if "simulate" in phases:
        figures.append(("tierctl simulate (a new policy, every customer) / full re-evaluation",
                        f"{simulate_seconds / full_pass:.2f}",
                        f"{simulate_seconds:.1f} s vs {full_pass:.1f} s, read-only, JSON out"))
        figures.append(("  simulate's peak memory / the daemon's during its pass",
                        f"{simulate_kb / max(rss_peak, 1):.2f}",
                        f"{simulate_kb / 1024:.0f} MB vs {rss_peak / 1024:.0f} MB"))

    print(f"\ntierd benchmark: {customers:,} customers, {invoices:,} invoices, "
          f"{os.cpu_count()} cores" +
          ("" if phases == PHASES.keys() else
           f"; only the phases {', '.join(p for p in PHASES if p in phases)}") + "\n")
    width = max(len(name) for name, _, _ in figures)
    for name, ratio, detail in figures:
        print(f"  {name:<{width}}  {ratio:>8}   {detail}")


if __name__ == "__main__":
    main()
