#!/bin/sh
# Check that the commands (or files) a build needs exist, and install the
# Debian packages that provide the missing ones.
#
#   tools/deps.sh CMD_OR_PATH:PACKAGE ...
#
# As root it runs `apt-get update` (a fresh machine's package lists may be
# empty or stale) and then one `apt-get install` for everything missing;
# otherwise it prints that exact command and fails.
#
# Always --no-install-recommends, also in the printed command: a
# recommended package can do harm here (gcc-multilib must never come
# in: it removes the cross compilers), so what Sonde needs is named
# explicitly instead (libc6-dev, for one, is only a recommendation of
# gcc).
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

install="apt-get install -y --no-install-recommends$missing"
echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: please run:  sudo apt-get update && sudo $install"
	exit 1
fi
echo "deps: installing them (apt-get update; $install)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "deps: apt-get update failed"; exit 1; }
$install -q || { echo "deps: apt-get install failed"; exit 1; }
