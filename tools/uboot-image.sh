#!/bin/bash
# Build a disk image that Debian's stock U-Boot for QEMU boots Sonde from.
#
#   tools/uboot-image.sh ARCH KERNEL_ELF OUT_IMG
#
# The command line comes from the environment variable SONDE_CMDLINE
# (empty if unset) and is copied byte for byte: no quoting rules apply.
#
# The image is an MBR disk with one FAT partition (from 1 MiB on, marked
# bootable) holding
#   boot.scr.uimg   boot/uboot.cmd wrapped by `mkimage -T script`, which
#                   U-Boot's distro boot finds and runs
#   sonde.elf       the kernel, which the script starts with bootelf
#   sonde.arg       "SONDEARG", the command line and a NUL: the script
#                   loads it where the kernel looks for it (boot/uboot.h)
# It is built as a plain file with mtools: no root, no loop devices.
# Boot it with
#   qemu-system-x86_64 -m 256M -bios /usr/lib/u-boot/qemu-x86_64/u-boot.rom \
#       -serial stdio -drive file=OUT_IMG,format=raw,if=virtio
set -eu

if [ $# -ne 3 ]; then
	echo "usage: SONDE_CMDLINE=\"...\" $0 ARCH KERNEL_ELF OUT_IMG" >&2
	exit 2
fi
arch=$1
kernel=$2
out=$3
cmdline=${SONDE_CMDLINE-}
top=$(cd "$(dirname "$0")/.." && pwd)
script=$top/boot/uboot.cmd

case "$arch" in
x86|x86_64) ;;
*) echo "uboot-image: ARCH '$arch' has no U-Boot boot path (Debian's u-boot-qemu has ROMs for QEMU's x86 machines only)" >&2
   exit 2 ;;
esac
[ -f "$kernel" ] || { echo "uboot-image: no kernel at $kernel (run make ARCH=$arch first)" >&2; exit 1; }
for tool in mkimage:u-boot-tools mformat:mtools mcopy:mtools; do
	command -v "${tool%%:*}" >/dev/null 2>&1 ||
		{ echo "uboot-image: ${tool%%:*} missing (apt-get install ${tool##*:})" >&2; exit 1; }
done
# The kernel copies at most BOOT_CMDLINE_MAX - 1 = 1023 bytes (arch.h),
# and a NUL would end the command line early.
if [ ${#cmdline} -gt 1023 ]; then
	echo "uboot-image: the command line is ${#cmdline} bytes; at most 1023 fit" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sonde-uboot.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The three files.  mkimage's log (the image header it made) is kept
# only for an error message.
mkimage -A x86 -O linux -T script -C none -n "Sonde boot script" \
	-d "$script" "$work/boot.scr.uimg" >"$work/mkimage.log" 2>&1 ||
	{ cat "$work/mkimage.log" >&2; echo "uboot-image: mkimage failed" >&2; exit 1; }
printf 'SONDEARG%s\0' "$cmdline" > "$work/sonde.arg"

# Disk layout, in 512-byte sectors: the MBR, a gap to 1 MiB (the usual
# alignment), then the FAT partition to the end of the disk.  The size
# leaves room for a kernel of several MiB.
disk_sectors=16384                  # 8 MiB
part_start=2048
part_sectors=$((disk_sectors - part_start))

# A little-endian 32-bit number as printf escapes.
le32() {
	printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

img=$work/disk.img
truncate -s $((disk_sectors * 512)) "$img"
# The partition table: one entry at offset 446 -- bootable (0x80), CHS
# fields unused (0xfe 0xff 0xff, "use the LBA fields"), type 0x0e (FAT16,
# LBA), first sector, number of sectors -- and the signature 55 aa.
{
	printf '\200\376\377\377\016\376\377\377'
	printf "$(le32 $part_start)$(le32 $part_sectors)"
} | dd of="$img" bs=1 seek=446 conv=notrunc status=none
printf '\125\252' | dd of="$img" bs=1 seek=510 conv=notrunc status=none

# The file system, inside the partition (mtools' "image@@offset"):
# -T its size in sectors, -H the sectors before it (recorded in the boot
# sector), -c 1 one sector per cluster: 14336 clusters make it FAT16.
export MTOOLS_SKIP_CHECK=1
fs="$img@@$((part_start * 512))"
mformat -i "$fs" -T $part_sectors -H $part_start -h 16 -s 63 -c 1 -v SONDE ::
mcopy -i "$fs" "$work/boot.scr.uimg" ::/boot.scr.uimg
mcopy -i "$fs" "$kernel" ::/sonde.elf
mcopy -i "$fs" "$work/sonde.arg" ::/sonde.arg

mkdir -p "$(dirname "$out")"
mv "$img" "$out"
printf 'built %s (%s bytes; %s, boot args: "%s")\n' "$out" "$(stat -c %s "$out")" "$arch" "$cmdline"
