#!/usr/bin/env python3
"""
Sonde's test harness.

    python3 tests/run.py --archs "x86 x86_64"          (make test)
    python3 tests/run.py --archs x86_64 --only NAME --verbose
                                                       (make test-one TEST=NAME)
    python3 tests/run.py --archs "x86 ppc64" --list    (make list-tests)

It runs seven kinds of test (README.md, "Tests", lists the same seven) and
prints one line per result:

  In-kernel tests    The kernel is booted with test=all (or test=NAME).  It
                     prints TAP on the serial console and leaves QEMU with
                     an exit status that tells pass from fail (make
                     print-exit-codes).  Every "ok"/"not ok" line becomes a
                     result named <arch>/ktest/<test name>.  A panic, a
                     triple fault, a timeout or a missing plan fails
                     <arch>/ktest itself.  The tests are the kernel's own:
                     tests/kernel/*.c, and the port's folders (KTEST_DIRS
                     in arch/<arch>/build.mk).  On x86 and x86_64 the
                     probe engine's tests run again, booted with
                     "optimize" (jump-optimised probes), as results named
                     <arch>/ktest-optimize/<test name>.

  Shell transcripts  tests/shell/NAME.in is typed at the shell, one line per
                     prompt, and what the console shows is compared with
                     tests/shell/NAME.expected.  Result: <arch>/shell/NAME.
                     A transcript whose output differs between architectures
                     (register names, instruction bytes) can have a variant
                     for one: NAME.ARCH.in and NAME.ARCH.expected replace
                     NAME.in and NAME.expected there.  A line "#archs A B"
                     in NAME.in runs it only on those architectures.
                     Other directives at the top of NAME.in (read_script):
                     "#expect-exit N", "#cmdline ARGS" (boot with these
                     kernel arguments) and "#escapes" (\\xNN in the lines
                     to type is the byte NN, 00..7f, and \\\\ a backslash:
                     for NUL, ESC, Tab, Ctrl-C).

  U-Boot boot        A transcript with a line "#uboot CMDLINE" boots
                     through Debian's U-Boot ROM from a disk image that
                     carries CMDLINE, instead of -kernel (see "booting by
                     U-Boot" below).  Result: <arch>/shell/NAME.

  Host unit tests    tests/host/test_*.c are built for this machine with
                     AddressSanitizer and UBSan, run, and must exit with 0;
                     tests/host/test_*.sh are run with sh (test_make.sh
                     checks the Makefile).  Result: host/test_NAME.  One
                     that prints "1..0 # SKIP why" and exits 0 is SKIP.

  Fuzzing            The event-line parser under libFuzzer for 20 s
                     (tools/fuzz.sh; --fuzz-seconds).  Result:
                     host/fuzz_event_parse.

  GDB check          `make gdb-check`: GDB attaches to QEMU's stub, stops at
                     kmain and prints a backtrace.  Result: <arch>/gdb.

  Labs               tools/labs.py check, for every lab in labs/: its starter
                     tree builds and fails every graded test, the full tree
                     passes them (result: lab/NN-name); and make grade's own
                     test, tests/grade/ (result: grade/selftest).  --no-labs
                     leaves them out.

EXTRA_TRANSCRIPTS (--extra-transcripts DIR) adds the transcripts of DIR,
named like those of tests/shell/; "#points N" in them is for make grade.

--only NAME,NAME... picks tests by name: a shell transcript, a host test,
"gdb", or else an in-kernel test (shell/NAME, host/NAME and ktest/NAME say
which).  --list prints every name, per architecture where they differ.

Lines look like "PASS x86_64/ktest/sleep_wakes_on_time" or
"FAIL x86/shell/ps: reason".  The last line is always "N passed, N failed",
and the exit status is 0 only if nothing failed.

QEMU is booted by tools/sonde_qemu.py, which tools/bench.py and
tools/benchtrace.py use too: the QEMU command line, the kernel image and
the exit statuses come from the Makefile (make print-qemu, print-kernel,
print-exit-codes), so there is one place that says how Sonde is booted.
QEMU runs with -icount shift=0,sleep=off: the guest clock counts
instructions, so a run does the same thing every time.

Every run has a timeout, 60 s by default (three times that for the boot
that runs all in-kernel tests, twice for a host test); the environment variable
SONDE_TIMEOUT_SCALE multiplies it (e.g. 3 on a slow machine).  The serial log
of every failed run is kept under build/<arch>/logs/ (build/host/logs/ for
host tests), and the failure message says where.

This file uses only the Python standard library.
"""

import argparse
import concurrent.futures
import difflib
import functools
import glob
import os
import re
import shlex
import signal
import subprocess
import sys
import traceback

# Everything is relative to the top of the repository, wherever we are run.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The QEMU driver the harness shares with tools/bench.py and tools/benchtrace.py
# (without leaving a tools/__pycache__ behind).
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.dont_write_bytecode = True
import sonde_qemu                                                         # noqa: E402
from sonde_qemu import ExitCodes, SHELL_PROMPT, find_prompt, make_print   # noqa: E402

BASE_TIMEOUT = 60.0     # seconds per run, before SONDE_TIMEOUT_SCALE

# What each host unit test tests/host/NAME.c is built with besides itself:
# the kernel sources under test, and libraries.  A test not listed here is
# built from its own file alone.
HOST_TESTS = {
    "test_format": {"sources": ["kernel/format.c"]},
    "test_insn_capstone": {"sources": ["arch/x86_common/insn.c"], "libs": ["-lcapstone"]},
    "test_ia64_bundle": {"sources": ["arch/ia64/bundle.c"]},
}
HOST_CFLAGS = ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra",
               "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
               "-Iinclude", "-I."]

# The largest number of diagnostics quoted in one failure line.
MAX_DIAGNOSTICS = 5


