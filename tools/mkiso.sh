#!/bin/bash
# Build a bootable GRUB (BIOS) rescue ISO around a Sonde kernel.
#
#   tools/mkiso.sh ARCH KERNEL_ELF OUT_ISO "CMDLINE"
#
# The ISO holds GRUB, /boot/grub/grub.cfg (made from boot/grub.cfg.in)
# and the kernel as /boot/sonde.elf.  GRUB talks over the serial port and
# boots the kernel at once with the multiboot (v1) command, passing
# CMDLINE as the kernel's boot arguments.  Boot it with
#   qemu-system-x86_64 ... -serial stdio -cdrom OUT_ISO -boot d
#
# Both ports use multiboot v1: the i386 kernel is an ELF32 file that GRUB
# loads from its program headers; the x86_64 kernel is an ELF64 file with
# the multiboot "a.out kludge" flag set, so GRUB ignores the ELF headers
# and copies the file to the addresses given in the multiboot header.
# The environment variable GRUB_BOOT_CMD overrides the loader command
# ("multiboot"); arch/*/build.mk defines a make variable of that name.
set -eu

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: $0 ARCH KERNEL_ELF OUT_ISO [\"CMDLINE\"]" >&2
	exit 2
fi
arch=$1
kernel=$2
out=$3
cmdline=${4:-}
boot_cmd=${GRUB_BOOT_CMD:-multiboot}

# The template is boot/grub.cfg.in in the repository this script is in.
top=$(cd "$(dirname "$0")/.." && pwd)
template=$top/boot/grub.cfg.in

case "$arch" in
x86|x86_64) ;;
*) echo "mkiso: ARCH '$arch' has no GRUB (BIOS) boot path" >&2; exit 2 ;;
esac
[ -f "$kernel" ] || { echo "mkiso: no kernel at $kernel (run make first)" >&2; exit 1; }
[ -f "$template" ] || { echo "mkiso: missing $template" >&2; exit 1; }
# grub-mkrescue needs the BIOS GRUB modules from grub-pc-bin; without
# them it would quietly build an EFI-only (or no) image.
[ -d /usr/lib/grub/i386-pc ] || { echo "mkiso: /usr/lib/grub/i386-pc missing (apt-get install grub-pc-bin)" >&2; exit 1; }

# GRUB reads the menu entry like a shell: a quote, '$', ';' or a
# backslash in CMDLINE would be interpreted by GRUB, not passed through.
case "$cmdline" in
*[\"\'\$\;\\{}]*)
	echo "mkiso: CMDLINE may not contain quotes, \$, ;, {, } or \\ (GRUB would interpret them)" >&2
	exit 2 ;;
esac

# Lay out the ISO's files in a scratch directory, removed on exit.
# $work/iso becomes the ISO's root; grub-mkrescue's log goes beside it,
# not inside it (xorriso would be reading the log while it grows).
work=$(mktemp -d "${TMPDIR:-/tmp}/sonde-iso.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/iso
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/sonde.elf"

# Fill in the template.  Bash's ${var//pattern/text} replaces literally,
# so CMDLINE needs no escaping here (sed would treat & and / specially).
while IFS= read -r line || [ -n "$line" ]; do
	line=${line//@BOOT_CMD@/$boot_cmd}
	line=${line//@CMDLINE@/$cmdline}
	printf '%s\n' "$line"
done < "$template" > "$stage/boot/grub/grub.cfg"

# Keep the ISO small (the default is ~9.5 MB; this is ~0.85 MB, a third of it the kernel):
#  --compress=xz                   compress the GRUB files in the image
#  --locales= --fonts= --themes=   no translations, fonts or themes
#                                  (we only ever talk over serial)
#  --install-modules=...           copy only the modules grub.cfg uses
#      (and what they depend on, which grub-mkrescue adds itself):
#      multiboot         the loader command
#      normal            reads grub.cfg and runs the menu entry
#      serial, terminal  the serial / terminal_input / terminal_output
#                        commands; without them GRUB's own messages and
#                        errors would go to the (absent) screen
#    iso9660 and biosdisk, which read the CD, are already built into the
#    El Torito boot image, and "normal" reads grub.cfg without the
#    configfile module.  Tried and booted on both ports.
#  -d /usr/lib/grub/i386-pc        build for BIOS only (not EFI), even if
#                                  EFI GRUB packages happen to be installed
mkdir -p "$(dirname "$out")"
log=$work/grub-mkrescue.log
if ! grub-mkrescue -d /usr/lib/grub/i386-pc -o "$out" \
	--compress=xz --locales= --fonts= --themes= \
	--install-modules="multiboot normal serial terminal" \
	"$stage" >"$log" 2>&1; then
	cat "$log" >&2
	echo "mkiso: grub-mkrescue failed" >&2
	exit 1
fi

echo "built $out ($(stat -c %s "$out") bytes; $arch, boot args: \"$cmdline\")"
