# sparc64 build settings, included by the top-level Makefile.
# Runs on QEMU's sun4u machine, loaded with -kernel, with no OpenBIOS:
# our own ROM (-bios, arch/sparc64/rom.S) jumps straight to the kernel.
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
ARCH_SRCS := $(filter-out arch/sparc64/rom.S,$(wildcard arch/sparc64/*.c arch/sparc64/*.S))
# The ROM is an image of its own, built with every kernel.
ROM       := $(BUILD)/rom.elf
$(BUILD)/sonde.elf: | $(ROM)
$(ROM): $(BUILD)/obj/arch/sparc64/rom.o linker/sparc64-rom.ld
	$(LD) -m $(LDEMU) $(LDFLAGS_ARCH) -T linker/sparc64-rom.ld -o $@ $<
QEMU      := qemu-system-sparc64
# pvpanic on the second PCI bus (power.c): a panic or a failed test run
# writes to it, and QEMU then exits with status 1.
# -nodefaults: no CD-ROM, no default serial or monitor (the harness and
# make run add theirs).
QEMU_MACHINE := -M sun4u -bios $(ROM) -m 128M -nodefaults -action panic=exit-failure
QEMU_DEVICES := -device pvpanic-pci,bus=pciB
# QEMU exit statuses: test pass, test fail, panic, and the one a CPU reset gives.
EXIT_CODES := pass=0 fail=1 panic=1 reset=0
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := sparc64-linux-gnu-gcc:gcc-sparc64-linux-gnu \
             sparc64-linux-gnu-ld:binutils-sparc64-linux-gnu \
             /usr/lib/gcc-cross/sparc64-linux-gnu/12/libgcc.a:libgcc-12-dev-sparc64-cross \
             qemu-system-sparc64:qemu-system-sparc
GRUB_BOOT_CMD :=
# No U-Boot: Debian's u-boot-qemu has no ROM for sun4u.
UBOOT_ROM :=
GDB       := gdb-multiarch
GDB_DEPS  := gdb-multiarch:gdb-multiarch
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/sparc64