class Result:
    """The outcome of one test: a name, pass or fail, and why it failed."""

    def __init__(self, name, ok, reason="", details=(), skipped=False):
        self.name = name
        self.ok = ok
        self.reason = reason
        self.details = list(details)   # extra lines shown under a FAIL (a diff)
        self.skipped = skipped         # not run at all: neither passed nor failed

    def print(self):
        if self.skipped:
            print("SKIP %s: %s" % (self.name, self.reason))
        elif self.ok:
            print("PASS " + self.name)
        else:
            print("FAIL %s: %s" % (self.name, self.reason))
            for line in self.details:
                print("    " + line)


def timeout_scale():
    """SONDE_TIMEOUT_SCALE, a number above 0 (ValueError if it is not).
    tools/labs.py scales its per-test timeouts by it too."""
    text = os.environ.get("SONDE_TIMEOUT_SCALE", "1")
    try:
        scale = float(text)
    except ValueError:
        scale = -1
    if not scale > 0:
        raise ValueError("SONDE_TIMEOUT_SCALE must be a number above 0, not %r" % text)
    return scale


def timeout_seconds():
    """The per-run timeout: 60 s times SONDE_TIMEOUT_SCALE."""
    try:
        return BASE_TIMEOUT * timeout_scale()
    except ValueError as e:
        sys.exit("error: %s" % e)


def seconds(t):
    """60.0 -> "60", 0.6 -> "0.6": for messages."""
    return "%g" % round(t, 2)


def relpath(path):
    return os.path.relpath(path, ROOT)


def log_path(arch, run_name):
    return os.path.join(ROOT, "build", arch, "logs", run_name + ".log")


def save_log(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def remove_stale_log(path):
    """A passing run leaves no log, so an old failure's log must not linger."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def first_line_starting(text, prefix):
    for line in text.splitlines():
        if line.startswith(prefix):
            return line.strip()
    return None


# ---------------------------------------------------------------- QEMU runs

# A run is a sonde_qemu.Qemu: it boots as the Makefile says, under
# -icount shift=0,sleep=off, with the console on our pipes.  QEMU's exit
# statuses differ between architectures (sonde_qemu.ExitCodes): on ppc64
# a pass is 0 and a failure or a panic 1, so there the verdict also rests
# on a complete TAP stream and on "PANIC:" lines.

def exit_problem(run, codes):
    """Say why a finished run ended badly (it did not end with a verdict)."""
    if run.timed_out:
        return "timeout after %s s" % seconds(run.timeout)
    if codes.means_panic(run.status):
        return "kernel panicked"
    if run.status == codes.reset:
        return "QEMU exited with status %d: the CPU reset (a triple fault on x86)" \
            % run.status
    if run.status is not None and run.status < 0:
        return "QEMU was killed by signal %d" % -run.status
    why = "QEMU exited with unexpected status %s" % run.status
    if run.stderr.strip():
        why += " (%s)" % run.stderr.strip().splitlines()[0]
    return why


# ---------------------------------------------------------- in-kernel tests

TAP_PLAN = re.compile(r"^1\.\.(\d+)\s*$")
TAP_RESULT = re.compile(r"^(not )?ok (\d+) - (.*?)\s*$")
# A host test that cannot run here (tests/host/test_ia64_ski_icount.sh
# without a Ski) prints TAP's "skip all" plan and exits 0: counted as
# skipped, never as passed.
TAP_SKIP_ALL = re.compile(r"^1\.\.0 # SKIP (.*?)\s*$", re.MULTILINE)


def parse_tap(output):
    """
    Read the kernel's TAP.  Returns (plan, results), where plan is N from
    "1..N" (None if missing) and results is a list of (ok, name,
    diagnostics): the diagnostics are the "#" lines printed before the
    result line, which is where the kernel reports what went wrong.
    """
    plan = None
    results = []
    diagnostics = []
    for line in output.splitlines():
        match = TAP_PLAN.match(line)
        if match and plan is None:
            plan = int(match.group(1))
            continue
        match = TAP_RESULT.match(line)
        if match:
            results.append((match.group(1) is None, match.group(3), diagnostics))
            diagnostics = []
        elif line.startswith("#") and plan is not None:
            diagnostics.append(line.lstrip("#").strip())
    return plan, results


def summarize(diagnostics):
    """Join a test's diagnostics into one line."""
    if not diagnostics:
        return "failed (no diagnostics printed)"
    text = "; ".join(diagnostics[:MAX_DIAGNOSTICS])
    if len(diagnostics) > MAX_DIAGNOSTICS:
        text += "; ... and %d more" % (len(diagnostics) - MAX_DIAGNOSTICS)
    return text


def run_ktests(arch, spec, timeout, verbose, run_name="ktest", kind="ktest", args=""):
    """Boot with test=spec (and args); one result per test, named
    <arch>/KIND/<test>, plus one if the run went wrong.
    The log of a failed run is build/<arch>/logs/RUN_NAME.log."""
    name = "%s/%s" % (arch, kind)
    log = log_path(arch, run_name)
    append = ("test=%s %s" % (spec, args)).strip()
    if verbose:
        print("== %s: booting with %s" % (arch, append), flush=True)
    try:
        codes = ExitCodes(arch)
        run = sonde_qemu.Qemu(sonde_qemu.kernel_command(arch, append), timeout,
                              verbose=verbose)
    except (RuntimeError, OSError) as e:
        return [Result(name, False, "cannot start QEMU: %s" % e)]
    run.wait_for_exit()
    run.finish()

    plan, tests = parse_tap(run.output)
    results = []
    for ok, test, diagnostics in tests:
        reason = "" if ok else "%s (see %s)" % (summarize(diagnostics), relpath(log))
        results.append(Result("%s/%s" % (name, test), ok, reason))
    failed_tests = sum(not ok for ok, _, _ in tests)
    # Tests asked for by name must each have reported: a name the kernel
    # never ran is a failure, not a silent omission.
    if spec != "all":
        reported = set(test for _, test, _ in tests)
        for wanted in spec.split(","):
            if wanted and wanted not in reported and plan:
                results.append(Result("%s/%s" % (name, wanted), False,
                                      "the kernel did not run it (see %s)" % relpath(log)))

    # Now the run as a whole: did it end the way its TAP says it should?
    # If it stopped early, say which test was running.
    during = ""
    if plan and len(tests) < plan:
        during = " (during test %d of %d)" % (len(tests) + 1, plan)
    problem = None
    panic = first_line_starting(run.output, "PANIC:")
    if codes.means_panic(run.status) or panic:
        problem = "kernel panicked"
        if panic:
            problem += ": " + panic[len("PANIC:"):].strip()
        problem += during
    elif run.timed_out:
        problem = "timeout after %s s%s" % (seconds(timeout), during)
    elif run.status not in (codes.test_pass, codes.test_fail):
        problem = exit_problem(run, codes) + during
    elif plan is None:
        problem = "no TAP plan (1..N) in the output"
    elif plan == 0 and run.status != codes.test_pass:
        problem = "no in-kernel test matches '%s' (the kernel printed 1..0)" % spec
    elif len(tests) != plan:
        problem = "the plan says %d tests but %d reported" % (plan, len(tests))
    elif run.status == codes.test_fail and failed_tests == 0:
        problem = "QEMU exit status %d says a test failed, but every test printed ok" \
                  % run.status
    elif run.status == codes.test_pass and failed_tests > 0:
        problem = "QEMU exit status %d says all passed, but %d test(s) printed not ok" \
                  % (run.status, failed_tests)
    if problem:
        results.append(Result(name, False, "%s (see %s)" % (problem, relpath(log))))

    if all(r.ok for r in results):
        remove_stale_log(log)
    else:
        save_log(log, run.log_text())
    return results


# -------------------------------------------------------- shell transcripts

ANY_LINES = "{...}"   # an expected line that matches any number of lines
ANY_TEXT = "{*}"      # matches any text within one line


def read_script(path):
    """
    Read NAME.in: the lines to type, the exit status QEMU should end
    with (None: still running at the end, so the harness stops it), and
    the kernel arguments to boot with (None: none).
    Lines starting with # are comments.  Directives, before the first
    line to type: "#expect-exit N" ("#expect-exit panic": the arch's
    panic status, and the PANIC report is then what the transcript
    expects, not a failure); "#cmdline ARGS"; "#escapes", after
    which \\xNN in a line to type is the byte NN (00..7f) and \\\\ is
    one backslash, so a line can carry NUL, ESC, Tab or Ctrl-C.
    """
    lines = []
    expect_exit = None
    cmdline = None
    escapes = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f.read().splitlines(), 1):
            where = "%s:%d" % (relpath(path), number)
            directive = line.split()[0] if line.startswith("#") and line.split() else ""
            if directive in ("#expect-exit", "#cmdline", "#escapes", "#points") and lines:
                raise ValueError("%s: write %s at the top, before the lines to type"
                                 % (where, directive))
            if directive == "#expect-exit":
                words = line.split()
                if len(words) != 2 or not (words[1].isdigit() or words[1] == "panic"):
                    raise ValueError("%s: write '#expect-exit N' (or panic) at the top" % where)
                expect_exit = words[1] if words[1] == "panic" else int(words[1])
            elif directive == "#cmdline":
                cmdline = line[len("#cmdline"):].strip()
            elif directive == "#escapes":
                escapes = True
            elif directive == "#points":
                script_points(path)       # checked here; make grade uses it
            elif not line.startswith("#"):
                lines.append(unescape(line, where) if escapes else line)
    return lines, expect_exit, cmdline


