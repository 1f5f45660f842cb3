#!/usr/bin/env python3
"""Where a probe hit's instructions go: one hit, instruction by instruction.

`make bench` says how many instructions a probe hit costs; this says
which.  It boots Sonde under QEMU (-icount shift=0,sleep=off, as the
benchmark) with QEMU's GDB stub, types `bench trace` at the shell, and
GDB single-steps the one probed call that the kernel makes per
configuration between bench_trace_mark(n) and bench_trace_mark(-n),
recording the address of every instruction executed.  The addresses are
then attributed to functions with the kernel's symbols (nm); an address
outside the kernel's symbols is an instruction slot (the probe's copy of
the instruction it replaced).

For each configuration it prints
  - the path: the functions in the order they ran, with how many
    instructions each ran in a row;
  - instructions per function, minus what the unprobed call ran in the
    same function ("per hit", as in the bench table);
  - the total, next to the per-hit figure `bench` prints in the same
    boot, as a check that single-stepping counted the same
    instructions as icount.

    tools/benchtrace.py [--arch x86|x86_64|ppc64] [--only NAME-PREFIX] [--timeout 300]

Needs gdb (Debian package gdb; gdb-multiarch for ppc64).  It is a tool for reading, not a test:
it exits non-zero only if it could not run.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True     # no tools/__pycache__ left behind
import sonde_qemu                  # noqa: E402  (the QEMU driver tests/run.py uses too)

TOP = sonde_qemu.ROOT

# The script GDB runs.  It waits at bench_trace_mark; at mark n > 0 it
# single-steps until the CPU is back at bench_trace_mark (the -n mark),
# recording each instruction's address.  It stops after the last row.
GDB_SCRIPT = r'''
import gdb, json
OUT, NROWS, ARG, mark = %(out)r, %(nrows)d, %(arg)r, %(mark)d
gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("break *%%d" %% mark, to_string=True)
traces = {}
while True:
    gdb.execute("continue", to_string=True)
    what = int(gdb.parse_and_eval(ARG))
    if what <= 0:
        continue
    pcs = [mark]          # the instruction we stand on runs first
    while True:
        gdb.execute("stepi", to_string=True)
        pc = int(gdb.parse_and_eval("(unsigned long)$pc"))
        if pc == mark:
            break
        pcs.append(pc)
    traces[what] = pcs
    if what == NROWS:
        break
gdb.execute("delete", to_string=True)
with open(OUT, "w") as f:
    json.dump(traces, f)
gdb.execute("detach", to_string=True)
'''

# Rows of the bench table, in the kernel's order (tests/kernel/bench.c): row n
# is traced between bench_trace_mark(n) and bench_trace_mark(-n).
# (The jump-optimised rows' target is bench_target_nop5, which bench
# subtracts instead of bench_target: their per-hit figures here are 1
# above bench's on x86_64 (the nop), 2 below on i386, where
# bench_target builds a frame and the nop5 one does not.  An event
# row's one call may cost more or less than bench's average of 1,000,
# as its record drops the oldest from a full ring or not.)
ROWS = ["unprobed call", "int3 trap, empty hook (floor)", "kprobe, pre handler",
        "jump-optimised kprobe, pre handler", "kprobe, pre + post handlers", "jprobe", "kretprobe",
        "kretprobe, optimised entry and return", "kprobe + kretprobe",
        "kprobe, pre; 1 other probe", "kprobe, pre; 1,000 other probes",
        "event, 0 fetch args (traced)", "event, 1 fetch arg (traced)",
        "event, 4 fetch args (traced)", "event, 8 fetch args (traced)"]


# Per architecture: the GDB to run and its architecture name, where
# bench_trace_mark finds its argument, and the binutils that know the ELF.
# ppc64 is ELFv1: a function's symbol names its descriptor, so nm
# --synthetic adds the code entry points (".name", without a size).
ARCHS = {
    "x86":    dict(gdb="gdb", gdbarch=None, arg="*(int *)($esp + 4)",   # on the stack
                   nm=["nm"], addr2line="addr2line"),
    "x86_64": dict(gdb="gdb", gdbarch="i386:x86-64", arg="(int)$rdi",
                   nm=["nm"], addr2line="addr2line"),
    "ppc64":  dict(gdb="gdb-multiarch", gdbarch="powerpc:common64", arg="(int)$r3",
                   nm=["powerpc64-linux-gnu-nm", "--synthetic"],
                   addr2line="powerpc64-linux-gnu-addr2line"),
}


class CannotRun(Exception):
    pass


def symbolizer(elf, arch):
    """A function: code address -> the name of the function it is in,
    and the table of symbols, {name: code address}.

    From `nm -n -S`: C functions have sizes; assembly labels
    (x86_trap_common, x86_trap_called...) have none and cover up to the
    next symbol.  A sized symbol that covers the address wins over a
    label at the same place.  Addresses in probe/optprobes.c's pool of
    detours (in .bss) are "(detour)"; other addresses past the kernel's
    text (_text_end) are in heap pages: instruction slots; addresses
    below the kernel, ppc64's exception vectors.
    """
    out = subprocess.run(ARCHS[arch]["nm"] + ["-n", "-S", "--defined-only", elf],
                         capture_output=True, text=True, check=True).stdout
    syms, descs = [], {}                     # (start, size, name); ELFv1 sizes
    detours = (0, 0)
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] == "b" and f[3] == "detours":
            detours = (int(f[0], 16), int(f[0], 16) + int(f[1], 16))
        elif len(f) == 4 and f[2] in "tTwW":
            syms.append((int(f[0], 16), int(f[1], 16), f[3]))
        elif len(f) == 3 and f[1] in "tT":
            syms.append((int(f[0], 16), 0, f[2]))
        if len(f) == 4 and f[2] in "dD":
            descs[f[3]] = int(f[1], 16)          # a descriptor has its code's size
    # ".name" (code) gets the size of "name" (its descriptor), and the plain name.
    syms = [(a, descs.get(n[1:], z), n[1:]) if n.startswith(".") and n[1:] in descs
            else (a, z, n) for a, z, n in syms]
    syms.sort()
    text_end = next((s[0] for s in syms if s[2] == "_text_end"), 1 << 64)
    text_start = syms[0][0] if syms else 0
    cache = {}

    def name_of(addr):
        if addr not in cache:
            name = "(detour)" if detours[0] <= addr < detours[1] else "(instruction slot)"
            if addr < text_start:            # ppc64: "ba stub" at 0x700...
                name = "(exception vector)"
            elif addr < text_end:
                for start, size, n in reversed([s for s in syms if s[0] <= addr]):
                    if size == 0 or addr < start + size:
                        name = n
                        break
            cache[addr] = name
        return cache[addr]
    return name_of, {n: a for a, _, n in syms}


def run(arch, timeout, mark):
    elf = sonde_qemu.kernel_image(arch)
    cfg = ARCHS[arch]
    port = sonde_qemu.free_port()
    tmp = tempfile.mkdtemp(prefix="benchtrace.")
    out_json = os.path.join(tmp, "traces.json")
    script = os.path.join(tmp, "trace.py")
    with open(script, "w") as f:
        f.write(GDB_SCRIPT % {"out": out_json, "nrows": len(ROWS), "arg": cfg["arg"],
                              "mark": mark})

    qcmd = sonde_qemu.kernel_command(arch, gdb_port=port)
    gcmd = [cfg["gdb"], "-batch", "-nx", "-ex", "file " + os.path.join(TOP, elf)]
    if cfg["gdbarch"]:
        gcmd += ["-ex", "set architecture " + cfg["gdbarch"]]
    gcmd += ["-ex", "target remote 127.0.0.1:%d" % port, "-x", script]
    print("benchtrace: %s: %s" % (arch, " ".join(qcmd)), file=sys.stderr)
    print("benchtrace: %s: %s" % (arch, " ".join(gcmd)), file=sys.stderr)
    q = sonde_qemu.Qemu(qcmd, timeout, interactive=True)
    g = None
    try:
        if not sonde_qemu.wait_listening(port, 10):
            raise CannotRun("QEMU did not open its GDB port %d" % port)
        # GDB's output goes to a file, not a pipe: nobody reads it while
        # it runs, and a full pipe would stop it.
        gdb_log = os.path.join(tmp, "gdb.log")
        try:
            g = subprocess.Popen(gcmd, cwd=TOP, stdin=subprocess.DEVNULL,
                                 stdout=open(gdb_log, "w"), stderr=subprocess.STDOUT)
        except OSError as e:
            raise CannotRun("cannot start gdb: %s" % e)

        def gdb_said():
            with open(gdb_log, errors="replace") as f:
                return f.read()[-3000:] or "(nothing)"

        if q.wait_for_prompt() < 0:
            raise CannotRun("no prompt; output:\n" + q.output)
        if q.command("bench trace") is None:
            raise CannotRun("bench trace did not finish; gdb said:\n" + gdb_said())
        g.wait(timeout=60)
        table = q.command("bench") or ""      # the figures, for the cross-check
        q.type_line("poweroff")
        q.wait_for_exit()
    finally:
        if g is not None and g.poll() is None:
            g.kill()
            g.wait()
        q.finish()
    if not os.path.exists(out_json):
        raise CannotRun("gdb wrote no traces; it said:\n" + gdb_said())
    with open(out_json) as f:
        traces = {int(k): v for k, v in json.load(f).items()}
    shutil.rmtree(tmp, ignore_errors=True)
    return elf, traces, table


def bench_per_hit(table):
    """name -> the per-hit figure printed by `bench` (a string)."""
    figures = {}
    for line in table.replace("\r", "").splitlines():
        m = re.match(r"^(.{32}) +(\S+) +(\S+)", line)
        if m:
            figures[m.group(1).strip()] = m.group(3)
    return figures


def line_lookup(elf, addrs, addr2line):
    """addr -> "function file:line" for the innermost (possibly inlined)
    function, plus " (in OUTER)" when it was inlined into another."""
    addrs = sorted(set(addrs))
    out = subprocess.run([addr2line, "-e", elf, "-f", "-i", "-a"] +
                         ["%#x" % a for a in addrs],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    result, i = {}, 0
    while i < len(out):
        addr = int(out[i], 16)
        i += 1
        frames = []
        while i < len(out) and not out[i].startswith("0x"):
            func, where = out[i], out[i + 1] if i + 1 < len(out) else "?"
            frames.append((func, os.path.relpath(where.split(" ")[0], TOP)
                           if where.startswith("/") else where))
            i += 2
        func, where = frames[0] if frames else ("??", "??")
        text = "%s %s" % (func, where)
        if len(frames) > 1:
            text += " (inlined in %s)" % frames[-1][0]
        result[addr] = text
    return result


def counts_in_order(keys):
    """(first-seen order, key -> count)."""
    counts, order = {}, []
    for k in keys:
        if k not in counts:
            order.append(k)
        counts[k] = counts.get(k, 0) + 1
    return order, counts


def runs_of(names):
    """Collapse consecutive equal names: [(name, count), ...]."""
    out = []
    for n in names:
        if out and out[-1][0] == n:
            out[-1][1] += 1
        else:
            out.append([n, 1])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--arch", default="x86_64", choices=sorted(ARCHS),
                    help="x86, x86_64 or ppc64 (default x86_64)")
    ap.add_argument("--only", default="", help="show only rows whose name starts with this")
    ap.add_argument("--lines", action="store_true",
                    help="also count per source line (addr2line; inlined code by its own line)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds (default 300)")
    args = ap.parse_args()
    try:
        elf = sonde_qemu.kernel_image(args.arch)
        name_of, addr_of = symbolizer(os.path.join(TOP, elf), args.arch)
        elf, traces, table = run(args.arch, args.timeout, addr_of["bench_trace_mark"])
    except (CannotRun, sonde_qemu.QemuError) as e:
        print("benchtrace: cannot run: %s" % e, file=sys.stderr)
        return 1

    bench = bench_per_hit(table)
    base = traces.get(1, [])
    base_count = {}
    for pc in base:
        base_count[name_of(pc)] = base_count.get(name_of(pc), 0) + 1

    print("One call per configuration, single-stepped (%s); per hit = minus the "
          "unprobed call (%d instructions between the marks)." % (args.arch, len(base)))
    for n, row in enumerate(ROWS, 1):
        if n == 1 or not row.startswith(args.only) or n not in traces:
            continue
        pcs = traces[n]
        names = [name_of(pc) for pc in pcs]
        print()
        print("== %s: %d instructions per hit (bench says %s)"
              % (row, len(pcs) - len(base), bench.get(row, "?")))
        print("path (function x instructions run in a row):")
        path = ["%s x%d" % (nm, c) for nm, c in runs_of(names)]
        line = " "
        for step in path:
            if len(line) + len(step) + 4 > 100:
                print(line)
                line = " "
            line += " " + step + " ->"
        print(line.rstrip(" ->"))
        print("per function (minus the unprobed call's):")
        order, counts = counts_in_order(names)
        # Functions the unprobed call ran but this one did not (the
        # probed call may skip part of the target) count negative.
        order += [nm for nm in base_count if nm not in counts]
        for nm in order:
            d = counts.get(nm, 0) - base_count.get(nm, 0)
            if d:
                print("  %6d  %s" % (d, nm))
        if args.lines:
            where = line_lookup(os.path.join(TOP, elf), pcs + base, ARCHS[args.arch]["addr2line"])
            base_lines = counts_in_order([where[pc] for pc in base])[1]
            order, counts = counts_in_order([where[pc] for pc in pcs])
            order += [k for k in base_lines if k not in counts]
            print("per source line (minus the unprobed call's):")
            for key in order:
                d = counts.get(key, 0) - base_lines.get(key, 0)
                if d:
                    print("  %6d  %s" % (d, key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
