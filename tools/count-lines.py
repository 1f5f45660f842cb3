#!/usr/bin/env python3
"""
How big each layer of Sonde is, against the size budget (make lines).

    python3 tools/count-lines.py

Counts physical lines of .c, .h and .S files (tests and tools are not
counted), and the share of comment lines: non-blank lines that hold
only a comment (or are inside a /* ... */ block), over all non-blank
lines.  The budget (the developers' guide):

    kernel/ + probe/ + include/ + boot/    <= 5,000 lines
    the events layer + the shell           <= 2,500 lines
    each port, counting its share of
    code it shares with another port       <= 1,500 lines
    the generic code overall               20-35% comment lines
    every folder                           20-35% comment lines (a folder
                                           under 15% fails the budget; one
                                           outside 20-35% is flagged)

A folder shared by n ports (arch/x86_common/: x86 and x86_64) counts
1/n of its lines towards each of them.
"""

import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The generic layers, by folder.  A folder that does not exist (yet)
# counts zero.
GENERIC = ["kernel", "probe", "include", "boot"]
UPPER = ["events", "shell"]
# Each port: its own folder and the shared folders it builds with.
PORTS = {
    "x86": ["arch/x86", "arch/x86_common"],
    "x86_64": ["arch/x86_64", "arch/x86_common"],
    "ppc64": ["arch/ppc64"],
    "sparc64": ["arch/sparc64"],
    "ia64": ["arch/ia64"],
}


def source_files(folder):
    """Every .c, .h and .S file below folder (relative to ROOT)."""
    found = []
    for ext in ("c", "h", "S"):
        found += glob.glob(os.path.join(ROOT, folder, "**", "*." + ext), recursive=True)
    return sorted(found)


def count_file(path):
    """(physical lines, non-blank lines, comment-only lines) of one file."""
    lines = nonblank = comments = 0
    in_block = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            lines += 1
            text = raw.strip()
            if not text:
                continue
            nonblank += 1
            if in_block:
                comments += 1
                if "*/" in text:
                    in_block = False
                continue
            if text.startswith("//") or (path.endswith(".S") and text.startswith("#")
                                         and not text.startswith(("#include", "#define",
                                                                  "#if", "#else", "#endif",
                                                                  "#ifdef", "#ifndef",
                                                                  "#undef", "#error"))):
                comments += 1
            elif text.startswith("/*"):
                comments += 1
                in_block = "*/" not in text
    return lines, nonblank, comments


def count(folders):
    """Totals over the given folders: (lines, non-blank, comment-only)."""
    total = [0, 0, 0]
    for folder in folders:
        for path in source_files(folder):
            for i, n in enumerate(count_file(path)):
                total[i] += n
    return total


def share(folder):
    """How many ports build folder (for arch/ folders shared by several)."""
    return sum(folder in dirs for dirs in PORTS.values()) or 1


def pct(comments, nonblank):
    return 100.0 * comments / nonblank if nonblank else 0.0


def main():
    ok = True
    print("%-22s %7s %9s" % ("folder", "lines", "comments"))
    folders = GENERIC + UPPER + sorted({d for dirs in PORTS.values() for d in dirs})
    for folder in folders:
        lines, nonblank, comments = count([folder])
        if not lines:
            continue
        p = pct(comments, nonblank)
        flag = "" if 20.0 <= p <= 35.0 else "   <- outside 20-35%"
        ok &= p >= 15.0           # a folder under 15% fails the budget
        print("%-22s %7d %8.1f%%%s" % (folder, lines, p, flag))

    # The generic code as a whole (the kernel, the engine, the headers
    # and the two upper layers): 20-35%, and no folder under 15%.
    _, nonblank, comments = count(GENERIC + UPPER)
    p = pct(comments, nonblank)
    ok &= 20.0 <= p <= 35.0
    print("%-22s %7s %8.1f%%  (20-35%%)" % ("generic code overall", "", p))

    print()
    lines = count(GENERIC)[0]
    ok &= lines <= 5000
    print("%-40s %6d  (budget 5,000)%s" % ("kernel + probe + include + boot", lines,
                                          "" if lines <= 5000 else "  OVER"))
    lines = count(UPPER)[0]
    ok &= lines <= 2500
    print("%-40s %6d  (budget 2,500)%s" % ("events + shell", lines,
                                          "" if lines <= 2500 else "  OVER"))
    for port, dirs in PORTS.items():
        lines = sum(count([d])[0] / share(d) for d in dirs)
        if not lines:
            continue
        ok &= lines <= 1500
        print("%-40s %6d  (budget 1,500)%s" % ("port " + port + " (with its share)", lines,
                                              "" if lines <= 1500 else "  OVER"))
    print()
    print("within budget" if ok else "NOT within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