def unescape(line, where):
    """Decode \\xNN (00..7f) and \\\\ in a line to type (#escapes)."""
    def byte(match):
        if match.group(0) == "\\\\":
            return "\\"
        if match.group(1) is None:
            raise ValueError("%s: unknown escape %r (write \\xNN, 00..7f, or \\\\)"
                             % (where, match.group(0)))
        return chr(int(match.group(1), 16))
    return re.sub(r"\\(?:x([0-7][0-9a-fA-F])|.?)", byte, line)


def clean_lines(text):
    """CR LF -> LF, trailing spaces off, trailing empty lines off."""
    lines = [line.rstrip(" ") for line in text.replace("\r\n", "\n").split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def line_pattern(expected):
    """An expected line as a regular expression: {*} is any text."""
    return re.compile(".*".join(re.escape(part) for part in expected.split(ANY_TEXT)))


def match_transcript(expected, actual):
    """
    Match the actual lines against the expected ones, wildcards and all.

    Returns the actual lines rewritten for a diff: every line (or run of
    lines) that a wildcard line accounts for is replaced by that expected
    line, so a diff of expected against this shows only real differences.
    The transcript matches if the result equals expected.

    This is the longest-common-subsequence idea behind diff, where "equal"
    means "matches the pattern": cost[i][j] is the fewest unmatched lines
    when aligning expected[i:] with actual[j:].
    """
    n, m = len(expected), len(actual)
    patterns = [None if e.strip() == ANY_LINES else line_pattern(e) for e in expected]
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[n][j] = m - j                       # extra actual lines at the end
    for i in range(n - 1, -1, -1):
        for j in range(m, -1, -1):
            if patterns[i] is None:              # {...}: take no line, or one more
                best = cost[i + 1][j]
                if j < m:
                    best = min(best, cost[i][j + 1])
            else:
                best = cost[i + 1][j] + 1        # expected line missing
                if j < m:
                    best = min(best, cost[i][j + 1] + 1)   # extra actual line
                    if patterns[i].fullmatch(actual[j]):
                        best = min(best, cost[i + 1][j + 1])
            cost[i][j] = best

    def move(i, j):
        """The step the cheapest path takes from expected[i], actual[j]."""
        if i < n and patterns[i] is None:
            return "swallow" if j < m and cost[i][j] == cost[i][j + 1] else "leave"
        if (i < n and j < m and patterns[i].fullmatch(actual[j])
                and cost[i][j] == cost[i + 1][j + 1]):
            return "match"
        if j < m and (i == n or cost[i][j] == cost[i][j + 1] + 1):
            return "extra"        # an actual line nobody expected
        return "missing"          # an expected line that is not there

    # Walk the cheapest path and write out the rewritten actual lines.
    #
    # One refinement: when an expected line is missing right after a
    # {...}, the {...} has usually swallowed the line that should have
    # matched it ("tasks: 1" where "tasks: 2" was expected).  Such lines
    # are given back and shown, so the diff reads "-tasks: 2 / +tasks: 1"
    # rather than just "-tasks: 2".
    shown = []
    swallowed = []        # lines the latest {...} took
    give_back_at = 0      # where in `shown` they would go
    i = j = 0
    while i < n or j < m:
        step = move(i, j)
        if step == "swallow":
            swallowed.append(actual[j])
            j += 1
        elif step == "leave":
            shown.append(expected[i])
            give_back_at = len(shown)
            i += 1
        elif step == "missing":
            if swallowed:
                shown.insert(give_back_at, swallowed.pop())
            i += 1
        else:
            swallowed = []
            shown.append(expected[i] if step == "match" else actual[j])
            i += step == "match"
            j += 1
    return shown


def quote_line(line):
    """A typed line for a message: quoted, and cut if it is long."""
    return repr(line if len(line) <= 40 else line[:37] + "...")


def script_archs(path):
    """The architectures named by a "#archs A B" line in a script, or None (all)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#archs"):
                return set(line.split()[1:])
    return None


def script_points(path):
    """The N of a "#points N" line in a script (what make grade gives the
    transcript), or None.  make test ignores it."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f.read().splitlines(), 1):
            if line.split()[:1] == ["#points"]:
                words = line.split()
                if len(words) != 2 or not words[1].isdigit():
                    raise ValueError("%s:%d: write '#points N' at the top"
                                     % (relpath(path), number))
                return int(words[1])
    return None


SHELL_DIR = os.path.join(ROOT, "tests", "shell")
# EXTRA_TRANSCRIPTS=dir (make test, make grade): a folder of more
# transcripts, NAME.in and NAME.expected as in tests/shell/ (--extra-transcripts).
EXTRA_TRANSCRIPT_DIRS = []


def transcript_dirs():
    return [SHELL_DIR] + EXTRA_TRANSCRIPT_DIRS


def shell_transcripts(arch, directory=None):
    """
    The transcripts to run on arch, as (test name, file base) pairs: every
    NAME.in of the directory (tests/shell/ unless given), with NAME.ARCH.in
    in its place where there is one, leaving out those whose "#archs" line
    does not name arch.  Without a directory, the transcripts of
    EXTRA_TRANSCRIPTS come too, as (name, path of their base) pairs.
    """
    if directory is None:
        chosen = shell_transcripts(arch, SHELL_DIR)
        for extra in EXTRA_TRANSCRIPT_DIRS:
            for name, base in shell_transcripts(arch, extra):
                if name in dict(chosen):
                    raise ValueError("the transcript %s in %s has the name of another one "
                                     "(rename it)" % (name, relpath(extra)))
                chosen.append((name, os.path.join(extra, base)))
        return chosen
    generic, variants = set(), {}
    for path in glob.glob(os.path.join(directory, "*.in")):
        base = os.path.basename(path)[:-len(".in")]
        if "." in base:
            name, variant_arch = base.rsplit(".", 1)
            variants[(name, variant_arch)] = base
        else:
            generic.add(base)
    chosen = []
    for name in sorted(generic | {n for n, a in variants if a == arch}):
        if (name, arch) in variants:
            chosen.append((name, variants[(name, arch)]))
            continue
        archs = script_archs(os.path.join(directory, name + ".in"))
        if archs is None or arch in archs:
            chosen.append((name, name))
    return chosen


def run_shell_test(arch, test, timeout, verbose, base=None, log_name=None):
    """Type tests/shell/BASE.in at the shell; compare with BASE.expected.
    BASE is TEST, or TEST.ARCH for an architecture's variant, or a path
    (a transcript elsewhere: EXTRA_TRANSCRIPTS, a lab's folder)."""
    name = "%s/shell/%s" % (arch, test)
    base = os.path.join(SHELL_DIR, base or test)
    script = base + ".in"
    expected_file = base + ".expected"
    log = log_path(arch, log_name or "shell-" + test)
    try:
        lines, expect_exit, cmdline = read_script(script)
        with open(expected_file, encoding="utf-8") as f:
            expected = clean_lines(f.read())
    except (OSError, ValueError) as e:
        return Result(name, False, str(e))
    expect_panic = expect_exit == "panic"
    if expect_panic:
        expect_exit = ExitCodes(arch).panic
    if verbose:
        print("== %s: typing %s" % (arch, relpath(script)), flush=True)
    try:
        uboot_cmdline = script_uboot(script)
        if uboot_cmdline is None:
            cmd = sonde_qemu.kernel_command(arch, cmdline)
        else:
            # One image per architecture: a second #uboot transcript would
            # need its own name here, as the two may run at the same time.
            cmd = sonde_qemu.uboot_command(arch, uboot_cmdline,
                                           os.path.join("build", arch, "test-uboot.img"))
        run = sonde_qemu.Qemu(cmd, timeout, interactive=True, verbose=verbose,
                              skip_uboot_countdown=uboot_cmdline is not None)
    except (RuntimeError, OSError) as e:
        return Result(name, False, "cannot start QEMU: %s" % e)

    problems = []
    waiting_for = "the first prompt"     # for a timeout message
    after = 0          # just past the latest prompt: the next one must come later
    ended = False      # QEMU exited by itself

    def prompt_seen(output):
        return find_prompt(output, after) >= 0

    if run.read_until(prompt_seen):
        after = find_prompt(run.output, 0)
        for number, line in enumerate(lines, 1):
            waiting_for = "the prompt after line %d (%s)" % (number, quote_line(line))
            # Send the whole line at once: QEMU hands it to the guest's UART
            # only as fast as the guest reads it.  If QEMU has gone, the
            # read below finds out.
            run.send(line + "\r")
            if run.read_until(prompt_seen):
                after = find_prompt(run.output, after)
                continue
            if not run.timed_out:
                ended = True
                if number < len(lines):
                    problems.append("QEMU exited after line %d (%s), before the rest was typed"
                                    % (number, quote_line(line)))
            break
        else:
            # Every line was answered with a prompt; should QEMU still stop?
            if expect_exit is not None:
                waiting_for = "QEMU to exit (#expect-exit %d)" % expect_exit
                run.wait_for_exit()
                ended = not run.timed_out
    elif not run.timed_out:
        ended = True
        problems.append("QEMU exited before the first prompt")
    run.finish()

    if run.timed_out:
        problems.append("timeout after %s s waiting for %s" % (seconds(timeout), waiting_for))
    elif expect_exit is None and ended:
        problems.append("QEMU exited by itself with status %s (if that is right, put "
                        "'#expect-exit %s' at the top of %s)"
                        % (run.status, run.status, relpath(script)))
    elif expect_exit is not None and ended and run.status != expect_exit:
        problems.append("QEMU exited with status %s, expected %d" % (run.status, expect_exit))
    panic = first_line_starting(run.output, "PANIC:")
    if panic and not expect_panic:       # first: it explains the rest
        problems.insert(0, "kernel panicked: " + panic[len("PANIC:"):].strip())

    # The transcript is everything from the first prompt on (if there was one).
    diff = []
    first = find_prompt(run.output, 0)
    if first >= 0:
        actual = clean_lines(run.output[first - len(SHELL_PROMPT):])
        shown = match_transcript(expected, actual)
        if shown != expected:
            problems.append("transcript differs from %s" % relpath(expected_file))
            diff = list(difflib.unified_diff(expected, shown, relpath(expected_file),
                                             "actual (%s)" % arch, lineterm=""))

    if not problems:
        remove_stale_log(log)
        return Result(name, True)
    save_log(log, run.log_text())
    return Result(name, False, "%s (see %s)" % ("; ".join(problems), relpath(log)), diff)


# -------------------------------------------------------- booting by U-Boot

# A transcript with a line "#uboot CMDLINE" in its .in file boots through
# Debian's stock U-Boot ROM instead of -kernel: tools/uboot-image.sh makes
# a disk image (build/<arch>/test-uboot.img) whose boot block carries
# CMDLINE (the rest of the line, taken as it is), and QEMU starts from the
# ROM (make print-uboot-qemu) with that disk.
#
# U-Boot counts down 2 seconds before its autoboot.  Under -icount
# shift=0,sleep=off that wait costs 2 billion guest instructions (half a
# minute here), so the harness presses a key at the countdown and types
# "boot" at U-Boot's prompt (sonde_qemu.Qemu, skip_uboot_countdown): the
# same boot command, without the wait.  (make run-uboot lets the
# countdown run out, as a user would.)

def script_uboot(path):
    """The command line of a "#uboot CMDLINE" line in a script, or None."""
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line == "#uboot" or line.startswith("#uboot "):
                return line[len("#uboot "):]
    return None


# ----------------------------------------------------------- host unit tests

def host_tests():
    """Every host test: tests/host/test_*.c and test_*.sh, as (name, path) pairs."""
    paths = glob.glob(os.path.join(ROOT, "tests", "host", "test_*.c")) + \
        glob.glob(os.path.join(ROOT, "tests", "host", "test_*.sh"))
    return sorted((os.path.splitext(os.path.basename(p))[0], p) for p in paths)


def run_host_test(source, timeout):
    """Build one tests/host/test_*.c with sanitizers and run it, or run a
    tests/host/test_*.sh with sh (from the top of the tree)."""
    test = os.path.splitext(os.path.basename(source))[0]
    name = "host/" + test
    out_dir = os.path.join(ROOT, "build", "host")
    binary = os.path.join(out_dir, test)
    log = os.path.join(out_dir, "logs", test + ".log")
    os.makedirs(out_dir, exist_ok=True)

    if source.endswith(".sh"):
        command = ["sh", relpath(source)]
    else:
        extra = HOST_TESTS.get(test, {})
        build = (["gcc"] + HOST_CFLAGS + [relpath(source)] + extra.get("sources", [])
                 + ["-o", relpath(binary)] + extra.get("libs", []))
        done = subprocess.run(build, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True)
        if done.returncode != 0:
            save_log(log, "# command: %s\n%s" % (shlex.join(build), done.stdout))
            return Result(name, False, "build failed (see %s)" % relpath(log),
                          done.stdout.splitlines()[:20])
        command = [binary]

    # stderr goes with stdout so a sanitizer report lands where it happened.
    try:
        ran = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=timeout)
        output, status = ran.stdout.decode("utf-8", "backslashreplace"), ran.returncode
    except subprocess.TimeoutExpired as e:
        output, status = (e.stdout or b"").decode("utf-8", "backslashreplace"), None

    # The exit status is the verdict.  A test that prints TAP also gets its
    # plan checked, and its first failing case quoted.
    plan, cases = parse_tap(output)
    failed = [(case, diagnostics) for ok, case, diagnostics in cases if not ok]
    problem = None
    if status is None:
        problem = "timeout after %s s" % seconds(timeout)
    elif failed:
        case, diagnostics = failed[0]
        problem = "%d of %d cases failed; first: %s: %s" % (
            len(failed), len(cases), case, summarize(diagnostics))
    elif status != 0:
        sanitizer = first_line_starting(output, "SUMMARY:")
        last = [line for line in output.splitlines() if line.strip()][-1:]
        if sanitizer:
            problem = "%s after %d cases passed" % (sanitizer, len(cases))
        elif status < 0:
            problem = "killed by signal %d" % -status
        else:
            problem = "exited with status %d%s" % (
                status, "; its last line: %r" % last[0].strip() if last else "")
    elif plan is not None and plan != len(cases):
        problem = "the plan says %d cases but %d reported" % (plan, len(cases))

    skip = TAP_SKIP_ALL.search(output)
    if problem is None and skip:
        remove_stale_log(log)
        return Result(name, True, skip.group(1), skipped=True)
    if problem is None:
        remove_stale_log(log)
        return Result(name, True)
    save_log(log, "# command: %s\n%s" % (shlex.join(
        relpath(word) if os.path.isabs(word) else word for word in command), output))
    return Result(name, False, "%s (see %s)" % (problem, relpath(log)))


