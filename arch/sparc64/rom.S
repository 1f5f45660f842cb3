/*
 * Sonde's firmware on QEMU's sun4u, in OpenBIOS's place: the -bios
 * image (linker/sparc64-rom.ld), not part of the kernel.
 *
 * QEMU maps this ROM at physical 0x1fff0000000 and resets the CPU into
 * its RED-state trap table: the first time to ROM + 0x20, the
 * power-on reset entry, every later time (arch_reboot) to ROM + 0x40;
 * TL = MAXTL, RED state, MMU off.  It has already loaded the kernel
 * (-kernel, again at every reset) at its physical address, 0x404000
 * (linker/sparc64.ld), and put the command line and the RAM size in
 * fw_cfg.  So there is nothing to do but jump there: the kernel's
 * _start (entry.S) takes the machine as the reset left it.
 */
	.macro TO_KERNEL
	sethi %hi(0x404000), %o0
	jmp %o0
	 nop
	.endm

	.text
	.org 0x20                  /* trap type 1: power-on reset */
	TO_KERNEL
	.org 0x40                  /* trap type 2: watchdog reset */
	TO_KERNEL
