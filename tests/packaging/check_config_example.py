#!/usr/bin/python3
"""packaging.config_example: the shipped /etc/tierd/tierd.conf (packaging/tierd.conf) names
every option of the daemon, as its header promises, and shows each commented-out default as
the daemon's own default, so that a new option or a changed default cannot leave the example
behind. The file must also be one the daemon reads without error.

Usage: check_config_example.py BIN_DIR   (the built tierd is BIN_DIR/tierd)
"""

import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(ROOT, "packaging", "tierd.conf")
# Defaults that depend on the machine the daemon runs on: named, not compared.
MACHINE_DEPENDENT = {"erp-busy-sessions"}
SETTING = re.compile(r"^(#?)([a-z][a-z0-9-]*) = (.*)$")
EFFECTIVE = re.compile(r"^([a-z][a-z0-9-]*) = (.*?)\s+# (.*)$")


def effective_configuration(tierd, config):
    """{key: (value, origin)} as `tierd --print-config` reports it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TIERD_")}
    result = subprocess.run([tierd, "--config", config, "--print-config"], env=environment,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"error: tierd refuses {config} (exit {result.returncode}):\n"
                         f"{result.stdout}{result.stderr}")
    settings = {}
    for line in result.stdout.splitlines():
        match = EFFECTIVE.match(line)
        if match:
            settings[match.group(1)] = (match.group(2), match.group(3))
    if not settings:
        raise SystemExit(f"error: `tierd --print-config` printed no setting:\n{result.stdout}")
    return settings


def main():
    tierd = os.path.join(sys.argv[1], "tierd")
    shown = os.path.relpath(EXAMPLE, ROOT)
    effective = effective_configuration(tierd, EXAMPLE)
    defaults = effective_configuration(tierd, os.devnull)
    example = {}
    with open(EXAMPLE, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            match = SETTING.match(line.strip())
            if match:
                example[match.group(2)] = (bool(match.group(1)), match.group(3), number)
    problems = []
    for key, (value, _) in defaults.items():
        if key not in example:
            problems.append(f"{shown}: option `{key}` is missing (write `#{key} = {value}` "
                            "with a comment saying what it is for)")
            continue
        commented, shown_value, number = example[key]
        # A key with no default (db) is shown with an example value instead.
        if commented and value and key not in MACHINE_DEPENDENT and shown_value != value:
            problems.append(f"{shown}:{number}: `#{key} = {shown_value}` is not the default, "
                            f"which is {value}")
        if not commented and effective[key][1] != f"{EXAMPLE}:{number}":
            problems.append(f"{shown}:{number}: `{key}` is set but the daemon took it from "
                            f"{effective[key][1]}")
    for key in sorted(set(example) - set(defaults)):
        problems.append(f"{shown}:{example[key][2]}: `{key}` is no option of tierd")
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        print("HINT: keep packaging/tierd.conf in step with `tierd --help`")
        return 1
    print(f"packaging.config_example: {shown} shows all {len(defaults)} options of tierd, "
          "with their defaults")
    return 0


if __name__ == "__main__":
    sys.exit(main())
