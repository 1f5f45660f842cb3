#!/bin/sh
# Find (or build, once per machine) Ski's bski, the IA-64 simulator that
# runs ARCH=ia64, with Sonde's patches tools/ski/*.patch in it.
#
#   tools/ski.sh            print the path of a usable bski on stdout
#   tools/ski.sh --status   say where Ski comes from (make doctor)
#   tools/ski.sh --no-build as the first, but exit 3 rather than build
#                           (a host test must not wait 2 minutes)
#
# Where it looks, in this order:
#   1. SKI=/path/to/bski (environment or make variable): used as it is.
#   2. The cache, keyed by the source and the patch:
#        ${SONDE_CACHE:-~/.cache/sonde}/ski-<source id>-<patch hash>/bin/bski
#      with a .complete marker written last (as tools/ia64-gcc.sh does).
#   3. Built into that cache (about 2 minutes on 2 cores) from SKI_SRC=
#      (a ski-*.tar.gz or an unpacked folder) or else from the repository's
#      sibling folder ../shared/third_party/ski-*.tar.gz.  SKI_SRC=none
#      looks for no source at all, as on a machine without one (with
#      SONDE_CACHE= an empty folder: how make test does without Ski).
# With none of them, exit status 3 and one line on stderr that says what
# to do: the test harness then reports ia64 as skipped, not failed.
#
# Ski is not packaged by Debian.  Building it needs the packages listed in
# ski_deps below; tools/deps.sh installs them (as root) or prints the
# apt-get command, and is asked only when a build is needed.
set -e

tool=ski
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
. "$here/cache-build.sh"

ski_deps="gcc:gcc make:make patch:patch autoconf:autoconf automake:automake \
/usr/share/aclocal/ax_check_compile_flag.m4:autoconf-archive flex:flex bison:bison \
gperf:gperf pkg-config:pkg-config /usr/include/bfd.h:binutils-dev \
/usr/include/libelf.h:libelf-dev /usr/include/libiberty/libiberty.h:libiberty-dev \
/usr/include/ncurses.h:libncurses-dev"

# Sonde's own changes to Ski, applied in this order; their hash names the
# cache folder, so a changed patch means a new build.
patches="$here/ski/icount.patch $here/ski/breakfault.patch"
patchhash=$(cat $patches | sha256sum | cut -c1-8)

status=no
[ "$1" = "--status" ] && status=yes
build=yes
[ "$1" = "--no-build" ] && build=no

# Does this bski have the -icount and -breakfault options (Sonde's patches)?
has_icount() {
	"$1" -help 2>&1 | grep -q -- '-icount' && "$1" -help 2>&1 | grep -q -- '-breakfault'
}

# 1. SKI= wins, whatever it is, as long as it can be run.
if [ -n "$SKI" ]; then
	if [ ! -f "$SKI" ] || [ ! -x "$SKI" ]; then
		echo "ski: SKI=$SKI is not an executable file (point it at a bski)" >&2
		[ $status = yes ] && exit 0
		exit 1
	fi
	if [ $status = yes ]; then
		has_icount "$SKI" && icount="with -icount and -breakfault" || icount="WITHOUT Sonde's patches (-icount, -breakfault): make run and make test need them"
		echo "given: SKI=$SKI ($icount)"
		exit 0
	fi
	echo "$SKI"
	exit 0
fi

# Where is the source, and what is it called?  The id is what follows
# "ski-" in the tarball's or folder's name (the upstream commit).
src=${SKI_SRC:-}
if [ "$src" = none ]; then
	src=
elif [ -n "$src" ] && [ ! -e "$src" ]; then
	echo "ski: SKI_SRC=$src does not exist (a ski-*.tar.gz or a Ski source folder)" >&2
	[ $status = yes ] && exit 0
	exit 1
fi
if [ -z "$src" ] && [ "${SKI_SRC:-}" != none ]; then
	src=$(ls -d "$(cd "$repo/.." && pwd)"/shared/third_party/ski-*.tar.gz 2>/dev/null | tail -n 1)
fi
if [ -n "$src" ]; then
	srcid=$(basename "$src" | sed -e 's/\.tar\.gz$//' -e 's/\.tgz$//' -e 's/^ski-//')
	prefix=$cache/ski-$srcid-$patchhash
else
	# No source here: a Ski built earlier with this patch still serves.
	prefix=$(ls -d "$cache"/ski-*-"$patchhash" 2>/dev/null | tail -n 1)
	if [ -z "$prefix" ] || [ ! -f "$prefix/.complete" ]; then
		if [ $status = yes ]; then
			echo "not found: set SKI=/path/to/bski, or SKI_SRC=, or put ski-*.tar.gz in $(cd "$repo/.." && pwd)/shared/third_party/"
			exit 0
		fi
		echo "ski: no Ski simulator: set SKI=/path/to/bski, or SKI_SRC=<ski-*.tar.gz or source folder>, or put the source at $(cd "$repo/.." && pwd)/shared/third_party/ski-*.tar.gz" >&2
		exit 3
	fi
fi
name=$(basename "$prefix")
bski=$prefix/bin/bski

if [ $status = yes ]; then
	cache_state "$name" "$bski (with -icount)" "about 2 minutes, once, from $src: make deps ARCH=ia64"
	exit 0
fi
if cache_ready "$name" "$bski"; then
	echo "$bski"
	exit 0
fi
if [ $build = no ]; then
	echo "ski: Ski is not built yet (tools/ski.sh builds it from $src, about 2 minutes)" >&2
	exit 3
fi

# Everything below writes to stderr, so that stdout is only the path.
exec 3>&1 1>&2
"$here/deps.sh" $ski_deps
cache_begin "$name" "$bski"
objdir=$work/src
objs_expected=0
jobs=$(nproc 2>/dev/null || echo 2)
total=6

echo "ski: building the Ski simulator ($srcid, with Sonde's patches) from $src"
echo "ski: this happens once per machine and takes about 2 minutes on 2 cores"
echo "ski: into $prefix (full log: $log)"

# A copy, never the given folder itself: the patch goes into the copy.
if [ -d "$src" ]; then
	stage 1 $total "copying the source" cp -R "$src" "$work/src"
else
	mkdir "$work/src"
	stage 1 $total "unpacking the source" tar xzf "$src" -C "$work/src" --strip-components=1
fi
cd "$work/src"
for p in $patches; do
	stage 2 $total "applying $(basename "$p")" patch -p1 --batch --forward -i "$p"
done
stage 3 $total "generating configure (autogen.sh)" ./autogen.sh
stage 4 $total "configuring" ./configure --prefix="$prefix"
stage 5 $total "compiling" make -j"$jobs"
stage 6 $total "installing" make install

# Prove it is the patched simulator before marking it usable.
if ! has_icount "$bski"; then
	echo "ski: the new $bski lacks -icount or -breakfault: a patch did not take (see $log)"
	exit 1
fi
cache_done "$name" "$bski"
