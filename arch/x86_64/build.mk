# x86_64 build settings, included by the top-level Makefile.
CC        := gcc
LD        := ld
NM        := nm
ARCH_CFLAGS := -Iarch/x86_common/include -m64 -mno-red-zone -mgeneral-regs-only -mcmodel=small
LDEMU     := elf_x86_64
LDFLAGS_ARCH := -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments
LIBGCC    :=
WORD_BITS := 64
ARCH_SRCS := $(wildcard arch/x86_64/*.c arch/x86_64/*.S) \
             arch/x86_common/idt.c arch/x86_common/pic.c arch/x86_common/pit.c \
             arch/x86_common/power.c arch/x86_common/trap.c arch/x86_common/uart16550.c \
             arch/x86_common/insn.c arch/x86_common/kprobes.c \
             arch/x86_common/regs.c arch/x86_common/start.c \
             arch/x86_common/fw_cfg.c \
             boot/multiboot.c boot/multiboot_header.S boot/uboot.c
QEMU      := qemu-system-x86_64
QEMU_MACHINE := -m 128M
# command:Debian-package pairs that this architecture needs (tools/deps.sh)
ARCH_DEPS := gcc:gcc ld:binutils qemu-system-x86_64:qemu-system-x86
GRUB_BOOT_CMD := multiboot
# The isa-debug-exit device: tests leave QEMU with a status (power.c).
QEMU_DEVICES := -device isa-debug-exit,iobase=0xf4,iosize=0x04
# QEMU exit statuses: test pass, test fail, panic, and a triple fault (reset).
EXIT_CODES := pass=33 fail=35 panic=37 reset=0
# Debian's stock U-Boot for this machine (u-boot-qemu; make run-uboot).
UBOOT_ROM := /usr/lib/u-boot/qemu-x86_64/u-boot.rom
# make gdb: the host's own gdb debugs i386 and x86-64 code.
GDB       := gdb
GDB_DEPS  := gdb:gdb
# In-kernel tests of this port alone (tests/kernel/*.c run on every port).
KTEST_DIRS := tests/kernel/x86_common tests/kernel/x86_64
