"""Rules over who the customer is: a customer whose invoice address moves to another
country, or who is given an "industry / retail" category in Tryton (through proteus, as a
user would), is reclassified within seconds, and the audit row holds the attribute values
the decision read; a customer without an address has no country, and every comparison with
it is false; names of categories in any script; a category the database does not have is
refused when the policy is checked, with a did-you-mean."""

import json
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

POLICY = """version: attr-1
classifications:
  - name: region
    target: category
    tiers:
      - name: HOME
        when: country in ("DE", "AT") and subdivision != "DE-HB"
      - name: ABROAD
        when: country != "DE" and country != "AT"
      - name: UNKNOWN
        default: true
  - name: 客户类型
    target: category
    tiers:
      - name: 零售大客户
        when: has_category("行业 / 零售") or has_category("industry / retail")
      - name: 普通
        default: true
"""


class RulesOverWhoTheCustomerIs(harness.DaemonTestCase):
    POLICY = POLICY
    DATABASE_PREFIX = "it_attributes"
    DAEMON_USER = "tierd"  # the daemon's least-privilege role reads the attributes

    @classmethod
    def prepare_database(cls):
        cls.germany = erp.country("DE", "Germany")
        cls.austria = erp.country("AT", "Austria")
        cls.france = erp.country("FR", "France")
        cls.bremen = erp.subdivision("DE-HB", "Bremen", cls.germany)
        cls.bavaria = erp.subdivision("DE-BY", "Bayern", cls.germany)
        cls.retail = erp.category_path("industry", "retail")
        cls.chinese_retail = erp.category_path("行业", "零售")

    def last_row(self, customer, classification):
        rows = harness.query(self.db, "SELECT from_tier, to_tier, metrics::text FROM "
                                      "tierd.audit_log WHERE customer_id = %s AND "
                                      "classification = %s ORDER BY seq DESC LIMIT 1",
                             (customer, classification))
        from_tier, to_tier, metrics = rows[0]
        return from_tier, to_tier, json.loads(metrics)

    def wait_tier(self, customer, classification, tier):
        harness.wait_until(lambda: harness.tier_of(self.db, customer, classification) == tier,
                           timeout=20, message=f"{classification} {tier}")

    def test_an_address_that_moves_reclassifies_the_customer(self):
        customer = erp.create_customer("Wandering GmbH")
        # Tryton gives a new party an empty address: no country, so no rule of region holds,
        # `country != "DE"` included.
        self.wait_tier(customer, "region", "UNKNOWN")
        self.assertEqual(self.last_row(customer, "region")[2],
                         {"country": None, "subdivision": None})

        erp.set_invoice_address(customer, self.germany, self.bavaria, "München")
        self.wait_tier(customer, "region", "HOME")
        self.assertEqual(self.last_row(customer, "region"),
                         ("UNKNOWN", "HOME", {"country": "DE", "subdivision": "DE-BY"}))

        erp.set_invoice_address(customer, self.france, None, "Lyon")
        self.wait_tier(customer, "region", "ABROAD")
        self.assertEqual(self.last_row(customer, "region"),
                         ("HOME", "ABROAD", {"country": "FR", "subdivision": None}))

        erp.set_invoice_address(customer, self.germany, self.bremen, "Bremen")
        self.wait_tier(customer, "region", "UNKNOWN")  # in Germany, but in Bremen
        self.assertIn(("region", "UNKNOWN"), [(c, t) for c, t in erp.party_categories(customer)])

        erp.remove_addresses(customer)
        erp.give_category(customer, self.retail)  # an event: no address, still UNKNOWN
        self.wait_tier(customer, "客户类型", "零售大客户")
        self.assertEqual(harness.tier_of(self.db, customer, "region"), "UNKNOWN")

        explained = json.loads(harness.tierctl(
            "explain", str(customer), "--format", "json", "--classification", "region",
            "--policy", self.policy, "--db", harness.uri(self.db)).stdout)
        home = explained["classifications"][0]["tiers"][0]["evaluation"]
        self.assertEqual(home["parts"][0]["compared"], 'no value in ("DE", "AT")')

    def test_a_category_given_in_tryton_reclassifies_the_customer(self):
        customer = erp.create_customer("零售商 Müller & Co")
        self.wait_tier(customer, "客户类型", "普通")
        erp.give_category(customer, self.chinese_retail)
        self.wait_tier(customer, "客户类型", "零售大客户")
        self.assertEqual(self.last_row(customer, "客户类型"), (
            "普通", "零售大客户",
            {'has_category("industry / retail")': False, 'has_category("行业 / 零售")': True}))
        # tierd's own categories are not the customer's: only the user's is listed.
        metrics = harness.tierctl("metrics", str(customer), "--policy", self.policy, "--db",
                                  harness.uri(self.db)).stdout
        self.assertRegex(metrics, r"categories\s+行业 / 零售\n")
        notes = "\n".join(erp.party_notes(customer))
        self.assertIn('has_category("行业 / 零售") = true', notes)

        erp.take_category(customer, self.chinese_retail)
        self.wait_tier(customer, "客户类型", "普通")

    def test_a_category_the_database_lacks_is_refused_with_a_suggestion(self):
        result = harness.tierd_check(self.db, POLICY.replace('"industry / retail"',
                                                             '"industry / retial"'))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn('tier `零售大客户` reads has_category("industry / retial"), but the '
                      'database has no category "industry / retial" — did you mean '
                      '"industry / retail"?', result.stderr)
        result = harness.tierd_check(self.db, POLICY.replace('country in ("DE", "AT")',
                                                             'country in ("DE", 49)'))
        self.assertEqual(result.returncode, 2)
        self.assertIn("a list member of `in` here must be a text, but `49` is a number",
                      result.stderr)

    def test_an_attribute_the_tryton_plugin_does_not_serve_is_refused(self):
        # `industry` is in tierd's catalogue (the Odoo plugin serves it); Tryton records none.
        result = harness.tierd_check(self.db, "version: 1\nclassifications:\n"
                                              "  - name: sector\n    target: category\n"
                                              "    tiers:\n      - name: RETAIL\n"
                                              "        when: industry = \"Retail\"\n"
                                              "      - name: OTHER\n        default: true\n")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("attribute `industry` of tier `RETAIL` is not served by the tryton plugin",
                      result.stderr)
        self.assertIn("attributes of the tryton plugin: categories, city, country, language, "
                      "subdivision", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
