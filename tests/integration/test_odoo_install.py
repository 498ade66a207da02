"""Installing the Odoo plugin over time, as the Tryton plugin's (test_plugin_versions.py,
test_reinstall.py): install is idempotent; an older plugin in the database is refused by the
daemon and upgraded in place by `tierctl install`, a newer one refused by both; an Odoo
database without the `account` module, or of another Odoo version, is refused with what it
lacks before anything is created; uninstall takes every right back from the daemon's role
and leaves Odoo's tables as they were; removed with its schema and installed again, tierd
gives no partner a second tag. On the recorded Odoo 17 database of ../shared/odoo17."""

import tempfile
import unittest
import uuid

import psycopg2

import harness
import odoo_fixture

SKIP_REASON = odoo_fixture.missing_reason()
VERSION = 4  # plugins/odoo/plugin.yaml

POLICY = """version: 1
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(3650d) >= 4000
        set: { credit_limit: 20000 }
      - name: C
        default: true
        set: { credit_limit: 1000 }
"""

# What the plugin puts in Odoo's tables and tierd's schema: triggers, its index, functions.
OBJECTS = """
    SELECT (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tierd\\_%'),
           (SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'tierd\\_%'),
           (SELECT count(*) FROM pg_proc WHERE proname LIKE 'odoo\\_%')"""
# Odoo's own rows that install and uninstall must leave as they are.
ODOO_ROWS = """
    SELECT md5(string_agg(t::text, '' ORDER BY t::text)) FROM (
        SELECT 'p' || p::text AS t FROM res_partner p
        UNION ALL SELECT 'm' || m::text FROM account_move m
        UNION ALL SELECT 'l' || l::text FROM account_move_line l
        UNION ALL SELECT 'r' || r::text FROM res_partner_res_partner_category_rel r
        UNION ALL SELECT 'i' || i::text FROM ir_property i
        UNION ALL SELECT 'n' || n::text FROM mail_message n) AS rows_"""
# The rights every role (PUBLIC, grantee 0) has on the tierd schema and its queue's columns.
PUBLIC_RIGHTS_ON_TIERD = """
    SELECT (SELECT count(*) FROM pg_namespace, aclexplode(nspacl) AS right_
            WHERE nspname = 'tierd' AND right_.grantee = 0)
         + (SELECT count(*) FROM pg_attribute, aclexplode(attacl) AS right_
            WHERE attrelid = 'tierd.queue'::regclass AND right_.grantee = 0)"""
