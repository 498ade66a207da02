"""A PostgreSQL cluster of a test's own (ports TIERD_TEST_PORT+100..+199), for tests that
stop, promote or restart a server and so must not touch the suite's shared one; with a
Tryton database copied from the shared cluster's template (pg_dump | psql)."""

import os
import subprocess

import psycopg2

import harness

PG_BIN = "/usr/lib/postgresql/15/bin"
CLUSTER_SCRIPT = os.path.join(harness.SOURCE_DIR, "tests", "harness", "pg_cluster.sh")


def extra_port(offset):
    """The port TIERD_TEST_PORT + 100 + offset (offset 0..99)."""
    return int(harness.PG_PORT) + 100 + offset


def as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class OwnCluster:
    def __init__(self, port, name):
        self.port = port
        self.directory = f"/tmp/tierd-test-{name}-{port}"
        self.data = os.path.join(self.directory, "data")

    def start_new(self):
        subprocess.run([CLUSTER_SCRIPT, "start", self.directory, str(self.port)], check=True,
                       capture_output=True)

    def pg_ctl(self, *args):
        subprocess.run(as_postgres([f"{PG_BIN}/pg_ctl", "--pgdata", self.data, *args]),
                       check=True, capture_output=True)

    def stop(self):
        self.pg_ctl("stop", "--mode", "fast", "--wait")

    def start(self):
        self.pg_ctl("start", "--wait", "--log", os.path.join(self.directory, "server.log"))

    def remove(self):
        subprocess.run([CLUSTER_SCRIPT, "stop", self.directory], capture_output=True)

    def uri(self, database, user="postgres"):
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def query(self, database, sql, params=None):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                      dbname=database)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def copy_template(self, name):
        """A Tryton database `name` here, made from the shared cluster's template."""
        self.query_autocommit("postgres", f'CREATE DATABASE "{name}"')
        dump = subprocess.Popen(
            [f"{PG_BIN}/pg_dump", "--no-owner", "-h", harness.PG_HOST, "-p", harness.PG_PORT,
             "-U", harness.PG_USER, harness.TEMPLATE_DB], stdout=subprocess.PIPE)
        subprocess.run([f"{PG_BIN}/psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                        "-p", str(self.port), "-U", "postgres", "-d", name],
                       stdin=dump.stdout, check=True, capture_output=True)
        dump.stdout.close()
        assert dump.wait() == 0, "pg_dump of the template failed"

    def query_autocommit(self, database, sql):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                      dbname=database)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()
