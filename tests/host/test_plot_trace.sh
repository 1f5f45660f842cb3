#!/bin/sh
# Host test of tools/plot-trace.py (make plot).  It prints TAP, and fails
# if any case fails:
#
#  - from a recorded capture (tests/host/plot_trace/capture.txt: what
#    `trace` and `events` printed after plot_trace/session.txt, on x86_64)
#    it writes trace.csv and one hist-EVENT.csv per latency event, byte
#    for byte the expected-*.csv beside it, and no histogram for the
#    other events;
#  - each PNG exists, starts with the PNG signature and its IHDR says
#    the size the tool promises (histograms 800 x 500, timeline 1000 x 500);
#  - trace lines in the ftrace style (a "#" header, a flags column, a
#    cycle count as timestamp) parse too;
#  - end to end, if the x86_64 kernel is built: the tool boots it, types
#    session.txt and gets the same records and histogram counts (the
#    latencies themselves depend on the code, so only the counts are
#    compared).
#
# matplotlib is Debian's (python3-matplotlib), so Debian's python runs it.
cd "$(dirname "$0")/../.." || exit 1
py=/usr/bin/python3
data=tests/host/plot_trace

. tests/host/tap.sh

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sonde-test-plot.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk, or why not.
png_size() {
	[ -s "$1" ] || { echo "missing or empty"; return; }
	sig=$(od -An -N8 -tx1 "$1" | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a ] || { echo "no PNG signature ($sig)"; return; }
	[ "$(od -An -j12 -N4 -c "$1" | tr -d ' \n')" = IHDR ] || { echo "no IHDR"; return; }
	set -- $(od -An -j16 -N8 -tx1 "$1")
	echo "$((0x$1$2$3$4))x$((0x$5$6$7$8))"
}

out=$($py tools/plot-trace.py --capture $data/capture.txt --out "$tmp/rec" 2>&1)
check "plot-trace.py runs on the recorded capture" \
	"plot-trace: 48 trace records; wrote trace.csv, hist-kprobes_lfib.csv, latency-kprobes_lfib.png, hist-kprobes_lat.csv, latency-kprobes_lat.png, timeline.png in $tmp/rec" \
	"$(printf '%s\n' "$out" | sed "s|in .*/rec\$|in $tmp/rec|")"
for f in trace.csv hist-kprobes_lfib.csv hist-kprobes_lat.csv; do
	if cmp -s "$data/expected-$f" "$tmp/rec/$f"; then
		ok "$f is as expected"
	else
		not_ok "$f is as expected" "$(diff "$data/expected-$f" "$tmp/rec/$f" 2>&1 | head -n 5)"
	fi
done
check "histograms for the l: events only" "hist-kprobes_lat.csv hist-kprobes_lfib.csv" \
	"$(cd "$tmp/rec" && echo hist-*.csv)"
for f in latency-kprobes_lfib latency-kprobes_lat; do
	check "$f.png is an 800x500 PNG" 800x500 "$(png_size "$tmp/rec/$f.png")"
done
check "timeline.png is a 1000x500 PNG" 1000x500 "$(png_size "$tmp/rec/timeline.png")"

# The same records as ftrace prints them: a header, a flags column, and a
# timestamp in cycles; a latency event with no calls yet.
cat > "$tmp/ftrace.txt" <<'EOF'
sonde> trace
# tracer: kprobes
#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
#              | |         |   |||||     |         |
      my-task-12   [001] d....   12345678: kprobes/fibp: (fib+0x0) n=0x5
           fib-2   [000]     123456789012: kprobes/fibr: (fib+0x16 <- fib+0x0) arg1=0x1
sonde> events
EVENT                        TYPE      SITE                         STATE        HITS   MISSES
kprobes/idle                 latency   stage3+0x0                   enabled         0        0
    l:idle stage3
EOF
$py tools/plot-trace.py --capture "$tmp/ftrace.txt" --out "$tmp/ft" >/dev/null 2>&1
check "ftrace-style lines parse" "task,pid,cpu,timestamp,event,site,args
my-task,12,001,12345678,kprobes/fibp,fib+0x0,n=0x5
fib,2,000,123456789012,kprobes/fibr,fib+0x16 <- fib+0x0,arg1=0x1" "$(cat "$tmp/ft/trace.csv" 2>&1)"
check "a latency event without calls has an empty histogram" "bucket_low,bucket_high,count" \
	"$(cat "$tmp/ft/hist-kprobes_idle.csv" 2>&1)"
check "... and a plot that says so" 800x500 "$(png_size "$tmp/ft/latency-kprobes_idle.png")"

# End to end on x86_64, when that kernel is there (make test builds it).
kernel=$(make -s --no-print-directory ARCH=x86_64 print-kernel 2>/dev/null)
if [ -n "$kernel" ] && [ -f "$kernel" ] && command -v qemu-system-x86_64 >/dev/null; then
	$py tools/plot-trace.py $data/session.txt --arch x86_64 --out "$tmp/e2e" > "$tmp/e2e.log" 2>&1
	check "end to end: the tool boots x86_64 and types the session" 0 $?
	check "end to end: the records per event" "15 kprobes/fibp 15 kprobes/fibr 3 kprobes/lat 15 kprobes/lfib" \
		"$(tail -n +2 "$tmp/e2e/trace.csv" 2>/dev/null | cut -d, -f5 | LC_ALL=C sort | uniq -c | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')"
	for f in lfib:15 lat:3; do
		ev=${f%:*}
		check "end to end: $ev's histogram counts ${f#*:} calls" "${f#*:}" \
			"$(tail -n +2 "$tmp/e2e/hist-kprobes_$ev.csv" 2>/dev/null | awk -F, '{ s += $3 } END { print s + 0 }')"
	done
	check "end to end: timeline.png" 1000x500 "$(png_size "$tmp/e2e/timeline.png")"
else
	n=$((n + 1))
	echo "ok $n - end to end # SKIP no x86_64 kernel built (make ARCH=x86_64 all)"
fi

tap_end
