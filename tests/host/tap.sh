# TAP for the host tests in sh (tests/host/test_*.sh source this; it is
# no test itself).  Each case prints "ok N - ..." or, after a "# why"
# line, "not ok N - ..."; tap_end prints the plan and fails if any case
# failed.
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
tap_end() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
