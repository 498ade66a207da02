#!/usr/bin/python3
"""What tierd's Odoo triggers cost Odoo's writes: invoices created and posted per second by
pgbench replaying the writes Odoo 17 sends for that (bench/pgbench/odoo_post_invoice.sql),
with tierd's triggers enabled over the same with them disabled, in alternating runs (without,
with, with, without; --rounds times), on a restored copy of a recorded Odoo 17 database.

The triggers are measured alone, as bench/bench.py's "triggers alone" figure: the drain lock
is held by an idle session, as a draining daemon holds it, so they send no NOTIFY, and no
daemon evaluates meanwhile (what the daemon itself costs is bench/bench.py's to measure,
on Tryton at a million customers). The database is small (the fixture's customers, and
--partners copies of one of them so that the clients do not all write for the same few
partners): the figure is the triggers' cost per statement on Odoo-shaped writes, not a
measure of Odoo at scale.

Usage (bench/README.md has the latest figures this printed):
  bench/bench_odoo.py --dump PATH/odoo17_account.dump [--seconds 20] [--rounds 3]
                      [--clients 8] [--partners 1000] [--port 55522]
It starts a PostgreSQL cluster of its own (durable commits, as in production) in
/tmp/tierd-bench-odoo-cluster and stops it at the end; tierctl comes from $TIERD_BIN_DIR,
else build/bin.
"""

import argparse
import datetime
import os
import re
import statistics
import subprocess
import sys
import time

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("TIERD_BIN_DIR", os.path.join(ROOT, "build", "bin"))
PG_BIN = "/usr/lib/postgresql/15/bin"
SCRIPT = os.path.join(ROOT, "bench", "pgbench", "odoo_post_invoice.sql")
PG_CLUSTER = os.path.join(ROOT, "tests", "harness", "pg_cluster.sh")
CLUSTER_DIR = "/tmp/tierd-bench-odoo-cluster"
DATABASE = "bench_odoo"
# Commits are durable (fsync, synchronous commit), as in production.
CLUSTER_CONF = """
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 256MB
max_wal_size = 2GB
"""
# The order of the runs with tierd's triggers (True) and without (False), repeated --rounds
# times: a linear drift of the machine's speed weighs on both sides alike.
ALTERNATION = (False, True, True, False)
# Copies of a customer of the fixture (Punctual Supplies Inc, id 7, a company with an
# address), as the customers the script posts invoices for: every column as Odoo wrote it,
# but the id, the name and the commercial partner (itself).
COPY_PARTNERS = """
    INSERT INTO res_partner
    SELECT copy.*
    FROM res_partner p
    CROSS JOIN generate_series(1, %(count)s) AS n
    CROSS JOIN LATERAL jsonb_populate_record(
        NULL::res_partner,
        to_jsonb(p) || jsonb_build_object('id', nextval('res_partner_id_seq'),
                                          'name', 'Bench Customer ' || n,
                                          'complete_name', 'Bench Customer ' || n)) AS copy
    WHERE p.id = 7;
    UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE 'Bench Customer %%';
    SELECT min(id), max(id) FROM res_partner WHERE name LIKE 'Bench Customer %%'"""


def log(message):
    print(f"bench_odoo: {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class Cluster:
    """A throwaway PostgreSQL cluster of the benchmark's own."""

    def __init__(self, port):
        self.port = port
        self.env = dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(port), PGUSER="postgres")

    def start(self):
        # tests/harness/pg_cluster.sh runs it as the postgres user when run as root; later
        # settings win over its test defaults (fsync off).
        run([PG_CLUSTER, "start", CLUSTER_DIR, str(self.port)],
            env=dict(os.environ, PG_CLUSTER_EXTRA_CONF=CLUSTER_CONF))

    def stop(self):
        subprocess.run([PG_CLUSTER, "stop", CLUSTER_DIR], capture_output=True)

    def connect(self, database=DATABASE):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                      dbname=database)
        connection.autocommit = True
        return connection

    def execute(self, sql, params=None):
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def uri(self):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{DATABASE}"


def restore(cluster, dump, partners):
    """The dump in a new database, scaled up by `partners` customers; their id range."""
    connection = cluster.connect("postgres")
    connection.cursor().execute(f"CREATE DATABASE {DATABASE}")
    connection.close()
    run(["pg_restore", "--exit-on-error", "--no-owner", "-d", DATABASE, dump], env=cluster.env)
    first, last = cluster.execute(COPY_PARTNERS, {"count": partners})[0]
    return first, last


def settle(cluster):
    """An empty queue, the previous run's dead rows vacuumed and its pages written out."""
    cluster.execute("DELETE FROM tierd.queue")
    cluster.execute("VACUUM (ANALYZE)")
    cluster.execute("CHECKPOINT")


