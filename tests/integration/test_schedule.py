"""Scheduled re-evaluation (`evaluate_every`): with two daemons on one database exactly one
of them schedules, the other takes over when it stops, and the two never write a change
twice."""

import os
import shutil
import tempfile
import unittest

import harness

SCHEDULE_LINE = "re-evaluated every customer (schedule)"


class Schedule(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_schedule")
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db))
        self.directory = tempfile.mkdtemp(prefix="tierd-policy-")
        self.policy = os.path.join(self.directory, "policy.yaml")
        with open(harness.policy_path("value_tiers.yaml")) as source:
            text = source.read().replace("evaluate_every: 24h", "evaluate_every: 1s")
        with open(self.policy, "w") as policy:
            policy.write(text)

    def tearDown(self):
        harness.drop_database(self.db)
        shutil.rmtree(self.directory)

    def test_one_daemon_schedules_and_another_takes_over(self):
        harness.insert_parties(self.db, "sched", 1, 300)
        first = harness.Daemon(self.db, self.policy)
        second = harness.Daemon(self.db, self.policy)
        with first, second:
            harness.wait_until(
                lambda: first.output().count(SCHEDULE_LINE) + second.output().count(SCHEDULE_LINE)
                >= 3, message="three scheduled runs")
            scheduler, other = (first, second) if SCHEDULE_LINE in first.output() \
                else (second, first)
            self.assertEqual(other.output().count(SCHEDULE_LINE), 0)
            self.assertEqual(scheduler.stop(), 0)
            harness.wait_until(lambda: SCHEDULE_LINE in other.output(),
                               message="the other daemon to take over the schedule")
            self.assertEqual(other.stop(), 0)
        duplicated = harness.query(self.db, "SELECT customer_id, count(*) FROM tierd.audit_log "
                                            "GROUP BY customer_id HAVING count(*) <> 1")
        self.assertEqual(duplicated, [])
        self.assertEqual(harness.query(self.db, "SELECT count(*) FROM tierd.audit_log"),
                         [(300,)])
        harness.tierctl("audit", "verify", "--db", harness.uri(self.db))


if __name__ == "__main__":
    unittest.main(verbosity=2)
