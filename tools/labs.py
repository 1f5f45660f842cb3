#!/usr/bin/env python3
"""
The course kit: labs, their starter trees, and grading.

    python3 tools/labs.py grade N [--archs "x86_64 x86"]     (make grade LAB=N)
    python3 tools/labs.py lab N [--out DIR]                   (make lab LAB=N)
    python3 tools/labs.py list                                (make labs)
    python3 tools/labs.py check N --arch A                    (make test, per lab)
    python3 tools/labs.py selftest --arch A                   (make test)

A lab is a folder labs/NN-name/ holding the handout (README.md) and a
grade file, grade.txt, that staff edit by hand.  One statement a line,
"#" starts a comment:

    title    Return probes
    archs    x86_64 x86 ppc64       graded on these (the first: make test's check)
    timeout  30                     seconds per test (times SONDE_TIMEOUT_SCALE)
    build    lab1.c test_lab1.c     files of this folder built into the kernel
    10  ktest  kretprobe_recursion_depth_10      POINTS KIND NAME: an in-kernel test,
     5  shell  retprobe                          or a transcript (this folder's NAME.in
                                                 first, then tests/shell/)

LAB is the number N (labs/NN-*/), the folder's name NN-name, or a path
to a lab folder.

Grading boots every test on its own (test=NAME, or one transcript), so
a panic or a hang fails that test alone; the log of a failed run is
build/<arch>/logs/grade-KIND-NAME.log.  Each (test, architecture) line
is worth its points.  Hidden tests come from EXTRA_KTESTS (a comment
line "points: N" before a KTEST gives it N points, else 1) and
EXTRA_TRANSCRIPTS (a line "#points N" at the top of NAME.in, else 1).

Solution code is marked in the sources (.c, .h, .S and .in files).  In
C, the markers go at the end of code lines, so that no line of code
moves (the debug information stays the same, and with it make bench's
image size), and the stub that replaces the region in the starter is a
comment block at the end of the file:

    while ((ri = *list) != NULL) {          /* LAB 2: BEGIN walk */
            ...
    }                                       /* LAB 2: END walk */
    ...
    /* LAB 2: STUB walk
     *	panic("LAB 2: ...");
     */

The region is the lines from BEGIN's through END's (both on one line:
that line alone).  The stub's lines lose their leading " *" and one tab
or space, and take the BEGIN line's indentation; the starter drops the
STUB block.  In "#" files (transcripts) the markers are whole lines,
"# LAB 1: BEGIN" and "# LAB 1: END", and the stub is the "#> TEXT"
lines just after the BEGIN.  The markers are comments: the full tree's
code is the solution.  Other labs' markers stay as they are.

Only the Python standard library is used.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABS_DIR = os.path.join(ROOT, "labs")
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.dont_write_bytecode = True
import run as harness                                                    # noqa: E402

DEFAULT_TIMEOUT = 60.0          # seconds per graded test, before SONDE_TIMEOUT_SCALE
MARKED_EXTENSIONS = (".c", ".h", ".S", ".in")
# What a copy of the tree leaves out.
NOT_COPIED = {".git", "build", "__pycache__"}
# What a starter tree leaves out: the staff's examples of hidden tests.
STAFF_ONLY = re.compile(r"^labs/[^/]+/hidden/")


class LabError(Exception):
    pass


# ---------------------------------------------------------------- the labs

def all_labs():
    """Every lab folder, as (number, path), by number."""
    found = []
    if os.path.isdir(LABS_DIR):
        for name in sorted(os.listdir(LABS_DIR)):
            match = re.match(r"^(\d\d)-[a-z0-9-]+$", name)
            if match and os.path.isfile(os.path.join(LABS_DIR, name, "grade.txt")):
                found.append((int(match.group(1)), os.path.join(LABS_DIR, name)))
    return found


def find_lab(spec):
    """LAB=N or LAB=path: the lab's folder."""
    if spec.isdigit():
        for number, path in all_labs():
            if number == int(spec):
                return path
        raise LabError("there is no lab %s; the labs: %s" % (
            spec, ", ".join(os.path.basename(p) for _, p in all_labs()) or "none"))
    path = os.path.abspath(spec)
    if not os.path.isdir(path) and os.path.isdir(os.path.join(LABS_DIR, spec)):
        path = os.path.join(LABS_DIR, spec)       # NN-name
    if not os.path.isfile(os.path.join(path, "grade.txt")):
        raise LabError("%s is no lab folder (it has no grade.txt)" % spec)
    return path


