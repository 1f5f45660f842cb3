#!/bin/sh
# Check that the commands (or files) a build needs exist, and install the
# Debian packages that provide the missing ones.
#
#   tools/deps.sh CMD_OR_PATH:PACKAGE ...
#
# As root it runs `apt-get update` (a fresh machine's package lists may be
# empty) and `apt-get install`; otherwise it prints the exact command.
missing=""
for pair in "$@"; do
	what=${pair%%:*}
	pkg=${pair##*:}
	case "$what" in
	/*) [ -e "$what" ] && continue ;;
	*) command -v "$what" >/dev/null 2>&1 && continue ;;
	esac
	case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: please run:  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi
echo "deps: installing them (apt-get update; apt-get install -y$missing)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "deps: apt-get update failed"; exit 1; }
# --no-install-recommends: gcc-multilib, for one, must never come in
# (it would remove the cross compilers).
apt-get install -y -q --no-install-recommends$missing || { echo "deps: apt-get install failed"; exit 1; }
