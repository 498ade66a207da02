#!/usr/bin/python3
"""docs.commands: every `$ tierctl ...` / `$ tierd ...` block of README.md, bench/README.md
and docs/*.md still prints what the docs say.

A fenced block whose first line starts with `$ ` is a checked block: each `$ ` line is a
command, run with bash from the repository root with the built tierctl and tierd first on
PATH, and the lines after it, up to the next `$ ` line, are what it prints (standard output
and standard error together). In the expected lines, `...` stands for any text within a
line, and a line that is only `...` for any number of lines (times, hashes of the moment,
process ids). Runs of spaces compare as one; trailing spaces and blank lines at the end are
not compared.

An HTML comment on the line before the block's fence sets how it runs:

    <!-- docs.commands: cwd=tests/fixtures/docs -->    run from that directory
    <!-- docs.commands: db=tryton -->                  against the docs' Tryton database

`db=tryton` runs the block with $TIERD_DB (the installer's URI) and $TIERD_POLICY
(config/policies/value_tiers.yaml) set, on a clone of the test template made once per run
by docs_database.py: three customers created and invoiced through Tryton and classified by
tierd (see that file for what each has). Blocks run in the order of the files below, and
top to bottom in each: a block sees what the blocks before it changed.

Usage: check_commands.py [--update]
  --update   rewrite the expected output of every block that differs with what the
             commands print now (then put `...` back where the output varies)
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
FENCE = re.compile(r"^(\s*)(```|~~~)")
DIRECTIVE = re.compile(r"^<!--\s*docs\.commands:(.*?)-->\s*$")
PROGRAMS = ("tierctl", "tierd")
KEYS = {"cwd", "db"}


class Block:
    def __init__(self, path, line, options, commands):
        self.path = path          # the Markdown file
        self.line = line          # of the opening fence
        self.options = options    # from the directive
        self.commands = commands  # [(command, [expected lines], first line number)]


def documentation_files():
    files = [os.path.join(ROOT, "README.md"), os.path.join(ROOT, "bench", "README.md")]
    docs = os.path.join(ROOT, "docs")
    files += [os.path.join(docs, n) for n in sorted(os.listdir(docs)) if n.endswith(".md")]
    return [f for f in files if os.path.exists(f)]


def parse_directive(text, where):
    options = {}
    for word in text.split():
        key, _, value = word.partition("=")
        if key not in KEYS or not value:
            raise SystemExit(f"error: {where}: `{word}` is not a docs.commands setting\n"
                             f"HINT: settings are cwd=DIR and db=tryton")
        options[key] = value
    if options.get("db", "tryton") != "tryton":
        raise SystemExit(f"error: {where}: no database `{options['db']}` for the docs\n"
                         "HINT: db=tryton is the one there is (tests/docs/docs_database.py)")
    return options


def blocks_of(path):
    """The checked blocks of one file."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    shown = os.path.relpath(path, ROOT)
    found = []
    index = 0
    while index < len(lines):
        if not FENCE.match(lines[index]):
            index += 1
            continue
        start = index
        end = start + 1
        while end < len(lines) and not FENCE.match(lines[end]):
            end += 1
        body = lines[start + 1:end]
        index = end + 1
        if not body or not body[0].startswith("$ "):
            continue
        options = {}
        if start > 0:
            match = DIRECTIVE.match(lines[start - 1].strip())
            if match:
                options = parse_directive(match.group(1), f"{shown}:{start}")
        commands = []
        for offset, text in enumerate(body):
            if text.startswith("$ "):
                command = text[2:].strip()
                # Leading VAR=value words set the environment of the program shown.
                program = next(word for word in command.split() + [""]
                               if not re.match(r"[A-Z_][A-Z0-9_]*=", word))
                if program not in PROGRAMS:
                    raise SystemExit(f"error: {shown}:{start + 2 + offset}: a `$` block runs "
                                     f"tierctl or tierd, not `{program}`\nHINT: "
                                     "show other commands in a ```sh block without `$ `")
                commands.append((command, [], start + 2 + offset))
            else:
                commands[-1][1].append(text)
        found.append(Block(path, start + 1, options, commands))
    return found


def line_matches(pattern, text):
    # Runs of spaces count as one: a `...` in an aligned column changes its width.
    pattern, text = re.sub(r"\s+", " ", pattern), re.sub(r"\s+", " ", text)
    parts = [re.escape(part) for part in pattern.split("...")]
    return re.fullmatch(".*".join(parts), text) is not None


def output_matches(expected, actual):
    """Whether the actual lines fit the expected ones (`...` as described above)."""
    def fits(e, a):
        if e == len(expected):
            return a == len(actual)
        if expected[e].strip() == "...":
            return any(fits(e + 1, k) for k in range(a, len(actual) + 1))
        return a < len(actual) and line_matches(expected[e], actual[a]) and fits(e + 1, a + 1)
    return fits(0, 0)


def trimmed(lines):
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run(command, cwd, environment):
    result = subprocess.run(["bash", "-c", command], cwd=cwd, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            timeout=120)
    return trimmed(result.stdout.split("\n"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()

    blocks = [block for path in documentation_files() for block in blocks_of(path)]
    bin_dir = os.path.abspath(os.environ.get("TIERD_BIN_DIR", os.path.join(ROOT, "build", "bin")))
    base = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    base.pop("TIERD_DB", None)
    base.pop("TIERD_POLICY", None)
    database = None
    failures = []
    rewrites = {}  # path -> [(first line, last line, new lines)]
    checked = 0
    try:
        for block in blocks:
            environment = dict(base)
            if block.options.get("db"):
                if database is None:
                    sys.path.insert(0, HERE)
                    import docs_database
                    database = docs_database.create()
                environment.update(database.environment())
            cwd = os.path.join(ROOT, block.options.get("cwd", "."))
            shown = os.path.relpath(block.path, ROOT)
            for command, expected, line in block.commands:
                checked += 1
                actual = run(command, cwd, environment)
                if output_matches(trimmed(expected), actual):
                    continue
                failures.append(f"error: {shown}:{line}: `$ {command}` no longer prints what "
                                "the docs show\n  the docs:\n"
                                + "".join(f"    {e}\n" for e in trimmed(expected))
                                + "  it prints:\n" + "".join(f"    {a}\n" for a in actual))
                first = line  # the `$` line (1-based); its output follows
                rewrites.setdefault(block.path, []).append((first, first + len(expected),
                                                            actual))
    finally:
        if database is not None:
            database.drop()

    if args.update:
        for path, edits in rewrites.items():
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            for first, last, actual in sorted(edits, reverse=True):
                following = lines[first:last]
                blank_tail = len(following) - len(trimmed(following))
                lines[first:last] = actual + [""] * blank_tail
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines))
        print(f"docs.commands: {sum(len(e) for e in rewrites.values())} block output(s) "
              "rewritten; put `...` back where the output varies")
        return 0
    for failure in failures:
        print(failure)
    if failures:
        print("HINT: fix the docs (tests/docs/check_commands.py --update writes what the "
              "commands print now), or the program if it is the one that is wrong")
        return 1
    print(f"docs.commands: {checked} command(s) in {len(blocks)} block(s) print what the "
          "docs show")
    return 0


if __name__ == "__main__":
    sys.exit(main())