# The commercial partners that are customers in the dump (test_odoo_operations.py).
CUSTOMERS = [7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 19, 20, 21, 22, 23, 24, 25]


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class OdooInstall(unittest.TestCase):
    def setUp(self):
        self.db = odoo_fixture.restore("it_odoo_install")

    def tearDown(self):
        harness.drop_database(self.db)

    def install(self, *extra, check=True):
        return harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(self.db),
                               *extra, check=check)

    def check(self, user=harness.PG_USER):
        return harness.tierd_check(self.db, POLICY, user=user)

    def test_install_is_idempotent(self):
        first = self.install()
        self.assertIn(f"odoo plugin version {VERSION}, triggers in place", first.stdout)
        installed = harness.query(self.db, OBJECTS)
        # 15 triggers (one per table and event), the index of invoices, 18 functions.
        self.assertEqual(installed, [(15, 1, 18)])
        again = self.install()
        self.assertIn("0 schema file(s) applied", again.stdout)
        self.assertNotIn("upgraded", again.stdout)
        self.assertEqual(harness.query(self.db, OBJECTS), installed)
        self.assertEqual(harness.query(self.db, "SELECT name, version FROM "
                                                "tierd.installed_plugin"), [("odoo", VERSION)])
        as_role = self.check(user="tierd")
        self.assertEqual(as_role.returncode, 0, as_role.stderr)
        self.assertIn("is valid for the odoo plugin", as_role.stdout)

    def test_an_older_plugin_is_refused_by_the_daemon_and_upgraded_by_install(self):
        self.install()
        # As version 1 installed it: no trigger on industries, the daemon's role free to write
        # ir_property rows itself.
        harness.query(self.db, "DROP TRIGGER tierd_update ON res_partner_industry")
        harness.query(self.db, "GRANT SELECT, INSERT, UPDATE (value_float, value_reference) "
                               "ON ir_property TO tierd")
        harness.query(self.db, "UPDATE tierd.installed_plugin SET version = 1")
        refused = self.check()
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn(f"has the odoo plugin at version 1; this tierd needs version {VERSION}",
                      refused.stderr)
        self.assertIn("tierctl install --plugin odoo", refused.stderr)
        upgraded = self.install()
        self.assertIn(f"odoo plugin version {VERSION} (upgraded from version 1)",
                      upgraded.stdout)
        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM pg_trigger WHERE tgname = 'tierd_update' "
                     "AND tgrelid = 'res_partner_industry'::regclass"), [(1,)])
        # The rights the older version gave are taken back.
        with self.assertRaises(psycopg2.errors.InsufficientPrivilege):
            harness.query(self.db, "SELECT count(*) FROM ir_property", user="tierd")
        as_role = self.check(user="tierd")
        self.assertEqual(as_role.returncode, 0, as_role.stderr)

    def test_a_plugin_from_a_newer_tierd_is_refused(self):
        self.install()
        harness.query(self.db, "UPDATE tierd.installed_plugin SET version = 99")
        for result in (self.install(check=False), self.check()):
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("has the odoo plugin at version 99, installed by a newer tierd; "
                          f"this tierd carries version {VERSION}", result.stderr)
        self.assertEqual(harness.query(self.db, "SELECT version FROM tierd.installed_plugin"),
                         [(99,)])

    def test_an_odoo_without_accounting_is_refused_before_anything_is_created(self):
        harness.query(self.db, "UPDATE ir_module_module SET state = 'uninstalled' "
                               "WHERE name = 'account'")
        result = self.install(check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"database '{self.db}' lacks the odoo modules tierd reads: account",
                      result.stderr)
        self.assertEqual(harness.query(self.db, "SELECT to_regnamespace('tierd')"), [(None,)])

    def test_an_odoo_of_another_version_is_refused_before_anything_is_created(self):
        # Odoo 16's base module; and Odoo 18 keeps company-dependent fields in jsonb columns,
        # without ir_property.
        harness.query(self.db, "UPDATE ir_module_module SET latest_version = '16.0.1.3' "
                               "WHERE name = 'base'")
        result = self.install(check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"database '{self.db}' is an odoo database of a version this plugin "
                      "does not support: it lacks Odoo 17.0 (its base module is 16.0.1.3)",
                      result.stderr)
        self.assertIn("the odoo plugin supports Odoo 17", result.stderr)
        harness.query(self.db, "UPDATE ir_module_module SET latest_version = '18.0.1.3' "
                               "WHERE name = 'base'")
        harness.query(self.db, "ALTER TABLE ir_property RENAME TO ir_property_of_odoo_17")
        result = self.install(check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("it lacks Odoo 17.0 (its base module is 18.0.1.3), ir_property.company_id, "
                      "ir_property.fields_id", result.stderr)
        self.assertEqual(harness.query(self.db, "SELECT to_regnamespace('tierd')"), [(None,)])

    def test_uninstall_takes_back_every_right_and_leaves_odoo_as_it_was(self):
        role = "tierd_" + uuid.uuid4().hex[:8]
        before = harness.query(self.db, OBJECTS), harness.query(self.db, ODOO_ROWS)
        try:
            self.install("--role", role)
            self.assertEqual(harness.query(self.db, "SELECT count(*) FROM account_move "
                                                    "WHERE move_type = 'out_invoice'",
                                           user=role), [(35,)])
            result = harness.tierctl("uninstall", "--db", harness.uri(self.db))
            self.assertIn(f"role '{role}' has no rights left in this database", result.stdout)
            for statement in ("SELECT count(*) FROM account_move",
                              "SELECT count(*) FROM res_partner_res_partner_category_rel",
                              "SELECT count(*) FROM res_partner_industry",
                              "INSERT INTO mail_message (model) VALUES ('res.partner')",
                              "SELECT count(*) FROM tierd.audit_log",
                              "SELECT count(*) FROM tierd.queue"):
                with self.assertRaises(psycopg2.errors.InsufficientPrivilege, msg=statement):
                    harness.query(self.db, statement, user=role)
            self.assertEqual((harness.query(self.db, OBJECTS),
                              harness.query(self.db, ODOO_ROWS)), before)
            # Nor has any role the right to queue customers that the triggers needed.
            self.assertEqual(harness.query(self.db, PUBLIC_RIGHTS_ON_TIERD), [(0,)])
        finally:
            harness.query(self.db, f'DROP OWNED BY "{role}"')
            harness.query("postgres", f'DROP ROLE IF EXISTS "{role}"')

    def classify_at_start(self):
        with harness.Daemon(self.db, self.policy_file, user="tierd") as daemon:
            harness.wait_until(lambda: "re-evaluated every customer (start)" in daemon.output(),
                               timeout=60, message="the start-up pass to end")
            self.assertEqual(daemon.stop(), 0, daemon.output())

    def tags_held(self):
        """Per customer, how many tags under value_tier it holds."""
        return dict(harness.query(
            self.db, "SELECT p.id, (SELECT count(*) FROM res_partner_res_partner_category_rel r "
                     "JOIN res_partner_category c ON c.id = r.category_id "
                     "JOIN res_partner_category parent ON parent.id = c.parent_id "
                     "WHERE r.partner_id = p.id AND parent.name ->> 'en_US' = 'value_tier') "
                     "FROM res_partner p WHERE p.id = ANY(%s)", (CUSTOMERS,)))

    def test_a_purged_and_reinstalled_tierd_writes_no_second_tag(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as policy:
            policy.write(POLICY)
            policy.flush()
            self.policy_file = policy.name
            self.install()
            self.classify_at_start()
            self.assertEqual(self.tags_held(), {customer: 1 for customer in CUSTOMERS})

            harness.tierctl("uninstall", "--purge", "--db", harness.uri(self.db))
            self.assertEqual(harness.query(self.db, "SELECT to_regnamespace('tierd')"),
                             [(None,)])
            self.install()
            self.classify_at_start()
        # Classified again from nothing (one audit row each in the new log), in the tag each
        # already held, which it holds once; the value_tier tags were not made again.
        self.assertEqual(harness.query(self.db, "SELECT count(*), count(DISTINCT customer_id) "
                                                "FROM tierd.audit_log"), [(17, 17)])
        self.assertEqual(self.tags_held(), {customer: 1 for customer in CUSTOMERS})
        self.assertEqual(harness.query(
            self.db, "SELECT count(*) FROM res_partner_category "
                     "WHERE name ->> 'en_US' = 'value_tier'"), [(1,)])


if __name__ == "__main__":
    unittest.main(verbosity=2)
