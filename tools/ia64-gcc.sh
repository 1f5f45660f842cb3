#!/bin/sh
# Build (once per machine) the IA-64 C cross compiler that arch/ia64 needs.
#
#   tools/ia64-gcc.sh            build it if it is not there; print its path
#   tools/ia64-gcc.sh --status   say whether it is there (make doctor)
#
# Debian ships binutils-ia64-linux-gnu but no IA-64 compiler, and clang has
# no IA-64 target.  Debian's gcc-12-source package holds GCC's source, and
# a C-only compiler plus libgcc (all a freestanding kernel needs) builds
# from it in about 10 minutes on 2 cores (888 object files, nearly all of them
# cc1's: the progress lines count them).
# The result (~200 MB) lives in a cache outside the tree, keyed by the GCC
# version:
#
#   ${SONDE_CACHE:-~/.cache/sonde}/ia64-gcc-<version>/bin/ia64-linux-gnu-gcc
#
# A build writes the file .complete last, and only after the new compiler
# has compiled and linked a test file; a folder without it is a broken or
# interrupted build and is removed and built again, never used (see
# tools/cache-build.sh).  The Debian packages the build needs (gcc_deps)
# are checked first and, as root, installed by tools/deps.sh.
set -e

tool=ia64-gcc
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cache-build.sh"

gcc_deps="/usr/src/gcc-12:gcc-12-source xz:xz-utils gcc:gcc g++:g++ make:make \
ia64-linux-gnu-as:binutils-ia64-linux-gnu ia64-linux-gnu-ld:binutils-ia64-linux-gnu \
/usr/include/gmpxx.h:libgmp-dev /usr/include/mpfr.h:libmpfr-dev /usr/include/mpc.h:libmpc-dev"

# The version is the source tarball's.  Without the source (the package
# removed since), a compiler built earlier still serves.
tarball=$(ls /usr/src/gcc-12/gcc-12.*-dfsg.tar.xz 2>/dev/null | head -n 1)
if [ -z "$tarball" ]; then
	built=$(ls -d "$cache"/ia64-gcc-12.*/.complete 2>/dev/null | tail -n 1)
	if [ -n "$built" ]; then
		version=$(basename "$(dirname "$built")" | sed 's/^ia64-gcc-//')
	elif [ "$1" = "--status" ]; then
		echo "not built yet, and no /usr/src/gcc-12/gcc-12.*-dfsg.tar.xz (make deps ARCH=ia64 installs gcc-12-source)"
		exit 0
	else
		"$here/deps.sh" $gcc_deps >&2
		tarball=$(ls /usr/src/gcc-12/gcc-12.*-dfsg.tar.xz 2>/dev/null | head -n 1)
		if [ -z "$tarball" ]; then
			echo "ia64-gcc: /usr/src/gcc-12/gcc-12.*-dfsg.tar.xz not found (Debian package gcc-12-source)" >&2
			exit 1
		fi
	fi
fi
[ -n "$version" ] || version=$(basename "$tarball" | sed 's/^gcc-\(.*\)-dfsg\.tar\.xz$/\1/')
name=ia64-gcc-$version
prefix=$cache/$name
gcc=$prefix/bin/ia64-linux-gnu-gcc

if [ "$1" = "--status" ]; then
	cache_state $name "$gcc" "about 10 minutes, once: make deps ARCH=ia64"
	exit 0
fi
if cache_ready $name "$gcc"; then
	echo "$gcc"
	exit 0
fi

# Everything below writes to stderr, so that stdout is only the path.
exec 3>&1 1>&2
"$here/deps.sh" $gcc_deps
cache_begin $name "$gcc"
mkdir "$work/obj"
jobs=$(nproc 2>/dev/null || echo 2)

echo "ia64-gcc: building GCC $version for ia64 from $tarball"
echo "ia64-gcc: this happens once per machine and takes about 10 minutes on 2 cores"
echo "ia64-gcc: into $prefix (full log: $log)"

objdir=$work/obj
objs_expected=888	# .o files in the tree when stage 3 ends (counted, twice)
total=5

stage 1 $total "unpacking the source" tar xJf "$tarball" -C "$work"
src=$(ls -d "$work"/gcc-*/ | head -n 1)
cd "$work/obj"
# A compiler for a freestanding kernel: C only, no C library headers
# (--without-headers --with-newlib), none of the target libraries but
# libgcc (IA-64 has no divide instruction: a / b calls __divdi3).
stage 2 $total "configuring" "$src/configure" --target=ia64-linux-gnu --prefix="$prefix" \
	--enable-languages=c --without-headers --with-newlib --disable-shared \
	--disable-threads --disable-multilib --disable-nls --disable-bootstrap \
	--disable-libssp --disable-libquadmath --disable-libgomp --disable-libatomic \
	--disable-libitm --disable-libsanitizer --disable-libvtv \
	--with-as=/usr/bin/ia64-linux-gnu-as --with-ld=/usr/bin/ia64-linux-gnu-ld
stage 3 $total "building the compiler (the long part, ~8 minutes)" make -j"$jobs" all-gcc
# The percentage is of the compiler's objects: after stage 3, count only.
objs_expected=0
stage 4 $total "building libgcc" make -j"$jobs" all-target-libgcc
# The dfsg tarball has no documentation, and install-gcc would regenerate
# it (genhooks fails): mark the generated texinfo as up to date and
# install without makeinfo.
touch gcc/s-tm-texi
stage 5 $total "installing" make install-gcc install-target-libgcc MAKEINFO=true

# Prove the compiler works before marking it usable.
printf 'long f(long a, long b) { return a / b; }\n' >"$work/t.c"
"$gcc" -O2 -ffreestanding -c "$work/t.c" -o "$work/t.o"
ia64-linux-gnu-ld -r "$work/t.o" "$("$gcc" -print-libgcc-file-name)" -o "$work/t2.o"
cache_done $name "$gcc"