def run_command(name, log, command, timeout, what_failed):
    """
    Run command (from the top of the tree, no input); pass if it exits 0.
    On failure keep its output in log, and name the failure with
    what_failed(last line printed) or a timeout.
    """
    try:
        ran = subprocess.run(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=timeout)
        output, status = ran.stdout.decode("utf-8", "backslashreplace"), ran.returncode
    except subprocess.TimeoutExpired as e:
        output, status = (e.stdout or b"").decode("utf-8", "backslashreplace"), None
    if status == 0:
        remove_stale_log(log)
        return Result(name, True)
    save_log(log, "# command: %s\n%s" % (shlex.join(command), output))
    last = [line for line in output.splitlines() if line.strip()][-1:]
    problem = ("timeout after %s s" % seconds(timeout) if status is None
               else what_failed(last[0] if last else "status %d" % status))
    return Result(name, False, "%s (see %s)" % (problem, relpath(log)))


def run_fuzz(seconds, timeout):
    """The event-line parser under libFuzzer for a fixed time (tools/fuzz.sh)."""
    return run_command("host/fuzz_event_parse",
                       os.path.join(ROOT, "build", "host", "logs", "fuzz_event_parse.log"),
                       ["tools/fuzz.sh", str(seconds)], timeout + seconds,
                       lambda last: "fuzzer failed: %s" % last)


