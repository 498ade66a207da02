"""The recorded Odoo 17 database of ../shared/odoo17 (beside the repository; see its README):
where it is, why a test must be skipped without it, and a fresh restore of its pg_dump per
test module. Nothing of it is copied into the repository: the tests read it where it is."""

import json
import os
import shutil
import subprocess
import uuid

import harness

FIXTURE_DIR = os.path.abspath(os.path.join(harness.SOURCE_DIR, "..", "shared", "odoo17"))
DUMP = os.path.join(FIXTURE_DIR, "odoo17_account.dump")
TRUTH = os.path.join(FIXTURE_DIR, "odoo17_truth.json")
OPERATIONS = os.path.join(FIXTURE_DIR, "odoo17_operations")
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")


def missing_reason():
    """Why the Odoo tests cannot run here, or None when they can."""
    if not os.path.isfile(DUMP) or not os.path.isfile(TRUTH):
        return f"the recorded Odoo 17 database is absent ({FIXTURE_DIR})"
    if not shutil.which("pg_restore") and not os.path.exists(os.path.join(PG_BIN, "pg_restore")):
        return "pg_restore is not installed"
    available = harness.query("postgres", "SELECT 1 FROM pg_available_extensions "
                                          "WHERE name = 'pg_trgm'")
    if not available:
        return "the cluster lacks pg_trgm (postgresql-contrib), which the Odoo dump creates"
    return None


def truth():
    with open(TRUTH) as source:
        return json.load(source)


def restore(prefix):
    """A new database holding the dump, restored as Odoo's README says (no owner); its name."""
    name = empty_database(prefix)
    pg_restore = shutil.which("pg_restore") or os.path.join(PG_BIN, "pg_restore")
    subprocess.run([pg_restore, "--exit-on-error", "--no-owner", "-h", harness.PG_HOST,
                    "-p", str(harness.PG_PORT), "-U", harness.PG_USER, "-d", name, DUMP],
                   check=True, capture_output=True, text=True, timeout=300)
    return name


def empty_database(prefix):
    """A new empty database (of no ERP); its name."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    connection = harness.admin_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return name
