#!/bin/sh
# Host test of the Makefile's user interface (tests/run.py runs it from
# the top of the tree; it prints TAP, and fails if any case fails):
#
#  - CMDLINE reaches QEMU exactly as typed: make must not expand the "$r"
#    of "$retval" (make run CMDLINE='...$retval' once gave "etval"), and a
#    quote must survive the shell.  make run and make gdb really run, with
#    a stand-in QEMU that prints its arguments; iso and run-iso are read
#    from `make -n` (they need GRUB).
#  - PROBES=file becomes one kprobe_event= word after CMDLINE: for
#    tests/host/probes/course.txt it is the #cmdline that the transcript
#    tests/shell/boot_probes_file.in boots with, and make run passes it
#    to QEMU; a missing file, a line with ',', a command line past 1023
#    characters and a CMDLINE with its own kprobe_event= are refused.
#  - OPT=-Og builds in build/<arch>-Og/, the default in build/<arch>/.
#  - make plot without SCRIPT is a usage error.
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
unset MAKEFLAGS MFLAGS MAKELEVEL ARCH ARCHS CMDLINE TEST LAB EXTRA_KTESTS EXTRA_TRANSCRIPTS \
	PROBES OPT SCRIPT OUT
cd "$(dirname "$0")/../.." || exit 1

. tests/host/tap.sh

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

# PROBES=file.  The transcript's #cmdline is its CMDLINE (the shell_run=
# part) and the file's lines; the two must agree.
probes=tests/host/probes/course.txt
want=$(sed -n 's/^#cmdline //p' tests/shell/boot_probes_file.in)
run_part=${want%% kprobe_event=*}
check "PROBES=$probes gives the command line boot_probes_file.in boots" "$want" \
	"$(make -s --no-print-directory print-cmdline PROBES=$probes CMDLINE="$run_part" 2>&1)"
out=$(make -s --no-print-directory ARCH=x86_64 $fake_run run PROBES=$probes CMDLINE="$run_part" 2>&1)
has "make run PROBES= passes the kprobe_event= word to QEMU" "arg:$want" "$out"
printf 'p:a fib\np:b fib, n=$arg1\n' > "$tmp/comma.txt"
awk 'BEGIN { for (i = 0; i < 60; i++) printf "p:event%03d fib n=$arg1\n", i }' > "$tmp/long.txt"
printf '# nothing\n\n' > "$tmp/empty.txt"
for case in "$tmp/none.txt:cannot read it" "$tmp/comma.txt:comma.txt:2: a line cannot hold ','" \
	"$tmp/long.txt:the kernel keeps 1023" "$tmp/empty.txt:no event lines"; do
	file=${case%%:*}
	if out=$(make -s --no-print-directory print-cmdline PROBES="$file" 2>&1); then
		not_ok "PROBES=$(basename "$file") is refused" "it succeeded: $out"
	else
		has "PROBES=$(basename "$file") is refused" "${case#*:}" "$out"
	fi
done
if out=$(make -s --no-print-directory print-cmdline PROBES=$probes CMDLINE=kprobe_event=p:x,fib 2>&1); then
	not_ok "PROBES= with a kprobe_event= in CMDLINE is refused" "it succeeded: $out"
else
	has "PROBES= with a kprobe_event= in CMDLINE is refused" "CMDLINE has a kprobe_event=" "$out"
fi

check "OPT=-Og builds in build/<arch>-Og/" "build/x86-Og/sonde.elf" \
	"$(make -s --no-print-directory ARCH=x86 OPT=-Og print-kernel)"
check "the default OPT builds in build/<arch>/" "build/x86/sonde.elf" \
	"$(make -s --no-print-directory ARCH=x86 print-kernel)"
if out=$(make -s --no-print-directory plot 2>&1); then
	not_ok "make plot without SCRIPT is a usage error" "it succeeded: $out"
else
	has "make plot without SCRIPT is a usage error" "usage: make plot SCRIPT=file" "$out"
fi

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
	FUZZ_SECONDS= SONDE_TIMEOUT_SCALE= PROBES= OPT= SCRIPT= "make plot" print-exit-codes print-qemu print-kernel list-tests \
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

tap_end
