#!/bin/sh
# Host test of Sonde's Ski patch (tools/ski/icount.patch, bski -icount):
# builds the bare-metal program tools/ski/test/icount.s with binutils
# alone, runs it twice under the patched bski and checks that
#  - both runs print the same line, byte for byte (the ITC is not host time);
#  - the ITC advanced by the loop's instructions: 3 per iteration, plus
#    the few instructions of the ITC reads (0..16);
#  - the ITM match came when the count reached cr.itm: the poll that saw
#    it read an ITC at most one poll loop (16) past it;
#  - SSC_GETCHAR returned the bytes waiting, "x" and a NUL (0), and then
#    -1 for none, without blocking, while stdin is a pipe that stays open.
# It prints TAP.  Without a built patched Ski (tools/ski.sh --no-build:
# SKI=, the cache) it prints "1..0 # SKIP ..." and tests/run.py counts it
# as skipped, not passed.

unset MAKEFLAGS MFLAGS MAKELEVEL
cd "$(dirname "$0")/../.." || exit 1

bski=$(tools/ski.sh --no-build 2>&1)
case $? in
0) ;;
3) echo "1..0 # SKIP no Ski: ${bski#ski: }"; exit 0 ;;
*) echo "# tools/ski.sh failed: $bski"; exit 1 ;;
esac
if ! "$bski" -help 2>&1 | grep -q -- -icount; then
	echo "1..0 # SKIP no Ski with -icount: $bski lacks Sonde's patch"
	exit 0
fi

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "# $2"; echo "not ok $n - $1"; }
# within DESCRIPTION VALUE LOW HIGH
within() {
	if [ -n "$2" ] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then ok "$1"
	else not_ok "$1" "got [$2], expected $3..$4 (line: $line1)"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sonde-ski-icount.XXXXXX") || exit 1
trap 'exec 5>&-; rm -rf "$tmp"' EXIT
if ia64-linux-gnu-as -o "$tmp/icount.o" tools/ski/test/icount.s 2>"$tmp/as.err" &&
	ia64-linux-gnu-ld -N --no-warn-rwx-segments -Ttext=0x100000 -e _start \
		-o "$tmp/icount.elf" "$tmp/icount.o" 2>>"$tmp/as.err" &&
	[ ! -s "$tmp/as.err" ]; then
	ok "tools/ski/test/icount.s assembles and links without a warning"
else
	not_ok "tools/ski/test/icount.s assembles and links without a warning" "$(head -n 3 "$tmp/as.err")"
	echo "1..$n"
	exit 1
fi

# One run: stdin is a FIFO we hold open (fd 5) with "x" and a NUL byte in it,
# so a blocking read() would wait for ever (the timeout catches that).
mkfifo "$tmp/in"
exec 5<>"$tmp/in"
run() {
	printf 'x\000' >&5
	timeout 10 "$bski" -icount -noconsole "$tmp/icount.elf" <"$tmp/in" 2>"$tmp/err"
}
line1=$(run); status1=$?
line2=$(run); status2=$?
if [ $status1 -eq 0 ] && [ $status2 -eq 0 ]; then ok "both runs end with SSC_EXIT status 0"
else not_ok "both runs end with SSC_EXIT status 0" "statuses $status1 $status2: $(head -n 2 "$tmp/err")"; fi
if [ -n "$line1" ] && [ "$line1" = "$line2" ]; then ok "both runs print the same figures: $line1"
else not_ok "both runs print the same figures" "[$line1] then [$line2]"; fi

# field NAME: the figure after "NAME=" in the first run's line.
field() { printf ' %s\n' "$line1" | sed -n "s/.* $1=\([0-9,]*\).*/\1/p"; }
loop1=$(field loop1); loop2=$(field loop2); itm=$(field itm); seen=$(field seen)
within "loop1 (1000 iterations) counts 3000 instructions and a few" "$loop1" 3000 3016
within "loop2 (2000 iterations) counts 6000 instructions and a few" "$loop2" 6000 6016
within "the ITM match is seen within one poll of cr.itm" \
	"$([ -n "$seen" ] && [ -n "$itm" ] && echo $((seen - itm)))" 0 16
# -1 is printed as the unsigned 64-bit number it is.
if [ "$(field in)" = "120,0,18446744073709551615" ]; then
	ok "SSC_GETCHAR gives the waiting bytes (a NUL as 0), then -1 without blocking"
else
	not_ok "SSC_GETCHAR gives the waiting bytes (a NUL as 0), then -1 without blocking" "in=$(field in)"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
