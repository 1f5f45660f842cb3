# Build settings both x86 ports share, included by arch/x86/build.mk and
# arch/x86_64/build.mk (each port's own file says what differs).
CC        := gcc
LD        := ld
NM        := nm
LDFLAGS_ARCH := -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments
# The shared C and assembly, after each port's own files (link order).
X86_COMMON_SRCS := \
             arch/x86_common/idt.c arch/x86_common/pic.c arch/x86_common/pit.c \
             arch/x86_common/power.c arch/x86_common/trap.c arch/x86_common/uart16550.c \
             arch/x86_common/insn.c arch/x86_common/kprobes.c arch/x86_common/kprobes_opt.c \
             arch/x86_common/regs.c arch/x86_common/start.c \
             arch/x86_common/fw_cfg.c \
             boot/multiboot.c boot/multiboot_header.S boot/uboot.c
QEMU_MACHINE := -m 128M
GRUB_BOOT_CMD := multiboot
# The isa-debug-exit device: tests leave QEMU with a status (power.c).
QEMU_DEVICES := -device isa-debug-exit,iobase=0xf4,iosize=0x04
# QEMU exit statuses: test pass, test fail, panic, and a triple fault (reset).
EXIT_CODES := pass=33 fail=35 panic=37 reset=0
# make gdb: the host's own gdb debugs i386 and x86-64 code.
GDB       := gdb
GDB_DEPS  := gdb:gdb
