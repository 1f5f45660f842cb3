# U-Boot boot script for Sonde (x86 and x86_64), run by the stock
# Debian U-Boot ROMs through their "distro boot": U-Boot scans its disks
# for a partition holding boot.scr.uimg, loads it to ${scriptaddr} and
# runs it, with ${devtype} ${devnum}:${distro_bootpart} naming that
# partition.  tools/uboot-image.sh wraps this file with
# `mkimage -T script` and puts it on the disk image's FAT partition.
#
# U-Boot's bootelf hands the kernel no boot information at all, so the
# kernel's arguments travel in a file: sonde.arg holds the magic
# "SONDEARG" and the command line, NUL-terminated, and is loaded at
# 0x1000000 (16 MiB, U-Boot's ${kernel_addr_r}: nothing of U-Boot's
# lives there), where the kernel looks for it (boot/uboot.h).  The
# magic is cleared first, so a failed load cannot leave an old one.
echo "Sonde: booting /sonde.elf from ${devtype} ${devnum}:${distro_bootpart}"
mw.l 0x1000000 0 4
if load ${devtype} ${devnum}:${distro_bootpart} 0x1000000 /sonde.arg; then
	if load ${devtype} ${devnum}:${distro_bootpart} 0x2000000 /sonde.elf; then
		# bootelf returns without jumping unless autostart is "yes";
		# -p loads by program headers (the kernel's one PT_LOAD).
		setenv autostart yes
		bootelf -p 0x2000000
	fi
fi
echo "Sonde: could not load /sonde.arg and /sonde.elf"
