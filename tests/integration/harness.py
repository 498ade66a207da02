"""Shared fixtures of the integration tests: a clone of the Tryton template database per test
module, tierctl and tierd run as real processes, and waiting for the daemon's effects.

The PostgreSQL cluster and the template database are made once per run by the CTest
fixtures in tests/CMakeLists.txt; their coordinates come in through the environment."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tryton"))

PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = os.environ.get("PGPORT", "55433")
PG_USER = os.environ.get("PGUSER", "postgres")
TEMPLATE_DB = os.environ.get("TIERD_TEMPLATE_DB", "tierd_template")
BIN_DIR = os.environ["TIERD_BIN_DIR"]
SOURCE_DIR = os.path.abspath(os.path.join(HERE, "..", ".."))
LOG_DIR = os.environ.get("TIERD_TEST_LOG_DIR", "/tmp")


def uri(database, user=PG_USER):
    return f"postgresql://{user}@{PG_HOST}:{PG_PORT}/{database}"


def admin_connection():
    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    connection.autocommit = True
    return connection


def clone_template(prefix):
    """A fresh copy of the Tryton template database; returns its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    connection.close()
    return name


def drop_database(name):
    connection = admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def query(database, sql, params=None, user=PG_USER):
    """Runs one statement in its own committed transaction; returns all rows (or [])."""
    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=user, dbname=database)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def tierctl(*args, check=True):
    """Runs tierctl; returns the CompletedProcess (stdout and stderr as text)."""
    result = subprocess.run([os.path.join(BIN_DIR, "tierctl"), *args], capture_output=True,
                            text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"tierctl {' '.join(args)} failed ({result.returncode}):\n"
                             f"{result.stdout}{result.stderr}")
    return result


_attribute_names = []


def attribute_names():
    """The attributes of tierd's catalogue (`tierctl reference attributes`), which `tierctl
    metrics` lists after the metrics, as text: read from the program, not restated."""
    if not _attribute_names:
        for line in tierctl("reference", "attributes").stdout.splitlines()[2:]:
            _attribute_names.append(line.split("`")[1])
    return set(_attribute_names)


def policy_path(name):
    return os.path.join(SOURCE_DIR, "config", "policies", name)


class Daemon:
    """tierd as a child process, logging to a file; stop() sends SIGTERM and returns the
    exit code."""

    def __init__(self, database, policy, *extra_args, user=PG_USER, db_uri=None, env=None):
        self.log_path = os.path.join(LOG_DIR, f"tierd-{database}-{uuid.uuid4().hex[:6]}.log")
        self.log = open(self.log_path, "w")
        # Tests run side by side: no daemon takes the default port of /metrics unless the
        # test gives one (see test_metrics_endpoint.py).
        if not any(arg.startswith("--metrics-listen") for arg in extra_args):
            extra_args = (*extra_args, "--metrics-listen", "off")
        self.process = subprocess.Popen(
            [os.path.join(BIN_DIR, "tierd"), "--db", db_uri or uri(database, user),
             "--policy", policy, "--log-level", "debug", *extra_args],
            stdout=self.log, stderr=subprocess.STDOUT,
            env=None if env is None else {**os.environ, **env})

    def output(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path) as log:
            return log.read()

    def wait_connected(self, timeout=30):
        """Waits until the daemon has connected to the database (and so started working)."""
        wait_until(lambda: "connected to" in self.output(), timeout=timeout,
                   message=f"tierd to connect (log {self.log_path})")

    def wait_for_more_work(self, lines, timeout=60):
        """Waits until the daemon has logged `lines` more lines than when called (at debug
        level it logs each batch, each tier change, each step of a full pass): a point in
        its work measured by the work itself, not by the clock, however slowly a loaded
        machine runs it."""
        logged = self.output().count("\n")
        wait_until(lambda: self.output().count("\n") >= logged + lines, timeout=timeout,
                   message=f"tierd to log {lines} more lines (log {self.log_path})")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        self.log.close()
        return code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if not self.log.closed:
            self.log.close()


