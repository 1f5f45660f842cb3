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

# cache_state NAME SHOWN NOTE: the one line --status prints about
# $cache/NAME (SHOWN: what to call the tool when it is built; NOTE: how
# it gets built when it is not).
cache_state() {
	if [ -f "$cache/$1/.complete" ]; then
		echo "built: $2"
	elif [ -d "$cache/$1.build" ]; then
		echo "being built now, or interrupted (see $cache/$1.build/build.log)"
	elif [ -d "$cache/$1" ]; then
		echo "incomplete build in $cache/$1 (it will be redone)"
	else
		echo "not built yet ($3)"
	fi
}

# cache_ready NAME FILE: NAME is complete and FILE (its program) runs.
cache_ready() {
	[ -f "$cache/$1/.complete" ] && [ -x "$2" ]
}

# cache_begin NAME FILE: start building NAME, whose program is FILE.
# Waits for the lock; if another build finished meanwhile, prints FILE on
# fd 3 (the script's stdout) and ends the script.  Otherwise removes what
# an earlier build left and sets work (the build folder), log and start.
cache_begin() {
	cache_lock "$1"
	if cache_ready "$1" "$2"; then
		echo "$2" >&3
		exit 0
	fi
	if [ -e "$cache/$1" ] || [ -e "$cache/$1.build" ]; then
		echo "$tool: removing an incomplete earlier build of $1 first"
		rm -rf "$cache/$1" "$cache/$1.build"
	fi
	work=$cache/$1.build
	mkdir -p "$work"
	log=$work/build.log
	start=$(date +%s)
}

# cache_done NAME FILE: mark NAME complete (last), remove the build
# folder, and print FILE on fd 3.
cache_done() {
	date -u +"%Y-%m-%dT%H:%M:%SZ" >"$cache/$1/.complete"
	cd /
	rm -rf "$cache/$1.build"
	echo "$tool: done in $(( $(date +%s) - start )) s: $2"
	echo "$2" >&3
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
