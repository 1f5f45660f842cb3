#!/bin/bash
# make doctor: list every tool and Debian package Sonde uses, whether it
# is here, and which version.  Informational only: it changes nothing
# and always exits 0.  (make deps / tools/deps.sh install what's missing.)
#
# Each line of the list below is
#   NAME | WHAT TO LOOK FOR | DEBIAN PACKAGE | required or optional | note
# WHAT TO LOOK FOR is a command looked up in PATH, or an absolute path
# (a file or directory) when the package has no command of its own.

tools='
make                | make                                         | make                    | required | install it (and git) first on a minimal image
gcc                 | gcc                                          | gcc                     | required | C compiler (x86, x86_64, host tests)
libc6-dev           | /usr/include/stdio.h                         | libc6-dev               | required | C library headers for the host tests (gcc only recommends it)
ld                  | ld                                           | binutils                | required | linker, nm
python3             | python3                                      | python3                 | required | tests/run.py, tools/*.py
qemu-system-x86_64  | qemu-system-x86_64                           | qemu-system-x86         | required | runs ARCH=x86_64
qemu-system-i386    | qemu-system-i386                             | qemu-system-x86         | required | runs ARCH=x86
lib32gcc-12-dev     | /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a | lib32gcc-12-dev         | required | 64-bit division in 32-bit code
libcapstone-dev     | /usr/include/capstone/capstone.h             | libcapstone-dev         | required | disassembler library (host test of the x86 decoder)
clang               | clang                                        | clang                   | required | make fuzz, and the fuzzing in make test
libclang-rt-14-dev  | /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a | libclang-rt-14-dev | required | libFuzzer runtime
qemu-system-ppc64   | qemu-system-ppc64                            | qemu-system-ppc         | required | runs ARCH=ppc64
vof.bin             | /usr/share/qemu/vof.bin                      | qemu-system-data        | required | ARCH=ppc64 firmware (VOF; SLOF too)
powerpc64-linux-gnu-gcc | powerpc64-linux-gnu-gcc                  | gcc-powerpc64-linux-gnu | required | C compiler for ARCH=ppc64
powerpc64-linux-gnu-ld | powerpc64-linux-gnu-ld                    | binutils-powerpc64-linux-gnu | required | linker, nm for ARCH=ppc64
libgcc-12-dev-ppc64-cross | /usr/lib/gcc-cross/powerpc64-linux-gnu/12/libgcc.a | libgcc-12-dev-ppc64-cross | required | libgcc for ARCH=ppc64
gdb                 | gdb                                          | gdb                     | required | make gdb (x86, x86_64), make test (gdb check)
gdb-multiarch       | gdb-multiarch                                | gdb-multiarch           | required | make gdb ARCH=ppc64, make test (gdb check)
python3-matplotlib  | /usr/lib/python3/dist-packages/matplotlib/__init__.py | python3-matplotlib | required | make plot, make test (its host test), run by /usr/bin/python3
grub-mkrescue       | grub-mkrescue                                | grub-common             | optional (make iso) |
grub-pc-bin         | /usr/lib/grub/i386-pc                        | grub-pc-bin             | optional (make iso) | BIOS GRUB
xorriso             | xorriso                                      | xorriso                 | optional (make iso) |
mtools              | mformat                                      | mtools                  | required | make uboot-image, make test (U-Boot boot); make iso
mkimage             | mkimage                                      | u-boot-tools            | required | make uboot-image, make test (the boot script)
u-boot-qemu         | /usr/lib/u-boot/qemu-x86_64/u-boot.rom       | u-boot-qemu             | required | make run-uboot, make test (U-Boot ROMs for x86, x86_64)
qemu-system-sparc64 | qemu-system-sparc64                          | qemu-system-sparc       | required | runs ARCH=sparc64
sparc64-linux-gnu-gcc | sparc64-linux-gnu-gcc                      | gcc-sparc64-linux-gnu   | required | C compiler for ARCH=sparc64
sparc64-linux-gnu-ld | sparc64-linux-gnu-ld                        | binutils-sparc64-linux-gnu | required | linker, nm for ARCH=sparc64
libgcc-12-dev-sparc64-cross | /usr/lib/gcc-cross/sparc64-linux-gnu/12/libgcc.a | libgcc-12-dev-sparc64-cross | required | libgcc for ARCH=sparc64
ia64-linux-gnu-as   | ia64-linux-gnu-as                            | binutils-ia64-linux-gnu | required | assembler, linker, objdump for ARCH=ia64 and the ia64 host tests
gcc-12-source       | /usr/src/gcc-12                              | gcc-12-source           | required | the source tools/ia64-gcc.sh builds the ia64 compiler from
g++                 | g++                                          | g++                     | required | GCC is written in C++ (tools/ia64-gcc.sh)
libgmp-dev          | /usr/include/gmpxx.h                         | libgmp-dev              | required | for building GCC (tools/ia64-gcc.sh)
libmpfr-dev         | /usr/include/mpfr.h                          | libmpfr-dev             | required | for building GCC (tools/ia64-gcc.sh)
libmpc-dev          | /usr/include/mpc.h                           | libmpc-dev              | required | for building GCC (tools/ia64-gcc.sh)
autoconf            | autoconf                                     | autoconf                | optional (building Ski) | tools/ski.sh (not needed with SKI=)
autoconf-archive    | /usr/share/aclocal/ax_check_compile_flag.m4  | autoconf-archive        | optional (building Ski) |
automake            | automake                                     | automake                | optional (building Ski) |
flex                | flex                                         | flex                    | optional (building Ski) |
bison               | bison                                        | bison                   | optional (building Ski) |
gperf               | gperf                                        | gperf                   | optional (building Ski) |
pkg-config          | pkg-config                                   | pkg-config              | optional (building Ski) |
patch               | patch                                        | patch                   | optional (building Ski) | applies tools/ski/*.patch
binutils-dev        | /usr/include/bfd.h                           | binutils-dev            | optional (building Ski) |
libelf-dev          | /usr/include/libelf.h                        | libelf-dev              | optional (building Ski) |
libiberty-dev       | /usr/include/libiberty/libiberty.h           | libiberty-dev           | optional (building Ski) |
libncurses-dev      | /usr/include/ncurses.h                       | libncurses-dev          | optional (building Ski) |
'

# Remove spaces at both ends of a field.
trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	s=${s%"${s##*[![:space:]]}"}
	printf '%s' "$s"
}

# Add a package to a space-separated list, once.
add_once() {  # LISTNAME PACKAGE
	case " ${!1} " in
	*" $2 "*) ;;
	*) printf -v "$1" '%s' "${!1:+${!1} }$2" ;;
	esac
}

missing_required=""
missing_optional=""

printf '%-24s %-8s %-28s %-24s %s\n' TOOL STATUS VERSION PACKAGE NOTE
while IFS='|' read -r name what pkg need note; do
	name=$(trim "$name")
	[ -n "$name" ] || continue
	what=$(trim "$what")
	pkg=$(trim "$pkg")
	need=$(trim "$need")
	note=$(trim "$note")

	# Is it here?  A command must be in PATH; a path must exist.
	where=""
	case "$what" in
	/*) [ -e "$what" ] && where=$what ;;
	*) where=$(command -v "$what" 2>/dev/null) ;;
	esac

	# The version is the Debian package's, when the package is installed
	# ("ii": wanted and installed).  That is what apt would upgrade.
	version=""
	if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" = "ii " ]; then
		version=$(dpkg-query -W -f='${Version}' "$pkg")
	fi

	# A command found outside /usr and /bin (pyenv's python3, say) is not
	# the Debian package's: show what PATH actually runs, and its version.
	case "$where" in
	""|/usr/*|/bin/*|/sbin/*) ;;
	*)
		own=$("$where" --version 2>&1 | head -n 1)
		note="${note:+$note; }PATH runs $where ($own)"
		[ -n "$version" ] || version="-"
		;;
	esac

	if [ -n "$where" ]; then
		status=FOUND
		[ -n "$version" ] || version="(package $pkg not installed)"
	else
		status=MISSING
		version="-"
		if [ "$need" = required ]; then
			add_once missing_required "$pkg"
		else
			add_once missing_optional "$pkg"
		fi
	fi
	[ "$need" = required ] || note="$need${note:+; $note}"
	printf '%-24s %-8s %-28s %-24s %s\n' "$name" "$status" "$version" "$pkg" "$note"
done <<< "$tools"

# What Sonde builds for ia64 itself, once per machine, into its cache
# (tools/ia64-gcc.sh and tools/ski.sh say where and in what state).
echo
here=$(dirname "$0")
printf '%-24s %s\n' "ia64 compiler" "$("$here/ia64-gcc.sh" --status 2>&1)"
printf '%-24s %s\n' "ia64 simulator (Ski)" "$("$here/ski.sh" --status 2>&1)"

echo
# --no-install-recommends, as tools/deps.sh does: a recommended package
# (gcc-multilib) would remove the cross compilers.
if [ -z "$missing_required" ]; then
	echo "verdict: everything Sonde needs is installed."
else
	echo "verdict: missing required packages: $missing_required"
	echo "  install with:  apt-get update && apt-get install -y --no-install-recommends $missing_required"
	echo "  (as root; make test does this itself when run as root)"
fi
if [ -n "$missing_optional" ]; then
	echo "  (optional:  apt-get install -y --no-install-recommends $missing_optional)"
fi
exit 0
