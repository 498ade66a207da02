"""packaging.deb: builds the .deb, installs it with apt-get, checks what it installed (files,
conffiles, the tierd user, the systemd unit), runs the installed programs with the shipped
config and policy against a clone of the Tryton template, then purges it and checks that
nothing is left. It installs into /usr and /etc: it runs only as root, on a machine where
no tierd package is installed (it skips otherwise, with exit code 77)."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
import harness  # noqa: E402

SKIP = 77
SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_DIR = os.path.dirname(harness.BIN_DIR)
INSTALLED_FILES = [
    "/usr/bin/tierd", "/usr/bin/tierctl",
    "/usr/share/tierd/sql/schema/001_core.sql", "/usr/share/tierd/plugins/tryton/plugin.yaml",
    "/etc/tierd/tierd.conf", "/etc/tierd/policy.yaml", "/lib/systemd/system/tierd.service",
    "/usr/share/man/man8/tierd.8.gz", "/usr/share/man/man1/tierctl.1.gz",
    "/usr/share/doc/tierd/copyright", "/usr/share/doc/tierd/changelog.gz",
    "/etc/systemd/system/multi-user.target.wants/tierd.service",
]
APT_ENV = dict(os.environ, DEBIAN_FRONTEND="noninteractive")


def run(*command, check=True, env=None, user=None):
    if user:
        command = ("runuser", "-u", user, "--", *command)
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited with {result.returncode}:\n"
                             f"{result.stdout}{result.stderr}")
    return result


def installed_status():
    result = run("dpkg-query", "-W", "-f=${db:Status-Status}", "tierd", check=False)
    return result.stdout if result.returncode == 0 else ""


class DebianPackage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.deb = run(os.path.join(SOURCE_DIR, "tools", "package.sh"),
                      BUILD_DIR).stdout.strip().splitlines()[-1]
        cls.install = run("apt-get", "install", "-y", "-q", "--no-install-recommends", cls.deb,
                          env=APT_ENV)
        cls.db = harness.clone_template("deb")

    @classmethod
    def tearDownClass(cls):
        harness.drop_database(cls.db)
        if installed_status():
            run("apt-get", "purge", "-y", "-q", "tierd", env=APT_ENV, check=False)

    def test_1_files_conffiles_user_unit(self):
        for path in INSTALLED_FILES:
            self.assertTrue(os.path.exists(path), path)
        conffiles = run("dpkg-query", "-W", "-f=${Conffiles}", "tierd").stdout
        self.assertIn("/etc/tierd/tierd.conf", conffiles)
        self.assertIn("/etc/tierd/policy.yaml", conffiles)
        user = run("getent", "passwd", "tierd").stdout.strip().split(":")
        self.assertLess(int(user[2]), 1000, user)
        self.assertEqual(user[6], "/usr/sbin/nologin")
        mode = os.stat("/etc/tierd/tierd.conf")
        self.assertEqual((oct(mode.st_mode & 0o777), mode.st_gid),
                         (oct(0o640), int(user[3])))
        with open("/lib/systemd/system/tierd.service") as unit_file:
            unit = {}
            for line in unit_file:
                key, equals, value = line.strip().partition("=")
                if equals and not key.startswith("#"):
                    unit.setdefault(key, []).append(value)
        for key, value in [("Type", "notify"), ("User", "tierd"), ("Restart", "on-failure"),
                           ("ExecStartPre", "/usr/bin/tierd --check"),
                           ("ExecReload", "/bin/kill -HUP $MAINPID"),
                           ("ProtectSystem", "strict"), ("NoNewPrivileges", "true"),
                           ("PrivateTmp", "true"), ("ProtectHome", "true"),
                           ("Environment", "PGPASSFILE=/etc/tierd/pgpass")]:
            self.assertIn(value, unit.get(key, []), f"{key}={value} in the unit")
        self.assertRegex(unit["WatchdogSec"][0], r"^\d+s$")
        verify = run("systemd-analyze", "verify", "/lib/systemd/system/tierd.service",
                     check=False)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)
        self.assertEqual(verify.stderr.strip(), "", verify.stderr)

    def test_2_versions(self):
        built = run(os.path.join(harness.BIN_DIR, "tierd"), "--version").stdout
        self.assertRegex(built, r"^tierd \d+\.\d+\.\d+")
        self.assertEqual(run("/usr/bin/tierd", "--version").stdout, built)
        self.assertEqual(run("/usr/bin/tierctl", "--version").stdout,
                         built.replace("tierd", "tierctl", 1))
        self.assertIn(built.split()[1], os.path.basename(self.deb))

    def test_3_check_with_the_shipped_config(self):
        env = dict(os.environ, TIERD_DB=harness.uri(self.db))
        env.pop("TIERD_SHARE_DIR", None)
        # The installed tierctl, with the installed SQL and plugin.
        run("/usr/bin/tierctl", "install", "--plugin", "tryton", "--db", harness.uri(self.db),
            env=env)
        check = run("/usr/bin/tierd", "--check", "--print-config", env=env, user="tierd")
        self.assertIn("policy = /etc/tierd/policy.yaml", check.stdout)
        self.assertRegex(check.stdout, r"policy = /etc/tierd/policy.yaml +# /etc/tierd/tierd.conf:\d+")
        self.assertRegex(check.stdout, r"db = \S+ +# environment TIERD_DB")
        self.assertIn("/etc/tierd/policy.yaml: policy version 1 is valid for the tryton plugin "
                      "in this database", check.stdout)
        policy = run("/usr/bin/tierctl", "policy", "check", "/etc/tierd/policy.yaml")
        self.assertIn("valid", policy.stdout)

    def test_4_lintian(self):
        result = run("lintian", "--fail-on", "error,warning", self.deb, check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout, "", result.stdout)

    def test_5_purge_leaves_nothing(self):
        # The password file the operator's guide has the operator make goes with the purge.
        with open("/etc/tierd/pgpass", "w") as pgpass:
            pgpass.write("localhost:5432:erp:tierd:secret\n")
        run("chown", "tierd:tierd", "/etc/tierd/pgpass")
        os.chmod("/etc/tierd/pgpass", 0o600)
        run("apt-get", "purge", "-y", "-q", "tierd", env=APT_ENV)
        self.assertEqual(installed_status(), "")
        for path in INSTALLED_FILES + ["/etc/tierd/pgpass", "/etc/tierd", "/usr/share/tierd",
                                       "/usr/share/doc/tierd"]:
            self.assertFalse(os.path.exists(path), path)
        self.assertNotEqual(run("getent", "passwd", "tierd", check=False).returncode, 0)
        self.assertNotEqual(run("getent", "group", "tierd", check=False).returncode, 0)
        self.assertEqual(run("dpkg-statoverride", "--list", "/etc/tierd/tierd.conf",
                             check=False).stdout, "")


def main():
    if os.geteuid() != 0:
        print("packaging.deb SKIPPED: it installs the package into /usr and /etc with apt-get, "
              "which needs root (CI runs it as root)")
        return SKIP
    if installed_status():
        print("packaging.deb SKIPPED: a tierd package is installed on this machine "
              f"({installed_status()}); the test would replace and purge it")
        return SKIP
    result = unittest.main(exit=False, verbosity=2).result
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
