# Shared by tools/ia64-gcc.sh and tools/ski.sh (sourced, not run): how
# a tool Sonde builds for itself is kept in the cache, once per machine.
#
#   ${SONDE_CACHE:-~/.cache/sonde}/NAME/      the installed tool
#   ${SONDE_CACHE:-~/.cache/sonde}/NAME/.complete   written last
#   ${SONDE_CACHE:-~/.cache/sonde}/NAME.build/      the build, removed after
#
# A folder without .complete is a broken or interrupted build: the next
# run removes it and builds again, it is never used.  A lock file keeps
# two builds of the same tool (two makes at once) from mixing.

cache=${SONDE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sonde}

# cache_lock NAME: wait until no other build of NAME runs (fd 9 holds
# the lock until the script ends).  Without flock(1) there is no lock.
cache_lock() {
	mkdir -p "$cache"
	command -v flock >/dev/null 2>&1 || return 0
	exec 9>"$cache/$1.lock"
	if ! flock -n 9; then
		echo "$tool: another build of $1 is running; waiting for it"
		flock 9
	fi
}

# stage N TOTAL TEXT COMMAND...: run COMMAND with its output in $log, and
# print a line every 30 seconds while it runs: the stage, the time since
# $start, and how many object files exist under $objdir so far (with a
# percentage of $objs_expected when that is set).
stage() {
	n=$1; total=$2; text=$3; shift 3
	echo "$tool: [$n/$total] $text ($(( $(date +%s) - start )) s so far)"
	"$@" >>"$log" 2>&1 &
	pid=$!
	ticks=0
	while kill -0 $pid 2>/dev/null; do
		# Look every second (a short stage ends at once), speak every 30.
		sleep 1
		ticks=$((ticks + 1))
		[ $((ticks % 30)) -eq 0 ] && kill -0 $pid 2>/dev/null || continue
		objs=$(find "$objdir" -name '*.o' 2>/dev/null | wc -l)
		pct=""
		[ "${objs_expected:-0}" -gt 0 ] && pct=" ($(( objs * 100 / objs_expected ))% of about $objs_expected)"
		echo "$tool: [$n/$total] ... $(( $(date +%s) - start )) s, $objs object files$pct"
	done
	if ! wait $pid; then
		echo "$tool: stage $n ($text) failed; the last lines of $log:"
		tail -n 20 "$log"
		exit 1
	fi
}
