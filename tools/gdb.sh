#!/bin/bash
# Boot Sonde halted at the first instruction, with QEMU's GDB stub
# listening, and tell the user how to attach GDB.
#
#   QEMU_CMD="qemu-system-x86_64 ... -kernel build/x86_64/sonde.elf" \
#   CMDLINE="hz=250" GDB=gdb tools/gdb.sh [--check] ARCH KERNEL_ELF BUILD_DIR
#
# QEMU_CMD is the whole QEMU command except -append (make gdb builds it);
# GDB is the debugger that knows ARCH (arch/*/build.mk: gdb-multiarch
# for ppc64, whose code Debian's plain gdb cannot read).
# This writes BUILD_DIR/gdbinit, which loads the kernel's symbols and
# connects to QEMU, then runs QEMU in this terminal (the serial console
# stays here; GDB goes in a second terminal).
#
# --check (make gdb-check) proves that it all works: QEMU runs in the
# background, GDB attaches in batch mode with the same gdbinit, stops at
# kmain and prints a backtrace; the check passes if that backtrace
# starts in kmain.
set -eu

check=no
if [ "${1:-}" = --check ]; then
	check=yes
	shift
fi
if [ $# -ne 3 ]; then
	echo "usage: QEMU_CMD=... CMDLINE=... GDB=... $0 [--check] ARCH KERNEL_ELF BUILD_DIR" >&2
	exit 2
fi
arch=$1
kernel=$2
build=$3
cmdline=${CMDLINE:-}
gdb=${GDB:-gdb}
: "${QEMU_CMD:?set QEMU_CMD to the QEMU command line (without -append)}"

[ -f "$kernel" ] || { echo "gdb.sh: no kernel at $kernel (run make first)" >&2; exit 1; }
mkdir -p "$build"

# Pick a free TCP port on the loopback interface: bind port 0 and let
# the OS choose.  We must close the socket before QEMU can take the port,
# so another program could grab it in between; that is unlikely, and
# QEMU then fails loudly ("Failed to bind socket"), so just run it again.
# A fixed port (QEMU's usual 1234) would clash when two people, or two
# checkouts, debug on one machine.
port=$(python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
')

# The gdbinit file.  An absolute kernel path, so GDB finds the symbols
# whatever directory it is started from.
gdbinit=$build/gdbinit
abs_kernel=$(cd "$(dirname "$kernel")" && pwd)/$(basename "$kernel")
{
	echo "# Written by tools/gdb.sh for ARCH=$arch; QEMU listens on port $port."
	echo "# Regenerated (with a new port) every time you run make gdb."
	echo "file $abs_kernel"
	if [ "$arch" = x86_64 ]; then
		# GDB would pick this by itself (from the ELF64 file and from
		# QEMU's register description, which is 64-bit even while the
		# CPU is still in real or 32-bit mode); saying it makes the
		# choice visible.  The 32-bit boot code (entry32) is therefore
		# disassembled as 64-bit code; "set architecture i386" before
		# x/i shows it correctly (GDB warns, but does it).
		echo "set architecture i386:x86-64"
	fi
	echo "target remote 127.0.0.1:$port"
} > "$gdbinit"

if [ "$check" = yes ]; then
	# QEMU in the background; GDB stops it ("kill") when it is done, and
	# the trap makes sure of it if GDB fails.
	# shellcheck disable=SC2086
	$QEMU_CMD -gdb "tcp:127.0.0.1:$port" -S -append "$cmdline" </dev/null &
	qemu=$!
	trap 'kill "$qemu" 2>/dev/null || true' EXIT
	# GDB may try to connect before QEMU listens; it retries for 15 s
	# ("set tcp auto-retry", on by default).
	out=$(timeout 60 "$gdb" -nx -batch -x "$gdbinit" -ex "break kmain" -ex continue \
		-ex bt -ex kill 2>&1) || true
	printf '%s\n' "$out"
	if printf '%s\n' "$out" | grep -q '^#0 .*kmain'; then
		echo "gdb-check: $gdb stopped $arch at kmain and printed a backtrace"
		exit 0
	fi
	echo "gdb-check: FAILED: no backtrace starting in kmain from $gdb on $arch" >&2
	exit 1
fi

cat <<MSG
QEMU is starting halted at its first instruction (the firmware's: on x86
the BIOS reset vector), with a GDB stub on 127.0.0.1:$port.  In another terminal, in this directory:

    $gdb -x $gdbinit

then, at the (gdb) prompt, for example:

    break kmain
    continue

The serial console stays in this terminal.  Quit QEMU with Ctrl-A x
(or 'kill' in GDB, or 'poweroff' at the sonde> prompt).
MSG

# -S: do not start the CPU until GDB says "continue".
# -gdb tcp:127.0.0.1:PORT: listen on loopback only, not on the network.
# QEMU_CMD is split into words on purpose (it is a command line).
# shellcheck disable=SC2086
exec $QEMU_CMD -gdb "tcp:127.0.0.1:$port" -S -append "$cmdline"