def wait_until(predicate, timeout=15.0, interval=0.05, message="condition"):
    """Polls `predicate` until it returns a truthy value; fails with `message` on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


def audit_rows(database, customer_id):
    return query(database,
                 "SELECT classification, from_tier, to_tier, trigger, metrics::text, rule "
                 "FROM tierd.audit_log WHERE customer_id = %s ORDER BY seq", (customer_id,))


def tier_of(database, customer_id, classification="value_tier"):
    rows = query(database,
                 "SELECT tier FROM tierd.customer_state WHERE customer_id = %s "
                 "AND classification = %s", (customer_id, classification))
    return rows[0][0] if rows else None


def wait_classified(database, ids, timeout=120):
    """Waits until every customer of `ids` has a state (has been classified)."""
    wait_until(lambda: query(database, "SELECT count(*) FROM tierd.customer_state "
                                       "WHERE customer_id = ANY(%s)", (ids,))[0][0] == len(ids),
               timeout=timeout, message=f"{len(ids)} customers to be classified")


def audit_rows_and_customers(database, ids):
    """How many audit rows the customers of `ids` have, and how many of them have one."""
    return query(database, "SELECT count(*), count(DISTINCT customer_id) FROM tierd.audit_log "
                           "WHERE customer_id = ANY(%s)", (ids,))[0]


def insert_parties(database, prefix, first, count):
    """Inserts parties '<prefix> <n>' with SQL, for n in first..first+count-1: the plugin's
    trigger queues them as it does parties made in Tryton. Returns their ids."""
    return [row[0] for row in query(
        database, "INSERT INTO party_party (name, code, active, create_uid, create_date) "
                  "SELECT %s || ' ' || n, upper(%s) || n, true, 0, now() "
                  "FROM generate_series(%s, %s) AS n RETURNING id",
        (prefix, prefix, first, first + count - 1))]


def tierd_check(database, policy_text=None, policy=None, user=PG_USER):
    """Runs `tierd --check` on the database with a policy file, or with `policy_text` in a
    temporary one; returns the CompletedProcess."""
    path = policy
    if policy_text is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as out:
            out.write(policy_text)
        path = out.name
    try:
        return subprocess.run([os.path.join(BIN_DIR, "tierd"), "--check", "--policy", path,
                               "--db", uri(database, user)],
                              capture_output=True, text=True, timeout=60)
    finally:
        if policy_text is not None:
            os.unlink(path)


class TrytonDatabaseCase(unittest.TestCase):
    """A test class with its own clone of the Tryton template, tierd installed (no daemon
    running), and proteus connected to it (unless CONNECT_TRYTON is false)."""

    DATABASE_PREFIX = "it"
    CONNECT_TRYTON = True

    @classmethod
    def setUpClass(cls):
        cls.db = clone_template(cls.DATABASE_PREFIX)
        tierctl("install", "--plugin", "tryton", "--db", uri(cls.db))
        if cls.CONNECT_TRYTON:
            import erp
            erp.connect(cls.db)

    @classmethod
    def tearDownClass(cls):
        drop_database(cls.db)


class DaemonTestCase(unittest.TestCase):
    """A test class with its own clone of the Tryton template, tierd installed, the policy
    POLICY (YAML text; the value tiers example if None) in a file, and tierd running on it
    for the whole class; the daemon must exit 0 on SIGTERM at the end."""

    POLICY = None
    DATABASE_PREFIX = "it"
    CONNECT_TRYTON = True
    DAEMON_USER = PG_USER  # "tierd": the daemon's own least-privilege role

    @classmethod
    def setUpClass(cls):
        cls.db = clone_template(cls.DATABASE_PREFIX)
        tierctl("install", "--plugin", "tryton", "--db", uri(cls.db))
        if cls.CONNECT_TRYTON:
            import erp
            erp.connect(cls.db)
        cls.prepare_database()
        cls.directory = tempfile.mkdtemp(prefix="tierd-policy-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        if cls.POLICY is None:
            shutil.copy(policy_path("value_tiers.yaml"), cls.policy)
        else:
            with open(cls.policy, "w") as policy:
                policy.write(cls.POLICY)
        cls.daemon = Daemon(cls.db, cls.policy, user=cls.DAEMON_USER)

    @classmethod
    def prepare_database(cls):
        """What the database needs before the daemon loads the policy (none by default)."""

    @classmethod
    def tearDownClass(cls):
        code = cls.daemon.stop()
        cls.daemon.__exit__()
        drop_database(cls.db)
        shutil.rmtree(cls.directory)
        assert code == 0, f"tierd exited with {code}:\n{cls.daemon.output()}"
