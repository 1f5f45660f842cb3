# x86_64 build settings, included by the top-level Makefile.
include arch/x86_common/build.mk
ARCH_CFLAGS := -Iarch/x86_common/include -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small
LDEMU     := elf_x86_64
LIBGCC    :=
WORD_BITS := 64
ARCH_SRCS := $(wildcard arch/x86_64/*.c arch/x86_64/*.S) $(X86_COMMON_SRCS)
QEMU      := qemu-system-x86_64
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := gcc:gcc ld:binutils qemu-system-x86_64:qemu-system-x86
# Debian's stock U-Boot for this machine (u-boot-qemu; make run-uboot).
UBOOT_ROM := /usr/lib/u-boot/qemu-x86_64/u-boot.rom
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/x86_common tests/kernel/x86_64