def lab_number(lab_dir):
    match = re.match(r"^(\d\d)-", os.path.basename(lab_dir))
    return int(match.group(1)) if match else None


class Lab:
    """A lab's grade.txt, read."""

    def __init__(self, lab_dir):
        self.dir = lab_dir
        self.name = os.path.basename(lab_dir)
        self.number = lab_number(lab_dir)
        self.title = self.name
        self.archs = []
        self.timeout = DEFAULT_TIMEOUT
        self.build = []
        self.tests = []                 # (points, kind, name)
        path = os.path.join(lab_dir, "grade.txt")
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f.read().splitlines(), 1):
                self._statement(line.split("#", 1)[0].split(), "%s:%d" % (
                    harness.relpath(path), number))
        if not self.archs:
            raise LabError("%s: no 'archs' line" % harness.relpath(path))
        if not self.tests:
            raise LabError("%s: no tests" % harness.relpath(path))

    def _statement(self, words, where):
        if not words:
            return
        key = words[0]
        if key == "title":
            self.title = " ".join(words[1:])
        elif key == "archs":
            self.archs = words[1:]
        elif key == "timeout" and len(words) == 2:
            try:
                self.timeout = float(words[1])
            except ValueError:
                raise LabError("%s: timeout SECONDS" % where)
        elif key == "build":
            for f in words[1:]:
                path = os.path.join(self.dir, f)
                if not os.path.isfile(path):
                    raise LabError("%s: no file %s" % (where, harness.relpath(path)))
                self.build.append(path)
        elif key.isdigit() and len(words) == 3 and words[1] in ("ktest", "shell"):
            self.tests.append((int(key), words[1], words[2]))
        else:
            raise LabError("%s: not understood: %r (title, archs, timeout, build, or "
                           "POINTS ktest|shell NAME)" % (where, " ".join(words)))


# ------------------------------------------------------------- hidden tests

KTEST_LINE = re.compile(r"^\s*KTEST\((\w+)\)")
POINTS_LINE = re.compile(r"^\s*(?://|/\*|\*)\s*points:\s*(\d+)")


def extra_ktests(files):
    """The KTESTs of EXTRA_KTESTS files, as (points, name): a comment line
    "points: N" before a KTEST gives it N points, else it has 1."""
    tests = []
    for path in files:
        points = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                match = POINTS_LINE.match(line)
                if match:
                    points = int(match.group(1))
                match = KTEST_LINE.match(line)
                if match:
                    tests.append((1 if points is None else points, match.group(1)))
                    points = None
    return tests


def extra_transcripts(directory):
    """The transcripts of EXTRA_TRANSCRIPTS, as (points, name)."""
    names = set()
    for entry in os.listdir(directory):
        if entry.endswith(".in"):
            names.add(entry[:-len(".in")].split(".")[0])
    tests = []
    for name in sorted(names):
        script = os.path.join(directory, name + ".in")
        points = harness.script_points(script) if os.path.exists(script) else None
        tests.append((1 if points is None else points, name))
    return tests


# ------------------------------------------------------------------ grading

def timeout_scale():
    """The harness's SONDE_TIMEOUT_SCALE, as a LabError if it is bad."""
    try:
        return harness.timeout_scale()
    except ValueError as e:
        raise LabError(str(e))


def make(args, quiet=True):
    """Run make here, without what an outer make passed down (MAKEFLAGS)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "-s", "--no-print-directory"] + args, cwd=ROOT, env=env,
                          stdout=subprocess.PIPE if quiet else None,
                          stderr=subprocess.STDOUT if quiet else None,
                          universal_newlines=True)


def transcript_base(lab, arch, name):
    """A graded transcript: the path of its base (NAME or NAME.ARCH) and
    whether it runs on arch at all; the lab's folder first."""
    for directory in [lab.dir] + harness.transcript_dirs():
        chosen = dict(harness.shell_transcripts(arch, directory))
        if name in chosen:
            return os.path.join(directory, chosen[name]), True
        if os.path.exists(os.path.join(directory, name + ".in")):
            return None, False          # its #archs line leaves arch out
    return None, True


