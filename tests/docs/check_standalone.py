#!/usr/bin/python3
"""docs.standalone: nothing in the repository outside tests/ points outside it.

The product stands alone: a file that cites ../shared/ (the session's specification) or an
absolute path of this machine's work tree (/work/...) would send its reader to something
that is not shipped. Tests may point anywhere (they run on this machine). Files git does
not track are not looked at.

Usage: check_standalone.py [SOURCE_DIR]
"""

import os
import re
import subprocess
import sys

OUTSIDE = re.compile(r"\.\./shared\b|(?<![\w.])/work/")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    files = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True,
                           check=True).stdout.split()
    problems = []
    for name in files:
        if name.startswith("tests/"):
            continue
        try:
            with open(os.path.join(root, name), encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if OUTSIDE.search(line):
                        problems.append(f"{name}:{number}: {line.strip()}")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
    for problem in problems:
        print(f"error: points outside the repository: {problem}")
    if problems:
        print("HINT: cite a file of the repository instead (docs/ holds the guides)")
        return 1
    print(f"docs.standalone: {len(files)} tracked files, none outside tests/ points outside "
          "the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
