"""A changed policy file is picked up while tierd runs (edited in place, or replaced by
rename as editors do) and re-evaluates every customer under the new version; a broken edit
is reported and the last good policy stays in force; SIGHUP reloads on demand."""

import os
import shutil
import signal
import tempfile
import unittest

import harness


def insert_party(db, name):
    return harness.insert_parties(db, name, 1, 1)[0]


def audit_versions(db, customer):
    return [(row[0], row[1], row[2]) for row in harness.query(
        db, "SELECT to_tier, policy_version, trigger FROM tierd.audit_log "
            "WHERE customer_id = %s ORDER BY seq", (customer,))]


class PolicyReload(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_reload")
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db))
        self.directory = tempfile.mkdtemp(prefix="tierd-policy-")
        self.policy = os.path.join(self.directory, "policy.yaml")
        with open(harness.policy_path("value_tiers.yaml")) as source:
            self.original = source.read()
        self.write(self.original)
        self.daemon = harness.Daemon(self.db, self.policy)
        # The file is watched from start-up on; edits before that are the start-up policy.
        self.wait_for_log("connected to")

    def tearDown(self):
        code = self.daemon.stop()
        self.daemon.__exit__()
        harness.drop_database(self.db)
        shutil.rmtree(self.directory)
        self.assertEqual(code, 0, self.daemon.output())

    def write(self, text, by_rename=False):
        target = self.policy + ".tmp" if by_rename else self.policy
        with open(target, "w") as policy:
            policy.write(text)
        if by_rename:
            os.rename(target, self.policy)

    def version_2(self):
        return (self.original.replace("version: 1", "version: 2")
                .replace("revenue(365d) >= 10,000", "revenue(365d) >= 0"))

    def wait_for_log(self, text):
        harness.wait_until(lambda: text in self.daemon.output(), message=repr(text))

    def test_an_edited_policy_reclassifies_everyone_under_its_version(self):
        customer = insert_party(self.db, "Early Bird")
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "C",
                           message="classification under version 1")
        self.write(self.version_2())
        self.wait_for_log("policy reloaded: version 2")
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B",
                           message="re-evaluation under version 2")
        self.assertEqual(audit_versions(self.db, customer),
                         [("C", "1", "event"), ("B", "2", "policy")])

    def test_a_broken_edit_keeps_the_last_good_policy(self):
        self.write(self.version_2(), by_rename=True)
        self.wait_for_log("policy reloaded: version 2")
        self.write(self.version_2().replace("when: revenue(365d) >= 0", "when: revenu(1y) > 0"),
                   by_rename=True)
        self.wait_for_log("policy reload refused, version 2 stays in force")
        self.assertIn("unknown metric `revenu`", self.daemon.output())
        customer = insert_party(self.db, "Late Comer")
        harness.wait_until(lambda: harness.tier_of(self.db, customer) == "B",
                           message="classification under version 2")
        self.assertEqual(audit_versions(self.db, customer), [("B", "2", "event")])

    def test_sighup_reloads_on_demand(self):
        self.daemon.process.send_signal(signal.SIGHUP)
        self.wait_for_log("policy unchanged")
        self.assertIsNone(self.daemon.process.poll())


if __name__ == "__main__":
    unittest.main(verbosity=2)
