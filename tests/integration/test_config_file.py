"""The daemon's configuration: file < environment < flags, `--print-config` with the origin
of each value and the password masked, errors with file:line and exit code 2, and logs in
both formats with no password in them."""
import json
import os
import subprocess
import tempfile
import unittest

import harness

TIERD = os.path.join(harness.BIN_DIR, "tierd")


def tierd(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIERD_") or
                   k in ("TIERD_BIN_DIR", "TIERD_TEMPLATE_DB")}
    environment.update(env or {})
    return subprocess.run([TIERD, *args], capture_output=True, text=True, env=environment,
                          timeout=60)


def read(path):
    with open(path) as log:
        return log.read()


class ConfigFile(harness.TrytonDatabaseCase):
    DATABASE_PREFIX = "conf"
    CONNECT_TRYTON = False

    def write(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
        handle.write(text)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_precedence_and_print_config(self):
        policy = harness.policy_path("value_tiers.yaml")
        secret_uri = harness.uri(self.db).replace("://postgres@", "://postgres:s3cret@")
        config = self.write(f"# test\ndb = {secret_uri}\npolicy = {policy}\n"
                            "batch-size = 100\nworkers = 3\nbusy-share = 0.5\n")
        result = tierd("--config", config, "--check", "--print-config", "--batch-size", "300",
                       env={"TIERD_WORKERS": "4"})
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        self.assertNotIn("s3cret", out)
        self.assertRegex(out, rf"db = postgresql://postgres:\*\*\*@\S+ +# {config}:2\n")
        self.assertRegex(out, rf"policy = {policy} +# {config}:3\n")
        self.assertRegex(out, r"batch-size = 300 +# command line\n")
        self.assertRegex(out, r"workers = 4 +# environment TIERD_WORKERS\n")
        self.assertRegex(out, rf"busy-share = 0.5 +# {config}:6\n")
        self.assertRegex(out, r"log-format = text +# default\n")
        self.assertIn("is valid for the tryton plugin in this database", out)

    def test_environment_names_the_database(self):
        config = self.write(f"policy = {harness.policy_path('value_tiers.yaml')}\n")
        result = tierd("--config", config, "--check", env={"TIERD_DB": harness.uri(self.db)})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("is valid for the tryton plugin in this database", result.stdout)

    def test_errors_name_the_file_and_line(self):
        cases = [
            ("batch-size = 10\nbach-size = 5\n",
             ":2: error: unknown key 'bach-size'\nHINT: did you mean 'batch-size'?"),
            ("\n\nworkers = two\n",
             ":3: error: 'two' is not a valid value for workers\nHINT: workers takes a whole "
             "number, 0 or more"),
            ("log-level = loud\n",
             ":1: error: log-level is not a log level (given: loud)\nHINT: allowed values are: "
             "trace, debug, info, warn, error, off"),
            ("log-format = xml\n",
             ":1: error: log-format is not a log format (given: xml)\nHINT: allowed values "
             "are: text, json"),
            ("batch-size = 0\n", ":1: error: batch-size must be between 1 and 100000 (given: 0)"),
            ("just words\n", ":1: error: expected 'key = value', found 'just words'"),
        ]
        for text, expected in cases:
            config = self.write(text)
            result = tierd("--config", config, "--print-config")
            self.assertEqual(result.returncode, 2, text)
            self.assertIn(config + expected, result.stderr, text)
            self.assertEqual(result.stdout, "", text)

    def test_a_missing_explicit_file_is_an_error(self):
        result = tierd("--config", "/nonexistent/tierd.conf", "--print-config")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr,
                         "/nonexistent/tierd.conf: error: cannot read the configuration file: "
                         "No such file or directory\nHINT: check that it exists and that the "
                         "daemon's user may read it\n")

    def test_bad_environment_value_names_the_variable(self):
        result = tierd("--print-config", env={"TIERD_POLL_INTERVAL_MS": "soon"})
        self.assertEqual(result.returncode, 2)
        self.assertIn("$TIERD_POLL_INTERVAL_MS: error: 'soon' is not a valid value for "
                      "poll-interval-ms", result.stderr)

    def test_logs_in_both_formats_hide_the_password(self):
        policy = harness.policy_path("value_tiers.yaml")
        secret_uri = harness.uri(self.db).replace("://postgres@", "://postgres:s3cret@")
        for log_format in ("text", "json"):
            config = self.write(f"db = {secret_uri}\npolicy = {policy}\n"
                                f"log-format = {log_format}\n")
            log_path = os.path.join(harness.LOG_DIR, f"tierd-{self.db}-{log_format}.log")
            with open(log_path, "w") as log:
                process = subprocess.Popen(
                    [TIERD, "--config", config, "--log-level", "debug"], stdout=log,
                    stderr=subprocess.STDOUT)
            try:
                harness.wait_until(lambda: "re-evaluated every customer (start)" in
                                   read(log_path), timeout=60,
                                   message=f"tierd to finish its first pass ({log_path})")
            finally:
                process.terminate()
                self.assertEqual(process.wait(timeout=30), 0)
            lines = read(log_path).splitlines()
            self.assertTrue(lines)
            text = "\n".join(lines)
            self.assertNotIn("s3cret", text)
            self.assertIn("postgres:***@", text)
            for line in lines:
                if log_format == "json":
                    record = json.loads(line)
                    self.assertEqual(sorted(record), ["level", "msg", "ts"], line)
                else:
                    self.assertRegex(line, r'^ts=\S+Z level=(trace|debug|info|warning|error|'
                                           r'critical) msg=".*"$')

    def test_no_line_per_customer_at_info(self):
        """A tier change is one line per customer at debug only: at info, thirty new
        customers add no line naming any of them."""
        policy = harness.policy_path("value_tiers.yaml")
        for level, first in (("info", 1), ("debug", 101)):
            log_path = os.path.join(harness.LOG_DIR, f"tierd-{self.db}-per-customer-{level}.log")
            with open(log_path, "w") as log:
                process = subprocess.Popen(
                    [TIERD, "--db", harness.uri(self.db), "--policy", policy,
                     "--metrics-listen", "off", "--log-level", level],
                    stdout=log, stderr=subprocess.STDOUT)
            try:
                harness.wait_until(lambda: "re-evaluated every customer (start)" in
                                   read(log_path), timeout=60,
                                   message=f"tierd to finish its first pass ({log_path})")
                ids = harness.insert_parties(self.db, f"Quiet{level}", first, 30)
                harness.wait_classified(self.db, ids)
            finally:
                process.terminate()
                self.assertEqual(process.wait(timeout=30), 0)
            text = read(log_path)
            named = [i for i in ids if f"customer {i} " in text]
            if level == "info":
                self.assertEqual(named, [], text)
                self.assertNotIn("level=debug", text)
            else:
                self.assertEqual(named, ids, "each change is a debug line")

    def test_a_fatal_error_is_a_log_line_in_json_and_plain_text_otherwise(self):
        policy = harness.policy_path("value_tiers.yaml")
        unreachable = "postgresql://postgres:s3cret@127.0.0.1:1/erp"
        for log_format in ("json", "text"):
            result = tierd("--db", unreachable, "--policy", policy, "--log-format", log_format)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertNotIn("s3cret", result.stderr)
            if log_format == "json":
                lines = result.stderr.splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                record = json.loads(lines[0])
                self.assertEqual(record["level"], "error")
                self.assertTrue(record["msg"].startswith("error: cannot connect to "), record)
                self.assertIn("\nHINT: ", record["msg"])
            else:
                self.assertTrue(result.stderr.startswith("error: cannot connect to "),
                                result.stderr)


if __name__ == "__main__":
    unittest.main()
