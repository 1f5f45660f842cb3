#!/bin/sh
# Build (once per machine) the IA-64 C cross compiler that arch/ia64 needs.
#
#   tools/ia64-gcc.sh            build it if it is not there; print its path
#   tools/ia64-gcc.sh --status   say whether it is there (make doctor)
#
# Debian ships binutils-ia64-linux-gnu but no IA-64 compiler, and clang has
# no IA-64 target.  Debian's gcc-12-source package holds GCC's source, and
# a C-only compiler plus libgcc (all a freestanding kernel needs) builds
# from it in about 10 minutes on 2 cores.  The result (~200 MB) lives in a
# cache outside the tree, keyed by the GCC version:
#
#   ${SONDE_CACHE:-~/.cache/sonde}/ia64-gcc-<version>/bin/ia64-linux-gnu-gcc
#
# A build writes the file .complete last, and only after the new compiler
# has compiled and linked a test file; a folder without it is a broken or
# interrupted build and is removed and built again, never used.
set -e

cache=${SONDE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sonde}
tarball=$(ls /usr/src/gcc-12/gcc-12.*-dfsg.tar.xz 2>/dev/null | head -n 1)
if [ -z "$tarball" ]; then
	echo "ia64-gcc: /usr/src/gcc-12/gcc-12.*-dfsg.tar.xz not found (Debian package gcc-12-source)" >&2
	exit 1
fi
version=$(basename "$tarball" | sed 's/^gcc-\(.*\)-dfsg\.tar\.xz$/\1/')
prefix=$cache/ia64-gcc-$version
gcc=$prefix/bin/ia64-linux-gnu-gcc

if [ "$1" = "--status" ]; then
	if [ -f "$prefix/.complete" ]; then
		echo "built: $gcc"
	elif [ -d "$prefix" ]; then
		echo "incomplete build in $prefix (it will be redone)"
	else
		echo "not built yet (about 10 minutes, once: make deps ARCH=ia64)"
	fi
	exit 0
fi

if [ -f "$prefix/.complete" ] && [ -x "$gcc" ]; then
	echo "$gcc"
	exit 0
fi

# Everything below writes to stderr, so that stdout is only the path.
exec 3>&1 1>&2
rm -rf "$prefix"
work=$cache/ia64-gcc-$version.build
rm -rf "$work"
mkdir -p "$work/obj"
log=$work/build.log
jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)

echo "ia64-gcc: building GCC $version for ia64 from $tarball"
echo "ia64-gcc: this happens once per machine and takes about 10 minutes on 2 cores"
echo "ia64-gcc: into $prefix (full log: $log)"

# stage N TEXT COMMAND...: run COMMAND with its output in the log, and
# print a line every 30 seconds while it runs: the stage, the elapsed
# time and how many object files exist so far (cc1 needs about 900).
stage() {
	n=$1; text=$2; shift 2
	echo "ia64-gcc: [$n/5] $text"
	"$@" >>"$log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 30 &
		wait $! 2>/dev/null || true
		kill -0 $pid 2>/dev/null || break
		objs=$(find "$work/obj" -name '*.o' 2>/dev/null | wc -l)
		echo "ia64-gcc: [$n/5] ... $(( $(date +%s) - start )) s, $objs object files"
	done
	if ! wait $pid; then
		echo "ia64-gcc: stage $n ($text) failed; the last lines of $log:"
		tail -n 20 "$log"
		exit 1
	fi
}

stage 1 "unpacking the source" tar xJf "$tarball" -C "$work"
src=$(ls -d "$work"/gcc-*/ | head -n 1)
cd "$work/obj"
# A compiler for a freestanding kernel: C only, no C library headers
# (--without-headers --with-newlib), none of the target libraries but
# libgcc (IA-64 has no divide instruction: a / b calls __divdi3).
stage 2 "configuring" "$src/configure" --target=ia64-linux-gnu --prefix="$prefix" \
	--enable-languages=c --without-headers --with-newlib --disable-shared \
	--disable-threads --disable-multilib --disable-nls --disable-bootstrap \
	--disable-libssp --disable-libquadmath --disable-libgomp --disable-libatomic \
	--disable-libitm --disable-libsanitizer --disable-libvtv \
	--with-as=/usr/bin/ia64-linux-gnu-as --with-ld=/usr/bin/ia64-linux-gnu-ld
stage 3 "building the compiler (the long part, ~8 minutes)" make -j"$jobs" all-gcc
stage 4 "building libgcc" make -j"$jobs" all-target-libgcc
# The dfsg tarball has no documentation, and install-gcc would regenerate
# it (genhooks fails): mark the generated texinfo as up to date and
# install without makeinfo.
touch gcc/s-tm-texi
stage 5 "installing" make install-gcc install-target-libgcc MAKEINFO=true

# Prove the compiler works before marking it usable.
printf 'long f(long a, long b) { return a / b; }\n' >"$work/t.c"
"$gcc" -O2 -ffreestanding -c "$work/t.c" -o "$work/t.o"
ia64-linux-gnu-ld -r "$work/t.o" "$("$gcc" -print-libgcc-file-name)" -o "$work/t2.o"
echo "$version" >"$prefix/.complete"
cd /
rm -rf "$work"
echo "ia64-gcc: done in $(( $(date +%s) - start )) s: $gcc"
echo "$gcc" >&3
