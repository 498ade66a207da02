"""The Odoo plugin on the recorded operations of ../shared/odoo17 (the SQL Odoo's ORM sent
for each, replayed with psql onto the restored dump): each queues the commercial partner it
concerns, and only it; and tierd, running as its least-privilege role, writes what Odoo's
screens read, stored as Odoo stores it: partner tags under a parent tag, the credit limit
and customer payment term as ir_property rows, and a note in the partner's chatter as
message_post stores one. A partner archived (11) or merged into another and deleted (12) is
handled as Tryton's: dropped from the queue, its tierd state and audit rows left as they
were, and the partner it was merged into re-evaluated on both books."""

import os
import shutil
import subprocess
import tempfile
import unittest

import harness
import odoo_fixture

SKIP_REASON = odoo_fixture.missing_reason()

# What each operation must queue (README of the fixture): the commercial partner concerned.
# 07-09 write only what tierd itself writes (properties, chatter): nothing to re-evaluate.
QUEUED = {
    "01_create_customer": {26},
    "02_post_invoice": {26},
    "03_partial_payment": {26},
    "04_pay_rest": {26},
    "05_credit_note": {22},
    "06_add_tag": {9},
    "07_set_credit_limit": set(),
    "08_set_payment_term": set(),
    "09_chatter_note": set(),
    "10_draft_and_cancel_invoice": {20},
    "11_archive_customer": {13},
    "12_merge_partners": {24, 25},  # 25 is deleted: the daemon drops it
}

# Untaxed revenue tiers over ten years (the recorded dates do not age out of the window).
POLICY = """version: 1
classifications:
  - name: value_tier
    target: category
    tiers:
      - name: A
        when: revenue(3650d) >= 4000
        set: { credit_limit: 20000, payment_term: "30 Days" }
      - name: B
        when: revenue(3650d) >= 500
        set: { credit_limit: 5000, payment_term: "15 Days" }
      - name: C
        default: true
        set: { credit_limit: 0, payment_term: "Immediate Payment" }
"""


