# i386 build settings, included by the top-level Makefile.
# Never install gcc-multilib (it removes the cross compilers): the native
# gcc with -m32 and lib32gcc-12-dev (for libgcc's 64-bit division) is enough.
include arch/x86_common/build.mk
ARCH_CFLAGS := -Iarch/x86_common/include -m32 -march=i686 -mgeneral-regs-only
LDEMU     := elf_i386
LIBGCC    = $(shell $(CC) -m32 -print-libgcc-file-name)
WORD_BITS := 32
ARCH_SRCS := $(wildcard arch/x86/*.c arch/x86/*.S) $(X86_COMMON_SRCS)
QEMU      := qemu-system-i386
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := gcc:gcc ld:binutils qemu-system-i386:qemu-system-x86 \
             /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a:lib32gcc-12-dev
# Debian's stock U-Boot for this machine (u-boot-qemu; make run-uboot).
UBOOT_ROM := /usr/lib/u-boot/qemu-x86/u-boot.rom
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/x86_common