def grade_one(lab, arch, kind, name, timeout):
    """Run one graded test in a boot of its own: (ok, reason)."""
    if kind == "ktest":
        results = harness.run_ktests(arch, name, timeout, False, run_name="grade-ktest-" + name)
    else:
        base, runs_here = transcript_base(lab, arch, name)
        if base is None:
            return False, ("the transcript does not run on %s (its #archs line)" % arch
                           if not runs_here else "no transcript %s.in in %s or tests/shell/"
                           % (name, harness.relpath(lab.dir)))
        results = [harness.run_shell_test(arch, name, timeout, False, base,
                                          log_name="grade-shell-" + name)]
    bad = [r for r in results if not r.ok]
    if not bad and results:
        return True, ""
    # The test's own failure says most; if it never reported, what
    # became of the run (a panic, a timeout).
    own = [r for r in bad if r.name == "%s/ktest/%s" % (arch, name)
           and not r.reason.startswith("the kernel did not run it")]
    run = [r for r in bad if r.name == "%s/ktest" % arch]
    first = (own + run + bad)[0] if bad else None
    return False, (first.reason if first else "no result") + "".join(
        "\n        " + line for line in (first.details if first else []))


def grade(lab_spec, archs=None, extra_files=(), transcripts_dir=None, jobs=2):
    """make grade: returns the exit status."""
    lab = Lab(find_lab(lab_spec))
    if transcripts_dir:
        if not os.path.isdir(transcripts_dir):
            raise LabError("EXTRA_TRANSCRIPTS=%s is not a folder" % transcripts_dir)
        harness.EXTRA_TRANSCRIPT_DIRS.append(os.path.abspath(transcripts_dir))
    for f in extra_files:
        if not os.path.isfile(f):
            raise LabError("EXTRA_KTESTS: no file %s" % f)
    if archs:
        unknown = [a for a in archs if a not in lab.archs]
        if unknown:
            raise LabError("%s is graded on %s, not %s" % (lab.name, " ".join(lab.archs),
                                                          " ".join(unknown)))
    else:
        archs = lab.archs
    timeout = lab.timeout * timeout_scale()

    tests = list(lab.tests)
    tests += [(points, "ktest", name) for points, name in extra_ktests(extra_files)]
    if transcripts_dir:
        tests += [(points, "shell", name) for points, name in extra_transcripts(transcripts_dir)]

    print("Lab %s: %s (%s), on %s" % (lab.number if lab.number is not None else "-",
                                      lab.title, harness.relpath(lab.dir), " ".join(archs)))
    sources = [harness.relpath(p) for p in lab.build] + list(extra_files)
    work = []
    for arch in archs:
        built = make(["ARCH=" + arch, "all", "EXTRA_KTESTS=" + ",".join(sources)])
        for points, kind, name in tests:
            if built.returncode != 0:
                last = [l for l in built.stdout.splitlines() if l.strip()][-3:]
                work.append((points, kind, name, arch, None,
                             "the kernel does not build: " + " / ".join(last)))
            else:
                work.append((points, kind, name, arch, True, None))

    score = total = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = []
        for points, kind, name, arch, runnable, why in work:
            if runnable:
                futures.append(pool.submit(guarded, grade_one, lab, arch, kind, name, timeout))
            else:
                futures.append(None)
        for (points, kind, name, arch, _, why), future in zip(work, futures):
            ok, reason = future.result() if future else (False, why)
            total += points
            score += points if ok else 0
            line = "%3d/%-3d %s %s/%s/%s" % (points if ok else 0, points,
                                             "PASS" if ok else "FAIL", arch, kind, name)
            print(line + ("" if ok else ": " + reason), flush=True)
    print("Score: %d/%d" % (score, total))
    return 0 if score == total else 1


def guarded(fn, *args):
    try:
        return fn(*args)
    except Exception as e:              # a harness bug fails the test, not the run
        return False, "grading error: %r" % e


# ---------------------------------------------------------------- markers

# In C: markers at the end of code lines, so no line of code moves (the
# debug information, and so make bench's image size, stay the same), and
# the stubs in comment blocks at the end of the file.
C_MARK = re.compile(r"/\* LAB (\d+): (BEGIN|END) (\w+) \*/")
C_STUB = re.compile(r"^/\* LAB (\d+): STUB (\w+)\s*$")
# In "#" files (transcripts): whole lines, the stub as "#> TEXT" lines.
HASH_BEGIN = re.compile(r"^(\s*)# LAB (\d+): BEGIN\b")
HASH_END = re.compile(r"^\s*# LAB (\d+): END\b")


