"""Every tierctl command that reads a database answers a database it cannot use in one
sentence with a non-zero exit: no database given, an unreachable server, a database
without tierd; takes its database from --db, $TIERD_DB or the daemon's config file
($TIERD_CONFIG); and shows an example in its --help.

The commands come from `tierctl --help`, so a new command is covered as soon as it is
listed; ARGUMENTS must then say what else it needs (the test fails until it does)."""

import os
import re
import subprocess
import tempfile
import unittest

import harness

# What each database command needs besides --db, to get as far as the database.
ARGUMENTS = {
    "install": ["--plugin", "tryton"],
    "uninstall": [],
    "audit": [],
    "audit verify": [],
    "audit summary": [],
    "show": ["1"],
    "metrics": ["1"],
    "pin": ["1", "A", "--reason", "a test"],
    "unpin": ["1"],
    "approve": ["1"],
    "reject": ["1", "--reason", "a test"],
    "approvals": [],
    "explain": ["1"],
    "simulate": [harness.policy_path("value_tiers.yaml")],
    "report": [],
}
UNREACHABLE = "postgresql://postgres@127.0.0.1:1/erp"


def listed_commands():
    """The command names of `tierctl --help`: the words before the first argument."""
    names = []
    for line in harness.tierctl("--help").stdout.splitlines()[3:]:
        words = []
        for word in line.split():
            if not re.fullmatch(r"[a-z][a-z-]*:?", word):
                break
            words.append(word.rstrip(":"))
            if word.endswith(":"):
                break
        if words:
            names.append(" ".join(words))
    return names


def run(command, extra, environment):
    base = {k: v for k, v in os.environ.items() if k not in ("TIERD_DB", "TIERD_CONFIG")}
    base["TIERD_POLICY"] = harness.policy_path("value_tiers.yaml")
    base["TIERD_CONFIG"] = "/nonexistent/tierd.conf"  # never the machine's own
    base.update(environment)
    return subprocess.run([os.path.join(harness.BIN_DIR, "tierctl"), *command.split(),
                           *ARGUMENTS[command], *extra], capture_output=True, text=True,
                          env=base, timeout=60)


class CommandErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.commands = listed_commands()
        cls.database_commands = [
            c for c in cls.commands if "--db" in harness.tierctl(*c.split(), "--help").stdout]
        # A database of the server that is no ERP and has no tierd.
        cls.plain = f"it_plain_{os.getpid()}"
        connection = harness.admin_connection()
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{cls.plain}" TEMPLATE template0')
        connection.close()

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.plain)

    def assert_one_error(self, result, exit_code, pattern, what):
        self.assertEqual(result.returncode, exit_code, f"{what}:\n{result.stderr}")
        self.assertEqual(result.stdout, "", f"{what} printed before failing")
        first = result.stderr.splitlines()[0] if result.stderr else ""
        self.assertRegex(first, r"^error: " + pattern, what)
        self.assertIn("\nHINT: ", result.stderr, what)

    def test_the_listed_commands_are_known_here(self):
        self.assertGreaterEqual(len(self.database_commands), 10, self.commands)
        for command in self.database_commands:
            self.assertIn(command, ARGUMENTS, f"add `{command}` to ARGUMENTS of this test")

    def test_every_command_shows_an_example(self):
        for command in self.commands:
            result = harness.tierctl(*command.split(), "--help")
            self.assertRegex(result.stdout, r"(?m)^usage: tierctl ", command)
            self.assertRegex(result.stdout, r"(?m)^example: tierctl " + command + " ", command)

    def test_no_database_given(self):
        for command in self.database_commands:
            with self.subTest(command):
                self.assert_one_error(run(command, [], {}), 2, "no database given to ",
                                      command)

    def test_unreachable_database(self):
        for command in self.database_commands:
            with self.subTest(command):
                result = run(command, ["--db", UNREACHABLE], {})
                self.assert_one_error(result, 1, "cannot connect to " + re.escape(UNREACHABLE),
                                      command)
                self.assertIn("Connection refused", result.stderr)

    def test_database_without_tierd(self):
        for command in self.database_commands:
            with self.subTest(command):
                result = run(command, ["--db", harness.uri(self.plain)], {})
                if command == "install":
                    self.assert_one_error(result, 2, f"database '{self.plain}' is not a "
                                          "Tryton 6.0 database", command)
                elif command == "uninstall":  # idempotent: nothing there is nothing to do
                    self.assertEqual(result.returncode, 0, result.stderr)
                    self.assertIn("nothing to do", result.stdout)
                else:
                    self.assert_one_error(result, 2, "tierd is not installed in database "
                                          f"'{self.plain}'", command)

    def test_database_from_the_environment_then_the_daemons_config(self):
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as config:
            config.write(f"# the daemon's\ndb = {harness.uri(self.plain)}\n")
            config.flush()
            for command in ("show", "audit"):
                from_file = run(command, [], {"TIERD_CONFIG": config.name})
                self.assert_one_error(from_file, 2, f"tierd is not installed in database "
                                      f"'{self.plain}'", command)
                # $TIERD_DB wins over the file, --db over both.
                from_env = run(command, [], {"TIERD_CONFIG": config.name,
                                             "TIERD_DB": UNREACHABLE})
                self.assert_one_error(from_env, 1, "cannot connect to", command)
                from_flag = run(command, ["--db", harness.uri(self.plain)],
                                {"TIERD_CONFIG": config.name, "TIERD_DB": UNREACHABLE})
                self.assert_one_error(from_flag, 2, "tierd is not installed", command)

    def test_a_malformed_daemon_config_is_named(self):
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as config:
            config.write("db postgresql://nowhere\n")
            config.flush()
            result = run("show", [], {"TIERD_CONFIG": config.name})
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertTrue(result.stderr.startswith(f"{config.name}:1: error: "),
                            result.stderr)


if __name__ == "__main__":
    unittest.main()
