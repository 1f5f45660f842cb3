#!/usr/bin/env python3
"""
PROBES=file (make run, gdb, run-uboot, plot): a probe set a course
ships, defined at boot.  This prints the kernel command line that does it:

    tools/probes-cmdline.py FILE [CMDLINE]

FILE holds event lines, one per line, as typed at the shell (p:, r:,
l:, -:, or a lab's own type); '#' comments and blank lines are allowed.
The output is CMDLINE, a space, and one kprobe_event= word with the
lines ';'-separated and ',' for each run of blanks, the syntax Linux's
kprobe_event= has and events/events.c reads.  The kernel runs the lines
before the first prompt, shown as if typed, so a bad one gets the
shell's own error and the boot goes on.  Each event is enabled as it is
defined, as Linux's kprobe_event= does.

The command line reaches the kernel whole on every port (x86: the
multiboot command line, or U-Boot's boot block; ppc64 and sparc64:
/chosen bootargs from QEMU's -append; make iso refuses the ';' and '$'
that GRUB would interpret), but the kernel keeps at most
BOOT_CMDLINE_MAX - 1 characters of it (include/sonde/arch.h) and a
shell line is at most SHELL_LINE_MAX - 1 (shell/shell.h).  Anything
longer would be cut without a word, and a cut event line is another
event line, so this refuses it instead, as it does a missing file, a
line the encoding cannot carry (',' or ';') and a CMDLINE that has a
kprobe_event= of its own (the kernel keeps only the last one).
Errors go to stderr, on one line each, with exit status 1.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def c_define(header, name):
    """The number a header #defines as name: the kernel's limits, read where they are set."""
    with open(os.path.join(ROOT, header)) as f:
        m = re.search(r"^#define\s+%s\s+(\d+)" % name, f.read(), re.M)
    if not m:
        sys.exit("probes-cmdline: no #define %s in %s" % (name, header))
    return int(m.group(1))


def strip_comment(line):
    """What the shell runs of a line: up to a '#' that starts a word."""
    m = re.search(r"(^|[ \t])#", line)
    return (line[:m.start()] if m else line).strip()


def fail(message):
    sys.stderr.write("error: PROBES=%s\n" % message)
    sys.exit(1)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: tools/probes-cmdline.py FILE [CMDLINE]")
    path, cmdline = sys.argv[1], sys.argv[2].strip() if len(sys.argv) == 3 else ""
    cmdline_max = c_define("include/sonde/arch.h", "BOOT_CMDLINE_MAX") - 1
    line_max = c_define("shell/shell.h", "SHELL_LINE_MAX") - 1
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        fail("%s: cannot read it (%s)" % (path, e.strerror))
    if any(w.startswith("kprobe_event=") for w in cmdline.split()):
        fail("%s: CMDLINE has a kprobe_event= of its own, and the kernel keeps only one:"
             " put those lines in %s" % (path, path))
    lines = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = strip_comment(raw)
        if not line:
            continue
        where = "%s:%d" % (path, number)
        if "," in line or ";" in line:
            fail("%s: a line cannot hold ',' or ';' (kprobe_event= uses them for blanks"
                 " and line ends): %s" % (where, line))
        if len(line) > line_max:
            fail("%s: the line is %d characters, a shell line at most %d"
                 % (where, len(line), line_max))
        lines.append(",".join(line.split()))
    if not lines:
        fail("%s: no event lines in it" % path)
    full = (cmdline + " " if cmdline else "") + "kprobe_event=" + ";".join(lines)
    if len(full) > cmdline_max:
        fail("%s: the kernel command line would be %d characters, the kernel keeps %d"
             " (BOOT_CMDLINE_MAX); ship fewer or shorter lines" % (path, len(full), cmdline_max))
    print(full)


if __name__ == "__main__":
    main()