def regions(lines, where):
    """
    The marked regions of a file: (lab, first, end, stub lines, blocks),
    where lines[first:end] is what the starter replaces with the stub,
    and blocks are the (first, end) ranges of stub blocks it drops.
    """
    found, open_regions, stubs = [], {}, {}
    i = 0
    while i < len(lines):
        line = lines[i]
        match = C_STUB.match(line)
        if match:
            key = (int(match.group(1)), match.group(2))
            if key in stubs:
                raise LabError("%s:%d: a second STUB %s for lab %d" % (where, i + 1, key[1], key[0]))
            start, body = i, []
            i += 1
            while i < len(lines) and lines[i].strip() != "*/":
                text = re.match(r"^ \*(.*)$", lines[i])
                if not text:
                    raise LabError("%s:%d: a stub line starts with ' *'" % (where, i + 1))
                text = text.group(1)
                body.append(text[1:] if text[:1] in ("\t", " ") else text)
                i += 1
            if i >= len(lines):
                raise LabError("%s:%d: the STUB comment never ends (' */')" % (where, start + 1))
            i += 1
            stubs[key] = (body, (start, i))
            continue
        for lab, kind, name in C_MARK.findall(line):
            key = (int(lab), name)
            if kind == "BEGIN":
                if key in open_regions or any(r[0] == key for r in found):
                    raise LabError("%s:%d: a second BEGIN %s for lab %s" % (where, i + 1, name, lab))
                open_regions[key] = i
            else:
                if key not in open_regions:
                    raise LabError("%s:%d: END %s with no BEGIN" % (where, i + 1, name))
                found.append((key, open_regions.pop(key), i + 1))
        match = HASH_BEGIN.match(line)
        if match:
            indent, lab, start = match.group(1), int(match.group(2)), i
            stub = []
            i += 1
            while i < len(lines) and re.match(r"^\s*#>", lines[i]):
                stub.append(indent + re.sub(r"^\s*#> ?", "", lines[i]))
                i += 1
            while i < len(lines) and not HASH_END.match(lines[i]):
                i += 1
            if i >= len(lines):
                raise LabError("%s:%d: LAB %d: BEGIN has no END" % (where, start + 1, lab))
            key = (lab, "#%d" % start)
            stubs[key] = (stub, None)
            found.append((key, start, i + 1))
        elif HASH_END.match(line):
            raise LabError("%s:%d: an END with no BEGIN" % (where, i + 1))
        i += 1
    if open_regions:
        key, line = next(iter(open_regions.items()))
        raise LabError("%s:%d: BEGIN %s of lab %d has no END" % (where, line + 1, key[1], key[0]))
    out = []
    for key, first, end in found:
        if key not in stubs:
            raise LabError("%s:%d: no STUB %s for lab %d at the end of the file"
                           % (where, first + 1, key[1], key[0]))
        body, block = stubs.pop(key)
        indent = re.match(r"^\s*", lines[first]).group(0) if block else ""
        out.append((key[0], first, end, [indent + t if t else "" for t in body],
                    [block] if block else []))
    if stubs:
        (lab, name), _ = next(iter(stubs.items()))
        raise LabError("%s: STUB %s of lab %d has no region" % (where, name, lab))
    return out


def tree_files(top):
    """Every file of the tree under top (relative paths), but build/ and .git."""
    for directory, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in NOT_COPIED)
        rel = os.path.relpath(directory, top)
        for f in sorted(files):
            yield os.path.normpath(os.path.join(rel, f))