def set_tierd_triggers(cluster, enabled):
    """Enables or disables tierd's triggers on Odoo's tables (and nothing else)."""
    cluster.execute("DO $$ DECLARE t record; BEGIN "
                    "FOR t IN SELECT tgrelid::regclass AS rel, tgname FROM pg_trigger "
                    "WHERE tgname LIKE 'tierd\\_%' AND NOT tgisinternal LOOP "
                    f"EXECUTE format('ALTER TABLE %s {'ENABLE' if enabled else 'DISABLE'} "
                    "TRIGGER %I', t.rel, t.tgname); END LOOP; END $$")


def pgbench(cluster, clients, seconds, partners):
    """Invoices created and posted per second, and how many."""
    output = run([f"{PG_BIN}/pgbench", "-n", "-M", "simple", "-c", str(clients),
                  "-j", str(min(clients, 2)), "-T", str(seconds), "-f", SCRIPT,
                  "-D", f"min_partner={partners[0]}", "-D", f"max_partner={partners[1]}",
                  DATABASE], env=cluster.env)
    tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    done = re.search(r"number of transactions actually processed: (\d+)", output)
    if not tps or not done:
        raise RuntimeError(f"pgbench printed no tps or count:\n{output}")
    return float(tps.group(1)), int(done.group(1))


def ratio_with_error(numerators, denominators):
    """mean(numerators) / mean(denominators), and its standard error from the runs' spread
    (the same as bench/bench.py's)."""
    top, bottom = statistics.mean(numerators), statistics.mean(denominators)
    ratio = top / bottom
    relative = [statistics.variance(values) / (len(values) * statistics.mean(values) ** 2)
                for values in (numerators, denominators) if len(values) > 1]
    return ratio, ratio * sum(relative) ** 0.5


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", required=True,
                        help="the pg_dump -Fc of the recorded Odoo 17 database "
                             "(odoo17_account.dump)")
    parser.add_argument("--seconds", type=int, default=20, help="duration of each pgbench run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times the four runs (without, with, with, without) are made")
    parser.add_argument("--clients", type=int, default=8, help="pgbench clients")
    parser.add_argument("--partners", type=int, default=1000,
                        help="customers added, copies of one of the fixture's")
    parser.add_argument("--port", type=int, default=55522, help="the benchmark cluster's port")
    args = parser.parse_args()
    if not os.path.isfile(args.dump):
        parser.error(f"no dump at {args.dump}")

    cluster = Cluster(args.port)
    cluster.start()
    try:
        log("restoring the dump")
        partners = restore(cluster, args.dump, args.partners)
        run([os.path.join(BIN, "tierctl"), "install", "--plugin", "odoo", "--db", cluster.uri()])
        invoices = cluster.execute("SELECT count(*) FROM account_move "
                                   "WHERE move_type IN ('out_invoice', 'out_refund')")[0][0]
        # The drain lock held from an idle session, as a draining daemon holds it.
        holder = cluster.connect()
        holder.cursor().execute("SELECT pg_advisory_lock_shared(tierd.lock_class(), 1)")
        rates = {True: [], False: []}
        queued = {True: 0, False: 0}
        posted = {True: 0, False: 0}
        for round_ in range(args.rounds):
            for enabled in ALTERNATION:
                settle(cluster)
                set_tierd_triggers(cluster, enabled)
                tps, done = pgbench(cluster, args.clients, args.seconds, partners)
                rows = cluster.execute("SELECT count(*) FROM tierd.queue")[0][0]
                log(f"round {round_ + 1}, triggers {'on ' if enabled else 'off'}: "
                    f"{tps:.1f} invoices/s, {done} posted, {rows} queue rows")
                rates[enabled].append(tps)
                queued[enabled] += rows
                posted[enabled] += done
        holder.close()
        set_tierd_triggers(cluster, True)
        # The measurement checks itself: the triggers queued every posting, and only them.
        if queued[False] != 0 or queued[True] < posted[True]:
            raise RuntimeError(f"queue rows {queued} for postings {posted}: the triggers "
                               "were not on and off as measured")
    finally:
        cluster.stop()

    ratio, error = ratio_with_error(rates[True], rates[False])
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    print(f"tierd benchmark, Odoo 17 (the recorded fixture): {17 + args.partners:,} customers, "
          f"{invoices} invoices before the runs, {os.cpu_count()} cores; commit {commit}, "
          f"{datetime.date.today()}")
    print(f"  {args.clients} clients, runs of {args.seconds} s, {args.rounds} rounds of "
          "without, with, with, without")
    print()
    print(f"  Odoo's invoice posting writes, tierd's triggers / none   "
          f"{ratio:.2f} ± {error:.2f}   {statistics.mean(rates[True]):.1f} vs "
          f"{statistics.mean(rates[False]):.1f} invoices/s")
    print("    runs with:    " + ", ".join(f"{r:.1f}" for r in rates[True]))
    print("    runs without: " + ", ".join(f"{r:.1f}" for r in rates[False]))
    print(f"    queue rows per invoice with the triggers: {queued[True] / posted[True]:.2f}")


if __name__ == "__main__":
    main()
