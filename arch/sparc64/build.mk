# sparc64 build settings, included by the top-level Makefile.
# Runs on QEMU's sun4u machine under OpenBIOS, loaded with -kernel.
CC        := sparc64-linux-gnu-gcc
LD        := sparc64-linux-gnu-ld
NM        := sparc64-linux-gnu-nm
# -mcpu=ultrasparc: %tick_cmpr and %softint exist only from there on.
# -mcmodel=medlow: the kernel lives below 4 GiB, so sethi/or reach it.
# -mno-fpu: traps and task switches never save FP registers.
ARCH_CFLAGS := -m64 -mcpu=ultrasparc -mcmodel=medlow -mno-fpu
LDEMU     := elf64_sparc
LDFLAGS_ARCH := -z max-page-size=0x2000 -z noexecstack --no-warn-rwx-segments
LIBGCC    = $(shell $(CC) -print-libgcc-file-name)
WORD_BITS := 64
ARCH_SRCS := $(wildcard arch/sparc64/*.c arch/sparc64/*.S)
QEMU      := qemu-system-sparc64
# pvpanic on the second PCI bus (power.c): a panic or a failed test run
# writes to it, and QEMU then exits with status 1.
# -nodefaults: no CD-ROM on the IDE bus.  With one, OpenBIOS's IDE probe
# polls a busy status whose length follows the host (its block I/O), so
# the boot's instruction count varied under load (docs/bench.md).
QEMU_MACHINE := -M sun4u -m 128M -nodefaults -action panic=exit-failure
QEMU_DEVICES := -device pvpanic-pci,bus=pciB
# QEMU exit statuses: test pass, test fail, panic, and the one a CPU reset gives.
EXIT_CODES := pass=0 fail=1 panic=1 reset=0
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := sparc64-linux-gnu-gcc:gcc-sparc64-linux-gnu \
             sparc64-linux-gnu-ld:binutils-sparc64-linux-gnu \
             /usr/lib/gcc-cross/sparc64-linux-gnu/12/libgcc.a:libgcc-12-dev-sparc64-cross \
             qemu-system-sparc64:qemu-system-sparc /usr/share/qemu/openbios-sparc64:qemu-system-data
GRUB_BOOT_CMD :=
# No U-Boot: Debian's u-boot-qemu has no ROM for sun4u.
UBOOT_ROM :=
GDB       := gdb-multiarch
GDB_DEPS  := gdb-multiarch:gdb-multiarch
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/sparc64