def marked_files(top=ROOT):
    """{relative path: regions} for every file with markers."""
    marked = {}
    for rel in tree_files(top):
        if not rel.endswith(MARKED_EXTENSIONS):
            continue
        with open(os.path.join(top, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "LAB " not in text:
            continue
        found = regions(text.split("\n"), rel)
        if found:
            marked[rel] = found
    return marked


def starter_text(text, number, where):
    lines = text.split("\n")
    cuts = []                 # (first, end, replacement), in order
    for lab, first, end, stub, blocks in regions(lines, where):
        if lab == number:
            cuts.append((first, end, stub))
            cuts += [(b0, b1, []) for b0, b1 in blocks]
    out, at = [], 0
    for first, end, replacement in sorted(cuts):
        out += lines[at:first] + replacement
        at = end
    out += lines[at:]
    while len(out) > 1 and out[-1] == "" and out[-2] == "":
        out.pop()             # the blank line before a dropped stub block
    return "\n".join(out)


def copy_tree(dest, number=None, arch=None):
    """Copy the tree to dest (replacing it); with number, as lab number's
    starter.  With arch, build/<arch>/ comes too (times kept), so make
    there compiles only what differs: the files with lab number's
    regions, which are written now."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    build = os.path.join(ROOT, "build", arch) if arch else None
    if build and os.path.isdir(build):
        shutil.copytree(build, os.path.join(dest, "build", arch), symlinks=True,
                        ignore=shutil.ignore_patterns("logs", "*.img", "*.iso"))
    for rel in tree_files(ROOT):
        if number is not None and STAFF_ONLY.match(rel.replace(os.sep, "/")):
            continue          # a lab's hidden/ examples stay out of the starter
        src, dst = os.path.join(ROOT, rel), os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.islink(src):
            os.symlink(os.readlink(src), dst)
            continue
        if number is not None and rel.endswith(MARKED_EXTENSIONS):
            with open(src, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            if "LAB %d: " % number in text:
                with open(dst, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(starter_text(text, number, rel))
                shutil.copymode(src, dst)
                continue
        shutil.copy2(src, dst)


def starter_dir(lab_dir):
    return os.path.join(ROOT, "build", "labs", os.path.basename(lab_dir))


def write_starter(lab_spec, out=None):
    lab = Lab(find_lab(lab_spec))
    if lab.number is None:
        raise LabError("%s has no number, so no markers" % lab.name)
    dest = os.path.abspath(out) if out else starter_dir(lab.dir)
    if dest == ROOT or ROOT.startswith(dest + os.sep):
        raise LabError("will not write the starter over the tree itself")
    copy_tree(dest, lab.number)
    changed = [rel for rel, found in marked_files().items()
               if any(r[0] == lab.number for r in found)]
    print("wrote the starter tree of lab %d (%s) to %s" % (lab.number, lab.title,
                                                          os.path.relpath(dest)))
    print("solution removed from: " + (", ".join(changed) or "nothing"))
    print("in it: make grade LAB=%d   (handout: %s/README.md)" % (
        lab.number, harness.relpath(lab.dir)))
    return 0


# ------------------------------------------------------------ make test

def list_checks(archs):
    """For make test: each lab and the architecture its check runs on."""
    known = {n for n, _ in all_labs()}
    for rel, found in marked_files().items():
        for lab, begin, _, _, _ in found:
            if lab not in known:
                raise LabError("%s:%d: a marker for lab %d, which has no folder in labs/"
                               % (rel, begin + 1, lab))
    for _, path in all_labs():
        lab = Lab(path)
        arch = next((a for a in lab.archs if a in archs), None)
        if arch:
            print(lab.name, arch)
    return 0


def run_grade_in(tree, lab_arg, arch, extra=()):
    """make grade in a copy of the tree: (exit status, output lines)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "-s", "--no-print-directory", "grade", "LAB=" + lab_arg,
                           "ARCH=" + arch] + list(extra), cwd=tree, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    return done.returncode, done.stdout.splitlines()


def graded_lines(lines):
    return [l for l in lines if re.match(r"^\s*\d+/\d+ +(PASS|FAIL) ", l)]


def check(lab_spec, arch):
    """The starter tree builds and fails every graded test; the full tree passes them."""
    lab = Lab(find_lab(lab_spec))
    work = os.path.join(ROOT, "build", "labcheck", lab.name)
    problems = []

    full = os.path.join(work, "full")
    copy_tree(full, arch=arch)
    status, lines = run_grade_in(full, str(lab.number), arch)
    print("\n".join(["== the full tree"] + lines))
    if status != 0 or not graded_lines(lines):
        problems.append("the full tree does not pass every graded test on %s" % arch)

    starter = os.path.join(work, "starter")
    copy_tree(starter, lab.number, arch)
    built = subprocess.run(["make", "-s", "--no-print-directory", "ARCH=" + arch, "all"],
                           cwd=starter, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True,
                           env={k: v for k, v in os.environ.items() if k != "MAKEFLAGS"})
    print("\n".join(["== building the starter tree"] + built.stdout.splitlines()))
    if built.returncode != 0:
        problems.append("the starter tree does not build on %s" % arch)
    elif "warning:" in built.stdout:
        problems.append("the starter tree builds with warnings on %s" % arch)
    status, lines = run_grade_in(starter, str(lab.number), arch)
    print("\n".join(["== the starter tree"] + lines))
    graded = graded_lines(lines)
    if not graded:
        problems.append("make grade printed no graded test in the starter tree")
    for line in graded:
        if " PASS " in line:
            problems.append("passes in the starter tree: " + line.split(" PASS ", 1)[1])
        elif " ktest/" in line.split(":", 1)[0] and "LAB %d" % lab.number not in line:
            problems.append("fails in the starter tree without naming LAB %d: %s"
                            % (lab.number, line.strip()))
    if status == 0:
        problems.append("make grade exits 0 in the starter tree")
    if not problems:
        shutil.rmtree(work, ignore_errors=True)
        print("ok: lab %s on %s" % (lab.name, arch))
        return 0
    print("; ".join(problems))
    return 1


SELFTEST_DIR = os.path.join("tests", "grade")


def selftest(arch):
    """make grade's own test: a pass, a failure, a panic and a hang, each in
    its own boot, each costing only its own points; and a hidden
    transcript (EXTRA_TRANSCRIPTS) with its #points."""
    tree = os.path.join(ROOT, "build", "labcheck", "grade-selftest")
    copy_tree(tree, arch=arch)
    fixtures = os.path.join(SELFTEST_DIR, "fixtures")
    status, lines = run_grade_in(tree, SELFTEST_DIR, arch, [
        "EXTRA_KTESTS=" + os.path.join(fixtures, "hidden.c"),
        "EXTRA_TRANSCRIPTS=" + fixtures])
    print("\n".join(lines))
    want = {
        "ktest/grade_fixture_passes": (2, 2),
        "ktest/grade_fixture_fails": (0, 3),
        "ktest/grade_fixture_panics": (0, 5),
        "ktest/grade_fixture_hangs": (0, 7),
        "shell/ps": (11, 11),
        "ktest/grade_fixture_hidden_passes": (13, 13),
        "ktest/grade_fixture_hidden_default": (1, 1),
        "shell/grade_fixture_hidden": (17, 17),
    }
    problems = []
    seen = {}
    for line in graded_lines(lines):
        got, of = (int(x) for x in line.split()[0].split("/"))
        name = line.split()[2].split(":")[0].split("/", 1)[1]
        seen[name] = (got, of)
    for name, points in want.items():
        if seen.get(name) != points:
            problems.append("%s: %s, not %d/%d" % (name, "%d/%d" % seen[name] if name in seen
                                                 else "missing", points[0], points[1]))
    total = (sum(p[0] for p in want.values()), sum(p[1] for p in want.values()))
    if "Score: %d/%d" % total not in lines:
        problems.append("no line 'Score: %d/%d'" % total)
    if status == 0:
        problems.append("make grade exited 0 with failures")
    for reason, name in (("kernel panicked", "grade_fixture_panics"),
                         ("timeout", "grade_fixture_hangs")):
        if not any(name in l and reason in l for l in lines):
            problems.append("%s's line does not say '%s'" % (name, reason))
    log = os.path.join(tree, "build", arch, "logs", "grade-ktest-grade_fixture_panics.log")
    if not os.path.isfile(log):
        problems.append("no log kept for the panic (%s)" % os.path.relpath(log, tree))
    if problems:
        print("; ".join(problems))
        return 1
    shutil.rmtree(tree, ignore_errors=True)
    print("ok: make grade isolates a failure, a panic and a hang")
    return 0


def list_labs():
    for number, path in all_labs():
        lab = Lab(path)
        print("  %d  %-24s %s (%s)" % (number, os.path.basename(path), lab.title,
                                       " ".join(lab.archs)))
    return 0


def main():
    parser = argparse.ArgumentParser(description="Sonde's labs: starter trees and grading.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("grade")
    p.add_argument("lab")
    p.add_argument("--archs", default="")
    p.add_argument("--extra-ktests", default="")
    p.add_argument("--extra-transcripts", default="")
    p = sub.add_parser("lab")
    p.add_argument("lab")
    p.add_argument("--out")
    sub.add_parser("list")
    p = sub.add_parser("list-checks")
    p.add_argument("--archs", required=True)
    p = sub.add_parser("check")
    p.add_argument("lab")
    p.add_argument("--arch", required=True)
    p = sub.add_parser("selftest")
    p.add_argument("--arch", required=True)
    args = parser.parse_args()
    try:
        if args.command == "grade":
            return grade(args.lab, args.archs.split(),
                         [f for f in args.extra_ktests.split(",") if f],
                         args.extra_transcripts or None)
        if args.command == "lab":
            return write_starter(args.lab, args.out)
        if args.command == "list":
            return list_labs()
        if args.command == "list-checks":
            return list_checks(args.archs.split())
        if args.command == "check":
            return check(args.lab, args.arch)
        return selftest(args.arch)
    except (LabError, OSError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
