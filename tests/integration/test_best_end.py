"""Upgrade means better: in a classification tried worst first (`best: last`), a customer
put on HOLD is downgraded and one leaving HOLD is upgraded, in the audit log's own
`direction` column, in `tierctl audit` and in the note Tryton shows; rows without a
direction hash as they did before the column existed, so an older log still verifies."""

import json
import unittest

import harness  # first: it puts tests/tryton on the path
import erp  # noqa: E402

POLICY = """version: 1
classifications:
  - name: credit_grade
    target: category
    best: last
    tiers:
      - name: HOLD
        when: overdue_amount > 50,000
        immediate: true
      - name: NORMAL
        default: true
    downgrade:
      grace: 30d               # never reached: HOLD is immediate
"""

# The row hash as schema 001 defined it, before rows had a direction.
OLD_ROW_HASH = """
SELECT seq, row_hash = encode(sha256(convert_to(jsonb_build_array(
    prev_hash, seq, (extract(epoch FROM recorded_at) * 1000000)::bigint, customer_id,
    classification, from_tier, to_tier, rule, metrics, policy_version, policy_hash, trigger,
    actor)::text, 'UTF8')), 'hex')
FROM tierd.audit_log WHERE customer_id = %s ORDER BY seq"""


class BestEnd(harness.DaemonTestCase):
    POLICY = POLICY
    DATABASE_PREFIX = "it_best_end"

    def test_hold_is_a_downgrade_and_leaving_it_an_upgrade(self):
        customer = erp.create_customer("Slow Payer KG")
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade") == "NORMAL",
                           message="the first classification")
        invoice = erp.post_invoice(customer, 60000, invoice_date=erp.days_ago(40), due_days=30)
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade") == "HOLD",
                           message="HOLD at once")
        erp.pay_invoice(invoice)
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade") == "NORMAL",
                           message="NORMAL again once paid")

        rows = harness.query(self.db, "SELECT from_tier, to_tier, direction FROM tierd.audit_log "
                                      "WHERE customer_id = %s ORDER BY seq", (customer,))
        self.assertEqual(rows, [(None, "NORMAL", None), ("NORMAL", "HOLD", "downgrade"),
                                ("HOLD", "NORMAL", "upgrade")])
        listed = harness.tierctl("audit", "--customer", "Slow Payer KG", "--json", "--db",
                                 harness.uri(self.db)).stdout.splitlines()
        self.assertEqual([json.loads(line)["direction"] for line in listed],
                         [None, "downgrade", "upgrade"])
        self.assertEqual({json.loads(line)["customer_name"] for line in listed},
                         {"Slow Payer KG"})
        text = harness.tierctl("audit", "--customer", "Slow Payer KG", "--db",
                               harness.uri(self.db)).stdout
        self.assertIn("credit_grade: HOLD -> NORMAL (upgrade) [event]", text)
        self.assertTrue(erp.party_notes(customer)[-1].startswith(
            "tierd: credit_grade HOLD -> NORMAL (upgrade)\n"), erp.party_notes(customer)[-1])

        # The row without a direction hashes by the old formula; those with one do not.
        self.assertEqual([same for _, same in harness.query(self.db, OLD_ROW_HASH, (customer,))],
                         [True, False, False])
        verified = harness.tierctl("audit", "verify", "--db", harness.uri(self.db))
        self.assertIn("audit log intact", verified.stdout)

    def test_an_edited_direction_breaks_the_chain(self):
        customer = erp.create_customer("Edited Direction AG")
        erp.post_invoice(customer, 60000, invoice_date=erp.days_ago(40), due_days=30)
        harness.wait_until(lambda: harness.tier_of(self.db, customer, "credit_grade") == "HOLD",
                           message="HOLD")
        seq = harness.query(self.db, "SELECT max(seq) FROM tierd.audit_log WHERE customer_id = %s "
                                     "AND direction = 'downgrade'", (customer,))[0][0]
        harness.query(self.db, "ALTER TABLE tierd.audit_log DISABLE TRIGGER audit_log_append_only;"
                               "UPDATE tierd.audit_log SET direction = 'upgrade' WHERE seq = %s;"
                               "ALTER TABLE tierd.audit_log ENABLE TRIGGER audit_log_append_only",
                      (seq,))
        result = harness.tierctl("audit", "verify", "--db", harness.uri(self.db), check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"BROKEN at row {seq}: content does not match its hash", result.stdout)
        harness.query(self.db, "ALTER TABLE tierd.audit_log DISABLE TRIGGER audit_log_append_only;"
                               "UPDATE tierd.audit_log SET direction = 'downgrade' WHERE seq = %s;"
                               "ALTER TABLE tierd.audit_log ENABLE TRIGGER audit_log_append_only",
                      (seq,))  # put back, for the other tests of this class
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db))


if __name__ == "__main__":
    unittest.main(verbosity=2)
