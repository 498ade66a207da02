"""tierd under systemd's Type=notify, seen through a NOTIFY_SOCKET of the test's own (an
AF_UNIX datagram socket, as the service manager's): READY=1 only once the daemon is connected
with its policy loaded (its role is kept from connecting until the test lets it), WATCHDOG=1
from the event loop while it runs, RELOADING=1 (with MONOTONIC_USEC) then READY=1 around a
SIGHUP, STOPPING=1 at SIGTERM, and STATUS= lines saying what it does."""

import os
import select
import shutil
import signal
import socket
import tempfile
import time
import unittest
import uuid

import harness

POLICY = harness.policy_path("value_tiers.yaml")


class NotifyListener:
    """The service manager's end of $NOTIFY_SOCKET: every datagram is one message of
    newline-separated KEY=VALUE assignments."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify.sock")
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.path)
        self.received = []

    def next(self, timeout):
        """The next message as a dict, or None if none came within `timeout` seconds."""
        ready, _, _ = select.select([self.socket], [], [], timeout)
        if not ready:
            return None
        text = self.socket.recv(65536).decode()
        message = dict(line.split("=", 1) for line in text.split("\n") if "=" in line)
        self.received.append(message)
        return message

    def pending(self):
        """Every message already sent and not yet read."""
        messages = []
        while (message := self.next(0)) is not None:
            messages.append(message)
        return messages

    def wait_for(self, key, timeout=60, skip_watchdog=True):
        """Reads until a message with `key` arrives; returns it and those read before it
        (keep-alives left out unless asked for)."""
        deadline = time.monotonic() + timeout
        before = []
        while True:
            left = deadline - time.monotonic()
            message = self.next(max(left, 0)) if left > 0 else None
            if message is None:
                raise AssertionError(f"no {key} within {timeout} s; read {before}")
            if key in message:
                return message, before
            if not (skip_watchdog and set(message) == {"WATCHDOG"}):
                before.append(message)

    def close(self):
        self.socket.close()


class ServiceNotify(unittest.TestCase):
    def setUp(self):
        self.db = harness.clone_template("it_notify")
        # A role of this test's own, so that limiting its connections touches no other test.
        self.role = f"tierd_notify_{uuid.uuid4().hex[:6]}"
        harness.tierctl("install", "--plugin", "tryton", "--db", harness.uri(self.db),
                        "--role", self.role)
        self.directory = tempfile.mkdtemp(prefix="tierd-notify-")
        os.chmod(self.directory, 0o755)
        self.listener = NotifyListener(self.directory)

    def tearDown(self):
        self.listener.close()
        harness.drop_database(self.db)
        harness.query("postgres", f'DROP ROLE IF EXISTS "{self.role}"')
        shutil.rmtree(self.directory)

    def set_connection_limit(self, limit):
        harness.query("postgres", f'ALTER ROLE "{self.role}" CONNECTION LIMIT {limit}')

    def test_ready_watchdog_reload_and_stop_reach_the_service_manager(self):
        harness.insert_parties(self.db, "notify", 1, 20)
        # One connection: enough for the start-up check, not for the daemon's two (it
        # listens on one and works on the other), so it keeps reconnecting, not ready.
        self.set_connection_limit(1)
        daemon = harness.Daemon(
            self.db, POLICY, user=self.role,
            env={"NOTIFY_SOCKET": self.listener.path, "WATCHDOG_USEC": "500000"})
        with daemon:
            harness.wait_until(lambda: daemon.output().count("reconnecting in") >= 2, timeout=60,
                               message=f"the daemon to retry its connections ({daemon.log_path})")
            early = self.listener.pending()
            self.assertFalse([m for m in early if "READY" in m],
                             f"READY=1 before the daemon was connected: {early}")
            self.assertTrue([m for m in early if "WATCHDOG" in m],
                            "the event loop keeps the watchdog alive while it reconnects")
            self.assertTrue(any("database connection lost" in m.get("STATUS", "")
                                for m in early), f"the status says why it waits: {early}")
            self.assertNotIn("connected to", daemon.output())

            self.set_connection_limit(-1)
            ready, _ = self.listener.wait_for("READY")
            # Connected by then: it said so in its log before telling the manager.
            self.assertIn("connected to", daemon.output())
            self.assertEqual(ready["READY"], "1")
            self.assertEqual(ready["STATUS"], "connected, policy version 1")
            self.assertGreaterEqual(harness.query(
                self.db, "SELECT count(*) FROM pg_stat_activity WHERE usename = %s",
                (self.role,))[0][0], 2, "both connections of the daemon are open")

            # The keep-alive keeps coming from the running loop (at half of WATCHDOG_USEC).
            for _ in range(3):
                self.listener.wait_for("WATCHDOG", skip_watchdog=False)
            harness.wait_until(lambda: harness.query(
                self.db, "SELECT count(*) FROM tierd.customer_state")[0][0] == 20,
                message="the customers to be classified")

            before = time.monotonic()
            daemon.process.send_signal(signal.SIGHUP)
            reloading, _ = self.listener.wait_for("RELOADING")
            after = time.monotonic()
            self.assertEqual(reloading["RELOADING"], "1")
            # CLOCK_MONOTONIC in microseconds, taken between the signal and its arrival.
            self.assertLessEqual(before * 1e6, int(reloading["MONOTONIC_USEC"]))
            self.assertLessEqual(int(reloading["MONOTONIC_USEC"]), after * 1e6)
            self.assertIn("reloading the policy", reloading["STATUS"])
            reloaded, between = self.listener.wait_for("READY")
            self.assertEqual(between, [], "nothing between RELOADING=1 and READY=1")
            self.assertEqual(reloaded["STATUS"], "policy version 1 in force")
            harness.wait_until(lambda: "policy unchanged" in daemon.output(),
                               message="the reload in the log")

            self.assertEqual(daemon.stop(), 0, daemon.output())
            stopping, _ = self.listener.wait_for("STOPPING", timeout=5)
            self.assertEqual(stopping["STOPPING"], "1")
        log = daemon.output()
        self.assertIn("systemd watchdog on: 500 ms, kept alive every 250 ms", log)


if __name__ == "__main__":
    unittest.main(verbosity=2)
