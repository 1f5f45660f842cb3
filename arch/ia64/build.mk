# ia64 build settings, included by the top-level Makefile.
# Runs under Ski (bski, batch mode), not QEMU: QEMU has no IA-64.
#
# Debian has no IA-64 C compiler, so tools/ia64-gcc.sh builds one from
# Debian's gcc-12-source, once per machine (~10 minutes, with progress),
# into ~/.cache/sonde, and prints its path.  CC is looked up the first
# time a recipe uses it -- after `deps` has installed the source -- so
# reading this file (make print-deps, make ARCH=x86 ...) builds nothing.
CC        = $(eval CC := $(or $(shell tools/ia64-gcc.sh),$(error no ia64 compiler: tools/ia64-gcc.sh failed (its message is above))))$(CC)
LD        := ia64-linux-gnu-ld
NM        := ia64-linux-gnu-nm
OBJDUMP   := ia64-linux-gnu-objdump
# -ffixed-r13 and f32-f127: registers the kernel leaves alone, so traps
# and switches need not save the high FP registers.  No -mconstant-gp:
# libgcc (__divdi3: IA-64 divides in the FPU) is built without it.
ARCH_CFLAGS := -ffixed-r13 -mfixed-range=f32-f127 -mno-sdata
LDEMU     := elf64_ia64
LDFLAGS_ARCH := -z max-page-size=0x4000 -z noexecstack --no-warn-rwx-segments
LIBGCC    = $(shell $(CC) -print-libgcc-file-name)
WORD_BITS := 64
ARCH_SRCS := $(wildcard arch/ia64/*.c arch/ia64/*.S)
# How the kernel is run: Ski, found or built by tools/ski.sh (SKI= to
# name one; exit status 3 when there is none, which make test reports as
# "ia64: skipped").  Sonde's patches (tools/ski/): -icount, the ITC counts
# instructions, so runs are repeatable (and console input tells a NUL
# byte from none); -breakfault, break 0 (__builtin_trap) faults instead
# of ending Ski.  -noconsole: console on stdio.
LAUNCHER  := ski
SKI_FLAGS := -icount -breakfault -noconsole
# bski exit statuses (SSC_EXIT's argument, power.c): test pass, test
# fail, panic; there is no CPU reset, 4 is never used.
EXIT_CODES := pass=1 fail=2 panic=3 reset=4
# command:Debian-package pairs that this architecture needs (tools/deps.sh):
# the compiler's source and libraries, and binutils.  Ski's own build
# packages tools/ski.sh installs itself, only when it has to build Ski.
ARCH_DEPS := /usr/src/gcc-12:gcc-12-source ia64-linux-gnu-ld:binutils-ia64-linux-gnu \
             /usr/include/gmpxx.h:libgmp-dev /usr/include/mpfr.h:libmpfr-dev \
             /usr/include/mpc.h:libmpc-dev
GRUB_BOOT_CMD :=
UBOOT_ROM :=
# Ski has no GDB stub: no make gdb, no gdb check.
GDB       :=
GDB_DEPS  :=
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/ia64