def replay(db, operation):
    """Runs the SQL Odoo sent for the operation, as the fixture's tools/replay.sh does (one
    statement of 12 fails on purpose, inside the file's ON_ERROR_STOP off section)."""
    path = os.path.join(odoo_fixture.OPERATIONS, operation + ".sql")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", harness.PG_HOST,
                    "-p", str(harness.PG_PORT), "-U", harness.PG_USER, "-d", db, "-f", path],
                   check=True, capture_output=True, text=True, timeout=120)


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class OdooOperationsQueue(unittest.TestCase):
    """No daemon: what each operation leaves in tierd.queue."""

    @classmethod
    def setUpClass(cls):
        cls.db = odoo_fixture.restore("it_odoo_queue")
        harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(cls.db))

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)

    def test_each_operation_queues_its_commercial_partner(self):
        for operation, expected in QUEUED.items():  # in order: each needs the ones before
            harness.query(self.db, "DELETE FROM tierd.queue")
            replay(self.db, operation)
            queued = {row[0] for row in harness.query(self.db,
                                                      "SELECT customer_id FROM tierd.queue")}
            self.assertEqual(queued, expected, operation)

    def test_an_industry_given_or_renamed_queues_its_partners(self):
        # What the industry attribute reads: a partner's Industry (on a contact, Odoo copies
        # its company's: the company is queued), and the industry's name.
        harness.query(self.db, "DELETE FROM tierd.queue")
        harness.query(self.db, "UPDATE res_partner SET industry_id = 7 WHERE id IN (9, 17)")
        self.assertEqual(self.queued(), {9, 16})
        harness.query(self.db, "DELETE FROM tierd.queue")
        harness.query(self.db, "UPDATE res_partner_industry SET name = name || "
                               "'{\"fr_FR\": \"Commerce\"}' WHERE id = 7")
        self.assertEqual(self.queued(), set())  # the English name read is the same
        harness.query(self.db, "UPDATE res_partner_industry SET name = "
                               "'{\"en_US\": \"Trade\"}' WHERE id = 7")
        self.assertEqual(self.queued(), {9, 16})
        # As the dump had it, for the replayed operations.
        harness.query(self.db, "UPDATE res_partner_industry SET name = "
                               "'{\"en_US\": \"Wholesale/Retail\"}' WHERE id = 7")
        harness.query(self.db, "UPDATE res_partner SET industry_id = NULL WHERE id IN (9, 17)")
        harness.query(self.db, "DELETE FROM tierd.queue")

    def queued(self):
        return {row[0] for row in harness.query(self.db, "SELECT customer_id FROM tierd.queue")}


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class OdooWrites(unittest.TestCase):
    """tierd running as its own role on the restored dump, then on operations replayed."""

    @classmethod
    def setUpClass(cls):
        cls.db = odoo_fixture.restore("it_odoo_writes")
        harness.tierctl("install", "--plugin", "odoo", "--db", harness.uri(cls.db))
        cls.directory = tempfile.mkdtemp(prefix="tierd-policy-")
        cls.policy = os.path.join(cls.directory, "policy.yaml")
        with open(cls.policy, "w") as out:
            out.write(POLICY)
        cls.daemon = harness.Daemon(cls.db, cls.policy, user="tierd")
        cls.customers = [7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 19, 20, 21, 22, 23, 24, 25]
        harness.wait_classified(cls.db, cls.customers)

    @classmethod
    def tearDownClass(cls):
        code = cls.daemon.stop()
        cls.daemon.__exit__()
        harness.drop_database(cls.db)
        shutil.rmtree(cls.directory)
        assert code == 0, f"tierd exited with {code}:\n{cls.daemon.output()}"

    def tags_of(self, partner):
        """The partner's tags as Odoo's form shows them: "value_tier / A"."""
        return sorted(row[0] for row in harness.query(
            self.db, "SELECT coalesce(p.name ->> 'en_US' || ' / ', '') || (c.name ->> 'en_US') "
                     "FROM res_partner_res_partner_category_rel r "
                     "JOIN res_partner_category c ON c.id = r.category_id "
                     "LEFT JOIN res_partner_category p ON p.id = c.parent_id "
                     "WHERE r.partner_id = %s", (partner,)))

    def property_of(self, partner, field):
        rows = harness.query(
            self.db, "SELECT p.type, p.value_float, p.value_reference, p.company_id "
                     "FROM ir_property p JOIN ir_model_fields f ON f.id = p.fields_id "
                     "WHERE f.model = 'res.partner' AND f.name = %s AND p.name = f.name "
                     "AND p.res_id = %s", (field, f"res.partner,{partner}"))
        self.assertLessEqual(len(rows), 1)
        return rows[0] if rows else None

    def wait_tier(self, partner, tier):
        harness.wait_until(lambda: harness.tier_of(self.db, partner) == tier, timeout=60,
                           message=f"partner {partner} in tier {tier}")

    def test_1_tiers_tags_properties_and_notes_as_odoo_stores_them(self):
        self.assertEqual(harness.tier_of(self.db, 22), "A")  # 4920 untaxed
        self.assertEqual(harness.tier_of(self.db, 9), "B")   # 1980
        self.assertEqual(harness.tier_of(self.db, 14), "C")  # never invoiced
        # The tag under its classification's, with Odoo's parent_path; the user's tags kept.
        self.assertEqual(self.tags_of(22), ["Industry / Wholesale", "value_tier / A"])
        paths = dict(harness.query(
            self.db, "SELECT c.name ->> 'en_US', c.parent_path = coalesce(p.parent_path, '') "
                     "|| c.id || '/' FROM res_partner_category c "
                     "LEFT JOIN res_partner_category p ON p.id = c.parent_id"))
        self.assertTrue(all(paths.values()), paths)
        self.assertEqual({"value_tier", "A", "B", "C"} - set(paths), set())
        # The credit limit replaces the one Odoo's user set (ir_property 7, 5000).
        self.assertEqual(self.property_of(22, "credit_limit"), ("float", 20000.0, None, 1))
        self.assertEqual(self.property_of(9, "credit_limit"), ("float", 5000.0, None, 1))
        term = harness.query(self.db, "SELECT id FROM account_payment_term "
                                      "WHERE name ->> 'en_US' = '15 Days'")[0][0]
        self.assertEqual(self.property_of(9, "property_payment_term_id"),
                         ("many2one", None, f"account.payment.term,{term}", 1))
        # The note: an internal note in the chatter, by OdooBot.
        notes = harness.query(
            self.db, "SELECT m.message_type, s.internal, m.body LIKE '<p>%%</p>', "
                     "m.record_name, m.record_company_id, m.author_id, "
                     "m.message_id LIKE '<%%-openerp-9-res.partner@%%>' "
                     "FROM mail_message m JOIN mail_message_subtype s ON s.id = m.subtype_id "
                     "WHERE m.model = 'res.partner' AND m.res_id = 9 AND m.create_uid = 1")
        self.assertEqual(notes, [("comment", True, True, "Halfway Hardware Co", 1, 2, True)])

    def test_2_replayed_operations_move_their_customers(self):
        replay(self.db, "01_create_customer")
        self.wait_tier(26, "C")
        replay(self.db, "02_post_invoice")  # 1410 untaxed
        self.wait_tier(26, "B")
        self.assertEqual(self.tags_of(26), ["value_tier / B"])
        for operation in ("03_partial_payment", "04_pay_rest"):
            replay(self.db, operation)
        replay(self.db, "05_credit_note")  # 1500 of 22's 4920 credited
        self.wait_tier(22, "B")
        self.assertEqual(self.tags_of(22), ["Industry / Wholesale", "value_tier / B"])
        self.assertEqual(self.property_of(22, "credit_limit"), ("float", 5000.0, None, 1))
        # 07 and 08 are left out: Odoo's ORM inserted the ir_property rows because the partners
        # had none, and tierd has written one for each by now (Odoo would have updated it).
        for operation in ("06_add_tag", "09_chatter_note", "10_draft_and_cancel_invoice"):
            replay(self.db, operation)
        self.wait_queue_drained()
        # 13 is archived by 11; 25 merged into 24 and deleted by 12 (24: 360 untaxed, C; 25:
        # 225, C). What tierd holds of them before.
        kept = {partner: (harness.audit_rows(self.db, partner), self.state_of(partner))
                for partner in (13, 24, 25)}
        self.assertEqual([harness.tier_of(self.db, p) for p in (13, 24, 25)], ["C", "C", "C"])
        replay(self.db, "11_archive_customer")
        replay(self.db, "12_merge_partners")
        # 24 re-evaluated on both books: 585, B, as Tryton's survivor of a merge.
        self.wait_tier(24, "B")
        self.assertEqual(harness.audit_rows(self.db, 24)[-1][1:4], ("C", "B", "event"))
        self.assertEqual(self.tags_of(24), ["value_tier / B"])
        self.assertEqual(self.property_of(24, "credit_limit"), ("float", 5000.0, None, 1))
        self.assertAlmostEqual(self.revenue_of(24), 585.0)
        # 13 and 25 dropped from the queue, their state and history left as they were.
        for partner in (13, 25):
            harness.wait_until(lambda: f"customer {partner} is not a customer to classify"
                               in self.daemon.output(), timeout=60,
                               message=f"partner {partner} to be dropped")
        self.wait_queue_drained()
        for partner in (13, 25):
            self.assertEqual((harness.audit_rows(self.db, partner), self.state_of(partner)),
                             kept[partner], partner)
        # Neither is a customer any more: not measured, not in the full pass.
        archived = harness.tierctl("metrics", "13", "--db", harness.uri(self.db), check=False)
        self.assertIn("is not a customer tierd can classify", archived.stderr)
        merged = harness.tierctl("metrics", "25", "--db", harness.uri(self.db), check=False)
        self.assertIn("no customer '25'", merged.stderr)
        everyone = harness.tierctl("metrics", "--all", "--db", harness.uri(self.db)).stdout
        listed = {int(line.split(",")[0]) for line in everyone.splitlines()[1:]}
        self.assertTrue({24, 26} <= listed and not {13, 25} & listed, listed)

    def wait_queue_drained(self):
        harness.wait_until(lambda: harness.query(self.db, "SELECT count(*) FROM tierd.queue")
                           == [(0,)], timeout=60, message="the queue to drain")

    def state_of(self, partner):
        return harness.query(self.db, "SELECT classification, tier, since, evaluated_at FROM "
                                      "tierd.customer_state WHERE customer_id = %s", (partner,))

    def revenue_of(self, partner):
        output = harness.tierctl("metrics", str(partner), "--window", "3650d",
                                 "--db", harness.uri(self.db)).stdout
        return float(dict(line.split(None, 1) for line in output.splitlines()[1:])
                     ["revenue(3650d)"])


if __name__ == "__main__":
    unittest.main()
