"""A finance lead's own language: a policy whose classifications and tiers are named in
Chinese and German is loaded, and the names reach Tryton's categories (read back through
proteus), the notes on the party, the audit log and tierctl's tables intact; a name with a
slash is refused with the character shown whole."""

import os
import tempfile
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

POLICY = """\
version: 1
classifications:
  - name: 客户等级
    target: category
    tiers:
      - name: 金牌客户
        when: revenue(365d) >= 100,000
      - name: 普通客户
        default: true
  - name: Kundenstufe
    target: category
    tiers:
      - name: Größte Kunden
        when: revenue(365d) >= 50,000
      - name: Übrige
        default: true
"""


class NamesInAnyScript(harness.DaemonTestCase):
    DATABASE_PREFIX = "it_utf8"
    POLICY = POLICY

    def test_the_names_reach_tryton_the_notes_and_the_audit_log(self):
        customer = erp.create_customer("北京贸易有限公司")
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "客户等级") == "普通客户",
                           message="the customer's first tier")
        erp.post_invoice(customer, 120000)
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "客户等级") == "金牌客户",
                           message="the customer to reach 金牌客户")
        harness.wait_until(
            lambda: harness.tier_of(self.db, customer, "Kundenstufe") == "Größte Kunden",
            message="the customer to reach Größte Kunden")

        self.assertEqual(erp.party_categories(customer),
                         [("Kundenstufe", "Größte Kunden"), ("客户等级", "金牌客户")])
        moves = [(c, f, t) for c, f, t, *_ in harness.audit_rows(self.db, customer)
                 if f is not None]
        self.assertEqual(sorted(moves), [("Kundenstufe", "Übrige", "Größte Kunden"),
                                         ("客户等级", "普通客户", "金牌客户")])
        notes = "\n".join(erp.party_notes(customer))
        self.assertIn("tierd: 客户等级 普通客户 -> 金牌客户 (upgrade)", notes)
        self.assertIn("tierd: Kundenstufe Übrige -> Größte Kunden (upgrade)", notes)

        shown = harness.tierctl("show", "北京贸易有限公司", "--db", harness.uri(self.db)).stdout
        self.assertIn("北京贸易有限公司", shown)
        self.assertIn("金牌客户", shown)
        self.assertIn("Größte Kunden", shown)
        self.assertEqual(harness.tierctl("audit", "verify", "--db",
                                         harness.uri(self.db)).returncode, 0)

    def test_a_slash_in_a_name_is_refused_with_the_character(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8") as bad:
            bad.write(POLICY.replace("金牌客户", "金牌／客户"))
            bad.flush()
            result = harness.tierctl("policy", "check", bad.name, check=False)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(f"{bad.name}:6:15: error: a tier's `name` `金牌／客户` holds `／` (U+FF0F)",
                      result.stderr)


if __name__ == "__main__":
    unittest.main()
