#!/bin/sh
# Host test of the Makefile's user interface (tests/run.py runs it from
# the top of the tree; it prints TAP, and fails if any case fails):
#
#  - CMDLINE reaches QEMU exactly as typed: make must not expand the "$r"
#    of "$retval" (make run CMDLINE='...$retval' once gave "etval"), and a
#    quote must survive the shell.  make run and make gdb really run, with
#    a stand-in QEMU that prints its arguments; iso and run-iso are read
#    from `make -n` (they need GRUB).
#  - ARCH on the command line narrows make test to that one architecture,
#    ARCHS= names several, neither means all of them.
#  - make test-one without TEST is a usage error, and so are make grade
#    and make lab without LAB; a LAB that is no lab is refused by name.
#  - make help names every variable and the print-* targets.
#  - tools/deps.sh, not run as root, prints an apt-get command with
#    --no-install-recommends (gcc-multilib must never come in).
#  - the README's shell examples (the "    sonde> " lines, "# comments"
#    and all, without the closing poweroff) are what the transcript
#    tests/shell/readme.in types, so the README shows lines that work.
#  - tests/kernel/x86_common/probe_targets.S assembles without a warning
#    on x86 and x86_64 (a bare "iret" once made GAS warn on x86_64); it
#    is built into a scratch BUILD directory, so build/ is left alone.
#
# Nothing here boots or builds a kernel, or changes build/.

# Start clean: when make test runs us, the caller's make variables
# (make test ARCH=x86 ...) are in MAKEFLAGS and the environment.
unset MAKEFLAGS MFLAGS MAKELEVEL ARCH ARCHS CMDLINE TEST LAB EXTRA_KTESTS EXTRA_TRANSCRIPTS
cd "$(dirname "$0")/../.." || exit 1

n=0
failed=0
ok() {  # DESCRIPTION: the last command succeeded
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {  # DESCRIPTION WHY
	n=$((n + 1))
	failed=$((failed + 1))
	echo "# $2"
	echo "not ok $n - $1"
}
# check DESCRIPTION EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected [$2], got [$3]"; fi
}
# has DESCRIPTION NEEDLE TEXT: TEXT contains NEEDLE (a fixed string)
has() {
	if printf '%s\n' "$3" | grep -qF -- "$2"; then ok "$1"
	else not_ok "$1" "[$2] not in: $(printf '%s' "$3" | tail -n 3)"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sonde-test-make.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# A QEMU that prints each argument on a line of its own, and a stand-in
# kernel that make is told (-o) never to rebuild: build/ must not change
# under the tests that run beside this one (make test EXTRA_KTESTS=...
# would otherwise be relinked without its extra tests).
fake=$tmp/qemu
printf '#!/bin/sh\nfor a in "$@"; do printf "arg:%%s\\n" "$a"; done\n' > "$fake"
chmod +x "$fake"
kernel=$tmp/sonde.elf
: > "$kernel"
fake_run="-o $kernel KERNEL=$kernel QEMU=$fake"

# The command line of the issue, with a quote and a make-ish $(...) too.
line='kprobe_event=r:fibr,fib,$retval it'\''s $(x) $$y'

check "print-cmdline shows CMDLINE unchanged" "$line" \
	"$(make -s --no-print-directory print-cmdline CMDLINE="$line")"

out=$(make -s --no-print-directory ARCH=x86_64 $fake_run run CMDLINE="$line" 2>&1)
has "make run passes CMDLINE to QEMU's -append unchanged" "arg:$line" "$out"

out=$(make -s --no-print-directory ARCH=x86_64 $fake_run run 2>&1)
has "make run without CMDLINE passes an empty -append" "$(printf 'arg:-append\narg:')" "$out"

out=$(make -s --no-print-directory ARCH=x86_64 $fake_run gdb CMDLINE="$line" 2>&1)
has "make gdb passes CMDLINE to QEMU's -append unchanged" "arg:$line" "$out"

quoted="'$(printf '%s' "$line" | sed "s/'/'\\\\''/g")'"
for t in iso run-iso; do
	out=$(make -n --no-print-directory ARCH=x86_64 $t CMDLINE="$line" 2>&1)
	has "make -n $t shows CMDLINE quoted for the shell, unexpanded" "$quoted" "$out"
done

check "make test with no ARCH covers every port" "x86 x86_64 ppc64 sparc64 ia64" \
	"$(make -s --no-print-directory print-archs)"
check "make test ARCH=x86_64 covers x86_64 only" "x86_64" \
	"$(make -s --no-print-directory print-archs ARCH=x86_64)"
check "ARCHS= names the architectures" "x86 ppc64" \
	"$(make -s --no-print-directory print-archs ARCHS='x86 ppc64')"
if make -s --no-print-directory print-archs ARCHS=vax >/dev/null 2>&1; then
	not_ok "an unknown name in ARCHS is an error" "make accepted ARCHS=vax"
else
	ok "an unknown name in ARCHS is an error"
fi

if out=$(make -s --no-print-directory test-one 2>&1); then
	not_ok "make test-one without TEST is a usage error" "it succeeded: $out"
else
	has "make test-one without TEST is a usage error" "usage: make test-one TEST=NAME" "$out"
fi

for target in grade lab; do
	if out=$(make -s --no-print-directory $target 2>&1); then
		not_ok "make $target without LAB is a usage error" "it succeeded: $out"
	else
		has "make $target without LAB is a usage error" "usage: make $target LAB=N" "$out"
	fi
done
if out=$(make -s --no-print-directory lab LAB=99 2>&1); then
	not_ok "make lab LAB=99 (no such lab) is an error" "it succeeded: $out"
else
	has "make lab LAB=99 (no such lab) is an error" "there is no lab 99" "$out"
fi

help=$(make -s --no-print-directory help)
for word in ARCH= ARCHS= CMDLINE= TEST= EXTRA_KTESTS= EXTRA_TRANSCRIPTS= LAB= FIRMWARE= \
	FUZZ_SECONDS= SONDE_TIMEOUT_SCALE= print-exit-codes print-qemu print-kernel list-tests \
	"make grade" "make lab" "make labs" "make lab-check"; do
	has "make help mentions $word" "$word" "$help"
done

# deps.sh as a user who is not root: run it as nobody when we are root.
as_user=""
if [ "$(id -u)" -eq 0 ]; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
out=$($as_user sh tools/deps.sh /nonexistent/sonde-test:sonde-test-pkg 2>&1)
has "deps.sh prints apt-get update first for non-root users" \
	"sudo apt-get update && sudo apt-get install" "$out"
has "deps.sh's printed command has --no-install-recommends" \
	"apt-get install -y --no-install-recommends sonde-test-pkg" "$out"

readme=$(sed -n 's/^    sonde> //p' README.md | grep -vx poweroff)
typed=$(grep -v '^#' tests/shell/readme.in)
check "README's shell examples are the lines tests/shell/readme.in types" "$typed" "$readme"

for a in x86 x86_64; do
	out=$(make -s --no-print-directory ARCH=$a BUILD="$tmp/$a" \
		"$tmp/$a/obj/tests/kernel/x86_common/probe_targets.o" 2>&1)
	if [ $? -ne 0 ] || printf '%s\n' "$out" | grep -qi warning; then
		not_ok "x86_common/probe_targets.S assembles cleanly on $a" "$out"
	else
		ok "x86_common/probe_targets.S assembles cleanly on $a"
	fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
