"""Installing over time: an older plugin in the database is upgraded by `tierctl install`
and refused by the daemon until then; a plugin from a newer tierd is refused by both; a
Tryton schema of another version is refused before anything is created; and uninstall
takes every right back from the daemon's role and leaves Tryton's tables as they were; the
Odoo plugin refuses a Tryton database."""

import unittest
import uuid

import psycopg2

import harness

POLICY = harness.policy_path("value_tiers.yaml")


def tierd_check(db, user=harness.PG_USER):
    return harness.tierd_check(db, policy=POLICY, user=user)


# The rights every role (PUBLIC, grantee 0) has on the tierd schema and its queue's columns.
PUBLIC_RIGHTS_ON_TIERD = """
    SELECT (SELECT count(*) FROM pg_namespace, aclexplode(nspacl) AS right_
            WHERE nspname = 'tierd' AND right_.grantee = 0)
         + (SELECT count(*) FROM pg_attribute, aclexplode(attacl) AS right_
            WHERE attrelid = 'tierd.queue'::regclass AND right_.grantee = 0)"""


class PluginVersions(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_versions")

    def tearDown(self):
        harness.drop_database(self.db)

    def install(self, *extra, check=True):
        return harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db),
                               *extra, check=check)

    def set_installed_version(self, version):
        harness.query(self.db, "UPDATE tierd.installed_plugin SET version = %s", (version,))

    def test_an_older_plugin_is_refused_by_the_daemon_and_upgraded_by_install(self):
        self.install()
        # As version 2 installed it: without the index of open items.
        harness.query(self.db, "DROP INDEX tierd_account_move_line_open_idx")
        # And with a trigger function of versions 1-3, one per table.
        harness.query(self.db, "CREATE FUNCTION tierd.tryton_party_changed() RETURNS trigger "
                               "LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'")
        self.set_installed_version(2)
        refused = tierd_check(self.db)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("has the tryton plugin at version 2; this tierd needs version 5",
                      refused.stderr)
        self.assertIn("tierctl install --plugin tryton", refused.stderr)
        upgraded = self.install()
        self.assertIn("tryton plugin version 5 (upgraded from version 2)", upgraded.stdout)
        self.assertEqual(harness.query(self.db, "SELECT count(*) FROM pg_indexes WHERE "
                                                "indexname = 'tierd_account_move_line_open_idx'"),
                         [(1,)])
        self.assertEqual(harness.query(self.db, "SELECT to_regproc('tierd.tryton_party_changed')"),
                         [(None,)])
        self.assertEqual(tierd_check(self.db).returncode, 0)
        # As the default daemon role too, whose name is the tierd schema's.
        as_role = tierd_check(self.db, user="tierd")
        self.assertEqual(as_role.returncode, 0, as_role.stderr)

    def test_a_schema_from_an_older_tierd_is_refused_by_the_daemon_and_completed_by_install(self):
        self.install()
        # As an older tierd left it: without the schema file that counts the ERP's sessions.
        harness.query(self.db, "DROP FUNCTION tierd.erp_sessions_at_work()")
        harness.query(self.db, "DELETE FROM tierd.schema_migration WHERE version = 5")
        refused = tierd_check(self.db)
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("lacks tierd schema files this tierd needs: 005_erp_load.sql",
                      refused.stderr)
        self.assertIn("tierctl install --plugin", refused.stderr)
        completed = self.install()
        self.assertIn("1 schema file(s) applied", completed.stdout)
        as_role = tierd_check(self.db, user="tierd")
        self.assertEqual(as_role.returncode, 0, as_role.stderr)
        self.assertEqual(harness.query(self.db, "SELECT tierd.erp_sessions_at_work()",
                                       user="tierd"), [(0,)])

    def test_a_plugin_from_a_newer_tierd_is_refused(self):
        self.install()
        self.set_installed_version(99)
        for result in (self.install(check=False), tierd_check(self.db)):
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("has the tryton plugin at version 99, installed by a newer tierd; "
                          "this tierd carries version 5", result.stderr)
        self.assertEqual(harness.query(self.db, "SELECT version FROM tierd.installed_plugin"),
                         [(99,)])

    def test_a_tryton_of_another_version_is_refused_before_anything_is_created(self):
        harness.query(self.db, "ALTER TABLE account_invoice RENAME COLUMN cancel_move TO gone")
        result = self.install(check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("is a tryton database of a version this plugin does not support: "
                      "it lacks account_invoice.cancel_move", result.stderr)
        self.assertIn("the tryton plugin supports Tryton 6.0", result.stderr)
        self.assertEqual(harness.query(self.db, "SELECT to_regnamespace('tierd')"), [(None,)])

    def test_the_odoo_plugin_refuses_a_tryton_database(self):
        # (The Tryton plugin refusing an Odoo database: test_odoo_metrics.py.)
        result = harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(self.db),
                                 check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"database '{self.db}' is not an Odoo 17 database", result.stderr)
        self.assertIn("choose another --plugin", result.stderr)
        self.assertEqual(harness.query(self.db, "SELECT to_regnamespace('tierd')"), [(None,)])

    def test_uninstall_takes_back_every_right_and_leaves_tryton_as_it_was(self):
        role = "tierd_" + uuid.uuid4().hex[:8]
        objects = """SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tierd_%'),
                            (SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'tierd_%'),
                            (SELECT count(*) FROM pg_proc WHERE proname LIKE 'tryton_%')"""
        before = harness.query(self.db, objects)
        try:
            self.install("--role", role)
            self.assertEqual(harness.query(self.db, "SELECT count(*) FROM account_invoice",
                                           user=role), [(0,)])
            result = harness.tierctl("uninstall", "--db", harness.uri(self.db))
            self.assertIn(f"role '{role}' has no rights left in this database", result.stdout)
            for statement in ("SELECT count(*) FROM account_invoice",
                              "SELECT count(*) FROM party_category_rel",
                              "SELECT count(*) FROM tierd.audit_log",
                              "SELECT count(*) FROM tierd.queue"):
                with self.assertRaises(psycopg2.errors.InsufficientPrivilege, msg=statement):
                    harness.query(self.db, statement, user=role)
            self.assertEqual(harness.query(self.db, objects), before)
            # Nor has any role the right to queue customers that the triggers needed.
            self.assertEqual(harness.query(self.db, PUBLIC_RIGHTS_ON_TIERD), [(0,)])
        finally:
            harness.query(self.db, f'DROP OWNED BY "{role}"')
            harness.query("postgres", f'DROP ROLE IF EXISTS "{role}"')


if __name__ == "__main__":
    unittest.main(verbosity=2)
