# ppc64 build settings (big-endian, ELFv1), included by the top-level Makefile.
# Runs on QEMU's pseries machine: VOF firmware by default (fast), SLOF
# with FIRMWARE=slof.  See README.md, "ppc64".
CC        := powerpc64-linux-gnu-gcc
LD        := powerpc64-linux-gnu-ld
NM        := powerpc64-linux-gnu-nm
# -msoft-float: the kernel never touches FP registers, so traps and task
# switches need not save them.  -mcmodel=small: a global's address is one
# load from the TOC (r2), which the compiler keeps in a register for the
# next use; medium's addis + access at every use cost a probe hit 8
# instructions (the TOC, 12 KiB, has room: small reaches 64 KiB).
# -mno-pointers-to-nested-functions: C has no nested functions here, so a
# call through a pointer need not load the descriptor's third word into
# r11 (1 a call).  -Wa,-mregnames lets assembly say r1.
# -fomit-frame-pointer (after the Makefile's -fno-omit-frame-pointer, so
# it wins): the unwinder walks the ABI's back chain, which every frame
# has, never r31; keeping r31 as a frame pointer cost 3 to 5 instructions
# in every function on a probe's path.
ARCH_CFLAGS := -mcpu=power8 -mbig-endian -mabi=elfv1 -mno-altivec -mno-vsx \
               -msoft-float -mcmodel=small -mtraceback=no -Wa,-mregnames \
               -fomit-frame-pointer -mno-pointers-to-nested-functions
LDEMU     := elf64ppc
LDFLAGS_ARCH := -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments
LIBGCC    = $(shell $(CC) -print-libgcc-file-name)
WORD_BITS := 64
# ELFv1: a function symbol names its descriptor in .opd; --synthetic adds
# the code entry points (".fib"), and gensyms keeps those, under plain names.
NM_SYMS_FLAGS := --synthetic
GENSYMS_FLAGS := --elfv1
ARCH_SRCS := $(wildcard arch/ppc64/*.c arch/ppc64/*.S)
QEMU      := qemu-system-ppc64
FIRMWARE  ?= vof
ifeq ($(FIRMWARE),vof)
QEMU_FW   := ,x-vof=on
else ifeq ($(FIRMWARE),slof)
QEMU_FW   :=
else
$(error unknown FIRMWARE '$(FIRMWARE)'; use vof or slof)
endif
# The cap-* settings only silence warnings about host CPU mitigations
# that TCG does not emulate.  ibm,os-term (how the kernel reports a
# failure) is a guest panic event: make it exit QEMU with status 1.
QEMU_MACHINE := -M pseries$(QEMU_FW),cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off \
                -m 256M -action panic=exit-failure
QEMU_DEVICES :=
# QEMU exit statuses: test pass, test fail, panic, and the one a CPU reset gives.
EXIT_CODES := pass=0 fail=1 panic=1 reset=0
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := powerpc64-linux-gnu-gcc:gcc-powerpc64-linux-gnu \
             powerpc64-linux-gnu-ld:binutils-powerpc64-linux-gnu \
             /usr/lib/gcc-cross/powerpc64-linux-gnu/12/libgcc.a:libgcc-12-dev-ppc64-cross \
             qemu-system-ppc64:qemu-system-ppc /usr/share/qemu/vof.bin:qemu-system-data
GRUB_BOOT_CMD :=
# No U-Boot: Debian's u-boot-qemu has no ROM for the pseries machine.
UBOOT_ROM :=
# make gdb: Debian's plain gdb knows only the host's architectures
# ("unknown architecture powerpc:common64"); gdb-multiarch knows them all.
GDB       := gdb-multiarch
GDB_DEPS  := gdb-multiarch:gdb-multiarch
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/ppc64
