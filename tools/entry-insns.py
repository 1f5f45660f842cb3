#!/usr/bin/env python3
"""Which instructions a probe at a function entry meets, in Sonde's own text.

For every function symbol of a built kernel, disassemble (objdump) its
first N instructions and count them by form (mnemonic and operands,
with immediates and displacements written IMM).  This is the measurement
behind the instructions the x86 breakpoint handler emulates
(arch/x86_common/kprobes.c, docs/bench.md): a probe on one of them takes
one trap even with a post handler.

    tools/entry-insns.py build/x86_64/sonde.elf [--depth 2] [--top 25]

--depth 1 counts first instructions only; 2 also the second, and so on
(the sites a "function+offset" probe early in a prologue meets).  Function
names in the no-probe section (.kprobes.text) are skipped: no probe
can go there.
"""
import argparse
import collections
import re
import subprocess
import sys

# The forms arch_emulate() handles (arch/x86_common/kprobes.c), as objdump
# prints them; of those that move the stack pointer, i386 does push, call
# and ret (no add/sub on the stack pointer).
EMULATED = re.compile(r"^(mov %[re]?[a-z0-9]+,%[re]?[a-z0-9]+|endbr(32|64)|nop[lw]?\b.*|xchg %ax,%ax"
                      r"|jmp IMM|lea (IMM)?\(%[re][a-z0-9]+\),%[re]?[a-z0-9]+"
                      r"|mov \$IMM,%(e[a-z]+|r[0-9]+d)|xor (?P<r>%[a-z0-9]+),(?P=r))$")
STACK_MOVING = re.compile(r"^(push %r[a-z0-9]+|(sub|add) \$IMM,%r[a-z0-9]+|call IMM|ret)$")
STACK_MOVING_I386 = re.compile(r"^(push %e[a-z]+|call IMM|ret)$")
# ppc64's (arch/ppc64/kprobes.c): ld/std/stdu on r1 only at d >= -288,
# which the check below the match makes.
PPC64 = re.compile(r"^(addis?|li|lis|oris?|nop|mr|mflr|mtlr|mfctr|mtctr) [^.]*$|^nop$"
                   r"|^(ld|std|stdu) r[0-9]+,(?P<d>-?[0-9]+)\(r1\)$")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elf")
    ap.add_argument("--depth", type=int, default=1)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    ppc64 = "powerpc" in subprocess.run(["file", args.elf], capture_output=True, text=True).stdout.lower()
    objdump = "powerpc64-linux-gnu-objdump" if ppc64 else "objdump"
    x86_64 = "x86-64" in subprocess.run([objdump, "-f", args.elf], capture_output=True,
                                         text=True, check=True).stdout
    emulated = lambda t: bool(EMULATED.match(t) or (STACK_MOVING if x86_64 else STACK_MOVING_I386).match(t))
    if ppc64:
        emulated = lambda t: bool((m := PPC64.match(t)) and int(m.group("d") or 0) >= -288)
    dis = subprocess.run([objdump, "-d", "--no-show-raw-insn", "-j", ".text", args.elf],
                         capture_output=True, text=True, check=True).stdout
    counts, per_depth = collections.Counter(), collections.Counter()
    covered = collections.Counter()
    depth = None
    for line in dis.splitlines():
        if re.match(r"^[0-9a-f]+ <.*>:$", line):
            depth = 0                      # a new function
            continue
        m = re.match(r"^\s*[0-9a-f]+:\s+(.*)$", line)
        if depth is None or not m or depth >= args.depth:
            continue
        text = re.sub(r"\s+#.*$", "", m.group(1)).strip()
        text = re.sub(r"\s+", " ", re.sub(r"0x[0-9a-f]+|\b[0-9a-f]{5,}\b", "IMM", text))
        text = re.sub(r" <[^>]*>", "", text)
        counts[text] += 1
        per_depth[depth] += 1
        covered[depth] += emulated(text)
        depth += 1
    total = sum(counts.values())
    for text, n in counts.most_common(args.top):
        mark = "emulated" if emulated(text) else ""
        print(f"{n:6d} {100 * n / total:5.1f}%  {text:40s} {mark}")
    for d in sorted(per_depth):
        print(f"instruction {d + 1} of a function: {covered[d]} of {per_depth[d]} emulated "
              f"({100 * covered[d] / per_depth[d]:.0f}%)")


if __name__ == "__main__":
    sys.exit(main())
