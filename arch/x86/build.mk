# i386 build settings, included by the top-level Makefile.
# Never install gcc-multilib (it removes the cross compilers): the native
# gcc with -m32 and lib32gcc-12-dev (for libgcc's 64-bit division) is enough.
CC        := gcc
LD        := ld
NM        := nm
ARCH_CFLAGS := -Iarch/x86_common/include -m32 -march=i686 -mgeneral-regs-only
LDEMU     := elf_i386
LDFLAGS_ARCH := -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments
LIBGCC    = $(shell $(CC) -m32 -print-libgcc-file-name)
WORD_BITS := 32
ARCH_SRCS := $(wildcard arch/x86/*.c arch/x86/*.S) \
             arch/x86_common/idt.c arch/x86_common/pic.c arch/x86_common/pit.c \
             arch/x86_common/power.c arch/x86_common/trap.c arch/x86_common/uart16550.c \
             arch/x86_common/insn.c arch/x86_common/kprobes.c \
             arch/x86_common/regs.c arch/x86_common/start.c \
             arch/x86_common/fw_cfg.c \
             boot/multiboot.c boot/multiboot_header.S boot/uboot.c
QEMU      := qemu-system-i386
QEMU_MACHINE := -m 128M
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := gcc:gcc ld:binutils qemu-system-i386:qemu-system-x86 \
             /usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a:lib32gcc-12-dev
GRUB_BOOT_CMD := multiboot
# The isa-debug-exit device: tests leave QEMU with a status (power.c).
QEMU_DEVICES := -device isa-debug-exit,iobase=0xf4,iosize=0x04
# QEMU exit statuses: test pass, test fail, panic, and a triple fault (reset).
EXIT_CODES := pass=33 fail=35 panic=37 reset=0
# Debian's stock U-Boot for this machine (u-boot-qemu; make run-uboot).
UBOOT_ROM := /usr/lib/u-boot/qemu-x86/u-boot.rom
# make gdb: the host's own gdb debugs i386 and x86-64 code.
GDB       := gdb
GDB_DEPS  := gdb:gdb
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/x86_common