def run_gdb_check(arch, timeout):
    """`make gdb-check`: GDB attaches to QEMU's stub, stops at kmain, shows a backtrace."""
    if make_print(arch, "print-launcher") != "qemu":
        return [Result("%s/gdb" % arch, False, "%s runs under %s, which has no GDB stub"
                       % (arch, make_print(arch, "print-launcher")), skipped=True)]
    return run_command("%s/gdb" % arch, log_path(arch, "gdb"),
                       ["make", "-s", "--no-print-directory", "ARCH=" + arch, "gdb-check"],
                       timeout, lambda last: last)


def kernel_tests(arch):
    """
    The in-kernel tests in arch's kernel image, in the order they run: the
    entries of its ktest table (from __start_ktests to __stop_ktests),
    read from the image's symbols.  KTEST(name) makes one "ktest_name".
    """
    done = subprocess.run([make_print(arch, "print-nm"), "-n", make_print(arch, "print-kernel")],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if done.returncode != 0:
        raise RuntimeError("nm failed on %s's kernel (run `make ARCH=%s all`): %s"
                           % (arch, arch, done.stderr.strip()))
    symbols = [line.split() for line in done.stdout.splitlines()]
    symbols = [(int(w[0], 16), w[2]) for w in symbols if len(w) == 3]
    where = {sym: addr for addr, sym in symbols}
    start, stop = where["__start_ktests"], where["__stop_ktests"]
    return [sym[len("ktest_"):] for addr, sym in symbols
            if start <= addr < stop and sym.startswith("ktest_")]


KTEST_NAME = re.compile(r"^KTEST\((\w+)\)", re.M)

# "All existing probe tests pass with optimisation on and off" (issue 13):
# on the ports with jump-optimised probes, make test runs the probe
# engine's in-kernel tests -- those of these files -- a second time,
# booted with "optimize".  Results: <arch>/ktest-optimize/<test>.
OPTIMIZE_ARCHS = ("x86", "x86_64")
PROBE_TEST_FILE = re.compile(r"/test_(kprobes\w*|event\w*|latency|optprobes|traps)\.c$")


def optimize_work(arch, timeout, verbose):
    """The work for the optimised second run on arch: the probe tests in
    boots of as many as the command line holds (1,023 characters)."""
    names = set()
    for path in glob.glob(os.path.join(ROOT, "tests", "kernel", "**", "*.c"), recursive=True):
        if PROBE_TEST_FILE.search(path):
            with open(path, encoding="utf-8") as f:
                names.update(KTEST_NAME.findall(f.read()))
    chunks = [[]]
    for test in (t for t in kernel_tests(arch) if t in names):
        if len(",".join(chunks[-1] + [test])) > 900:
            chunks.append([])
        chunks[-1].append(test)
    return [("%s/ktest-optimize" % arch, functools.partial(
        run_ktests, arch, ",".join(chunk), timeout, verbose, "ktest-optimize-%d" % n,
        "ktest-optimize", "optimize")) for n, chunk in enumerate(chunks, 1) if chunk]


def skipped_ktests(arch):
    """
    The in-kernel tests arch's build leaves out (KTEST_SKIP in its
    build.mk, make print-ktest-skip), each a SKIP result with the reason
    the port gives: what it cannot run yet shows, and never as passed.
    """
    def make_value(target):      # make_print, but an empty answer is fine here
        return subprocess.run(["make", "-s", "--no-print-directory", "ARCH=" + arch, target],
                              cwd=ROOT, stdout=subprocess.PIPE, universal_newlines=True,
                              check=True).stdout.strip()
    files = make_value("print-ktest-skip").split()
    if not files:
        return []
    reason = make_value("print-ktest-skip-reason") or "left out by the port"
    results = []
    for path in files:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            for test in KTEST_NAME.findall(f.read()):
                results.append(Result("%s/ktest/%s" % (arch, test), False,
                                      "%s (%s)" % (reason, path), skipped=True))
    return results


def skipped_transcripts(arch):
    """The transcripts arch's build.mk leaves out (SHELL_SKIP: names), with
    SHELL_SKIP_REASON: {name: reason}.  They are reported as SKIP."""
    done = subprocess.run(["make", "-s", "--no-print-directory", "ARCH=" + arch,
                           "print-shell-skip", "print-shell-skip-reason"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    lines = done.stdout.split("\n") + ["", ""]
    return {name: lines[1].strip() or "left out by the port" for name in lines[0].split()}


def all_transcripts():
    """Every transcript name in tests/shell/ (and EXTRA_TRANSCRIPTS), whichever
    architectures run it."""
    bases = (os.path.basename(p)[:-len(".in")]
             for d in transcript_dirs() for p in glob.glob(os.path.join(d, "*.in")))
    return sorted({base.split(".")[0] for base in bases})


def list_tests(archs):
    """Print every test by kind; a test that is not on every one of archs says where it is."""
    def show(title, names_by_arch):
        print(title)
        everywhere = set(archs)
        # In run order; a tie (two names first at the same place on
        # different architectures) goes by name, so the list never varies.
        names = sorted({n for names in names_by_arch.values() for n in names},
                       key=lambda n: (min(names_by_arch[a].index(n) for a in archs
                                          if n in names_by_arch[a]), n))
        for n in names:
            where = [a for a in archs if n in names_by_arch[a]]
            if set(where) == everywhere:
                print("  " + n)
            else:
                print("  %-48s  (%s only)" % (n, " ".join(where)))

    show("in-kernel tests (make test-one TEST=NAME, or boot with test=NAME):",
         {a: kernel_tests(a) for a in archs})
    show("shell transcripts, tests/shell/NAME.in (make test-one TEST=NAME):",
         {a: [t for t, _ in shell_transcripts(a)] for a in archs})
    print("host tests, tests/host/ (make test-one TEST=NAME):")
    for test, _ in host_tests():
        print("  " + test)
    print("  fuzz_event_parse")
    print("per architecture, besides: ktest (the test=all run as a whole), gdb (make gdb-check)")


def only_work(names, archs, timeout, verbose):
    """
    The work for --only: each NAME is a shell transcript, a host test, "gdb"
    or an in-kernel test, looked up in that order (say shell/NAME, host/NAME
    or ktest/NAME to choose).  In-kernel tests on one architecture share one
    boot, test=A,B.
    """
    work = []
    hosts = dict(host_tests())
    transcripts = all_transcripts()
    for name in names:
        kind, _, bare = name.rpartition("/")
        if kind == "host" or (not kind and bare in hosts):
            if bare == "fuzz_event_parse":
                work.append(("host/" + bare, functools.partial(run_fuzz, 20, timeout)))
            elif bare in hosts:
                work.append(("host/" + bare, functools.partial(run_host_test, hosts[bare],
                                                               timeout)))
            else:
                work.append(("host/" + bare, functools.partial(
                    Result, "host/" + bare, False, "no host test tests/host/%s.c or .sh" % bare)))
    for arch in archs:
        arch_transcripts = dict(shell_transcripts(arch))
        skip = skipped_transcripts(arch)
        ktests = []
        for name in names:
            kind, _, bare = name.rpartition("/")
            if kind == "host" or (not kind and bare in hosts):
                continue
            if kind == "shell" or (not kind and bare in transcripts):
                test = "%s/shell/%s" % (arch, bare)
                if bare in skip:
                    work.append((test, functools.partial(
                        lambda n, why: [Result(n, False, why, skipped=True)], test, skip[bare])))
                elif bare in arch_transcripts:
                    work.append((test, functools.partial(
                        run_shell_test, arch, bare, timeout, verbose, arch_transcripts[bare])))
                else:
                    why = ("does not run on %s (its #archs line)" % arch if bare in transcripts
                           else "no such transcript in tests/shell/")
                    work.append((test, functools.partial(Result, test, False, why)))
            elif not kind and bare == "gdb":
                work.append(("%s/gdb" % arch, functools.partial(run_gdb_check, arch, timeout)))
            elif kind in ("", "ktest"):
                ktests.append(bare)
            else:
                work.append((name, functools.partial(
                    Result, name, False, "unknown kind '%s' (shell/, host/ or ktest/)" % kind)))
        if ktests:
            known = kernel_tests(arch)
            for bare in ktests:
                if bare not in known:
                    test = "%s/ktest/%s" % (arch, bare)
                    work.append((test, functools.partial(
                        Result, test, False, "%s's kernel has no in-kernel test '%s', and no "
                        "shell transcript or host test has that name (make list-tests lists "
                        "them)" % (arch, bare))))
            ktests = [t for t in ktests if t in known]
        if ktests:
            work.append(("%s/ktest" % arch, functools.partial(
                run_ktests, arch, ",".join(ktests), timeout, verbose)))
    return work


# ------------------------------------------------------ labs and grading

def lab_work(archs, timeout):
    """
    The lab checks (tools/labs.py check): for every lab in labs/, on the
    first of its architectures that is being tested, its starter tree
    builds, its graded tests all fail there and all pass on the full
    tree.  Result: lab/NN-name.  And make grade's own test (tools/labs.py
    selftest: a passing, a failing, a panicking and a hanging test each
    count for their own points only).  Result: grade/selftest.
    """
    work = []
    done = subprocess.run([sys.executable, "tools/labs.py", "list-checks", "--archs",
                           " ".join(archs)], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    if done.returncode != 0:
        return [("lab", functools.partial(Result, "lab", False, "tools/labs.py list-checks: "
                                          + done.stdout.strip()))]
    logs = os.path.join(ROOT, "build", "labcheck", "logs")
    for line in done.stdout.split("\n"):
        if not line.strip():
            continue
        lab, arch = line.split()
        work.append(("lab/" + lab, functools.partial(
            run_command, "lab/" + lab, os.path.join(logs, lab + ".log"),
            [sys.executable, "tools/labs.py", "check", lab, "--arch", arch],
            timeout * 4, lambda last: last)))
    arch = next((a for a in archs if a in ("x86_64", "x86")), archs[0] if archs else None)
    if arch:
        work.append(("grade/selftest", functools.partial(
            run_command, "grade/selftest", os.path.join(logs, "grade-selftest.log"),
            [sys.executable, "tools/labs.py", "selftest", "--arch", arch],
            timeout * 2, lambda last: last)))
    return work


# -------------------------------------------------------------------- main

def guarded(name, job):
    """Run a job; a bug in the harness itself becomes a failure, not a crash."""
    try:
        results = job()
        return results if isinstance(results, list) else [results]
    except Exception as e:
        return [Result(name, False, "harness error: %r" % e,
                       traceback.format_exc().splitlines())]


def main():
    parser = argparse.ArgumentParser(description="Run Sonde's tests.")
    parser.add_argument("--archs", default="x86_64",
                        help="architectures to test, separated by blanks")
    parser.add_argument("--only", metavar="NAME",
                        help="run only these tests (NAME or A,B,C): in-kernel tests, shell "
                             "transcripts, host tests or gdb (see --list)")
    parser.add_argument("--list", action="store_true",
                        help="list the tests on these architectures and exit")
    parser.add_argument("--verbose", action="store_true",
                        help="show the kernel's serial output as it comes (runs one at a time)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="runs at once (default 2, one per core here)")
    parser.add_argument("--fuzz-seconds", type=int, default=20,
                        help="how long to fuzz the event-line parser (0: skip)")
    parser.add_argument("--extra-transcripts", metavar="DIR", default="",
                        help="a folder of more transcripts, NAME.in and NAME.expected "
                             "(EXTRA_TRANSCRIPTS)")
    parser.add_argument("--no-labs", action="store_true",
                        help="leave out the lab checks and make grade's self-test")
    args = parser.parse_args()
    if args.extra_transcripts:
        if not os.path.isdir(args.extra_transcripts):
            sys.exit("error: EXTRA_TRANSCRIPTS=%s is not a folder" % args.extra_transcripts)
        EXTRA_TRANSCRIPT_DIRS.append(os.path.abspath(args.extra_transcripts))
        try:
            for arch in args.archs.split():
                shell_transcripts(arch)
        except ValueError as e:
            sys.exit("error: %s" % e)

    timeout = timeout_seconds()
    archs = args.archs.split()
    jobs = 1 if args.verbose else max(1, args.jobs)
    if args.list:
        # `make list-tests | head` must not end in a Python traceback.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        list_tests(archs)
        return 0

    # The work: (name, job) pairs, where a job returns a list of results.
    # Jobs run in a pool of `jobs` threads (each mostly waits for its QEMU),
    # but results are printed in this order, so the output reads the same
    # every time.
    work = []
    # An architecture whose emulator cannot be had here (ia64 without Ski)
    # is said so once, and none of its boots run: nothing of it passes.
    unrunnable = {}
    for arch in archs:
        try:
            problem = sonde_qemu.launch_problem(arch)
        except RuntimeError as e:
            problem = str(e)
        if problem:
            unrunnable[arch] = problem
            print("%s: skipped (%s)" % (arch, problem), flush=True)
    archs_run = [a for a in archs if a not in unrunnable]
    if args.only:
        names = [n for n in args.only.split(",") if n]
        if not names:
            sys.exit("error: --only needs a test name (--list lists them)")
        work = only_work(names, archs_run, timeout, args.verbose)
    else:
        for test, source in host_tests():
            work.append(("host/" + test, functools.partial(run_host_test, source, timeout * 2)))
        if args.fuzz_seconds > 0:
            work.append(("host/fuzz_event_parse", functools.partial(
                run_fuzz, args.fuzz_seconds, timeout)))
        if not args.no_labs:
            # First, as each is a series of builds and boots.
            work = lab_work(archs_run, timeout) + work
        for arch in archs:
            if arch in unrunnable:
                continue
            # The one boot that runs every in-kernel test (about 15 s on a
            # quiet machine) gets three timeouts' worth, so a busy machine
            # is not taken for a hang.
            work.append(("%s/ktest" % arch, functools.partial(
                run_ktests, arch, "all", timeout * 3, args.verbose)))
            work.append(("%s/ktest-skipped" % arch, functools.partial(skipped_ktests, arch)))
            if arch in OPTIMIZE_ARCHS:
                work += optimize_work(arch, timeout, args.verbose)
            skip = skipped_transcripts(arch)
            for test, base in shell_transcripts(arch):
                name = "%s/shell/%s" % (arch, test)
                if test in skip:
                    work.append((name, functools.partial(
                        lambda n, why: [Result(n, False, why, skipped=True)], name, skip[test])))
                    continue
                work.append((name, functools.partial(
                    run_shell_test, arch, test, timeout, args.verbose, base)))
            work.append(("%s/gdb" % arch, functools.partial(run_gdb_check, arch, timeout)))

    passed = failed = skipped = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        if jobs == 1:
            # One at a time, in this thread, so --verbose output and the
            # result lines come out in order.
            outcomes = (guarded(name, job) for name, job in work)
        else:
            futures = [pool.submit(guarded, name, job) for name, job in work]
            outcomes = (future.result() for future in futures)
        for results in outcomes:
            for result in results:
                result.print()
                sys.stdout.flush()
                if result.skipped:
                    skipped += 1
                elif result.ok:
                    passed += 1
                else:
                    failed += 1

    print("%d passed, %d failed" % (passed, failed) +
          (", %d skipped" % skipped if skipped else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
