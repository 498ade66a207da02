#!/usr/bin/python3
"""docs.links: every relative link in README.md, bench/README.md and docs/*.md resolves.

A link's file must exist in the repository (and not outside it), and a link's #anchor must
be a heading of the file it points to, as GitHub names headings: lower case, punctuation
dropped, spaces as hyphens, repeats numbered -1, -2, ...  Links to other sites (http:,
https:, mailto:) are not followed: the product's documentation stands alone.

Usage: check_links.py [SOURCE_DIR]   (default: the repository holding this file)
"""

import os
import re
import sys

LINK = re.compile(r"(?<!\!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def documentation_files(root):
    files = [os.path.join(root, "README.md"), os.path.join(root, "bench", "README.md")]
    docs = os.path.join(root, "docs")
    for name in sorted(os.listdir(docs)):
        if name.endswith(".md"):
            files.append(os.path.join(docs, name))
    return [f for f in files if os.path.exists(f)]


def prose_lines(path):
    """The file's lines outside fenced code blocks, with their numbers."""
    inside = False
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if FENCE.match(line):
                inside = not inside
                continue
            if not inside:
                yield number, line


def slug(heading):
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    seen = {}
    result = set()
    for _, line in prose_lines(path):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    for _, line in prose_lines(path):
        for name in re.findall(r'<a\s+(?:name|id)="([^"]+)"', line):
            result.add(name)
    return result


def prose_text(path):
    """The file with its fenced code blocks blanked out (line numbers kept), so that a
    link whose text wraps onto the next line is still one match."""
    lines = []
    inside = False
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if FENCE.match(line):
                inside = not inside
                lines.append("\n")
            else:
                lines.append("\n" if inside else line)
    return "".join(lines)


def links(path):
    """(line number, target) of every link and image in the file's prose."""
    text = prose_text(path)
    # Inline code is not a link: `[x](y)` in backticks stays as it is.
    text = re.sub(r"`[^`\n]*`", lambda m: "`" + "x" * (len(m.group(0)) - 2) + "`", text)
    for pattern in (LINK, IMAGE):
        for match in pattern.finditer(text):
            yield text.count("\n", 0, match.start(1)) + 1, match.group(1)


def check(root):
    problems = []
    root = os.path.realpath(root)
    for path in documentation_files(root):
        shown = os.path.relpath(path, root)
        for number, target in links(path):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue
            file_part, _, anchor = target.partition("#")
            if file_part:
                resolved = os.path.realpath(os.path.join(os.path.dirname(path), file_part))
                if not (resolved + os.sep).startswith(root + os.sep) and resolved != root:
                    problems.append(f"{shown}:{number}: link `{target}` leaves the repository")
                    continue
                if not os.path.exists(resolved):
                    problems.append(f"{shown}:{number}: link `{target}`: no such file")
                    continue
            else:
                resolved = path
            if anchor:
                if not resolved.endswith(".md") or os.path.isdir(resolved):
                    problems.append(f"{shown}:{number}: link `{target}`: an anchor into a "
                                    "file that is not Markdown")
                elif anchor not in anchors(resolved):
                    problems.append(f"{shown}:{number}: link `{target}`: no heading "
                                    f"`#{anchor}` in {os.path.relpath(resolved, root)}")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    problems = check(root)
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        print("HINT: fix the link, or the heading it names (anchors are GitHub's: lower case, "
              "punctuation dropped, spaces as hyphens)")
        return 1
    print(f"docs.links: every relative link resolves ({len(documentation_files(root))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
