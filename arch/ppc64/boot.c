/*
 * ppc64 boot: what entry.S calls, in 64-bit real mode, with the Open
 * Firmware client-interface entry.  We ask the firmware (VOF or SLOF,
 * of.c) for what struct boot_info needs -- /chosen bootargs, /memory@0
 * reg -- and for the RTAS tokens we power off with (rtas.c), then never
 * call it again: arch_trap_init() overwrites its exception vectors.
 */
#include <sonde/arch.h>
#include "ppc64.h"

/* If the device tree says nothing about memory: build.mk's -m 256M. */
#define FALLBACK_RAM (256ul << 20)

/*
 * The pseries device tree has #address-cells = 2 and #size-cells = 2 at
 * its root, so /memory@0 reg is { base, size } in 64-bit pairs; its
 * first range is the RAM we boot in (all of it, with the small -m sizes
 * we use).
 */
__noreturn void ppc64_boot(unsigned long of_client_entry)
{
	static struct boot_info bi;
	static char path_buf[32];
	uint64_t reg[2];
	int n;

	of_init(of_client_entry);
	arch_console_init();

	n = of_getprop("/chosen", "bootargs", bi.cmdline, sizeof(bi.cmdline) - 1);
	bi.cmdline[n > 0 ? n : 0] = '\0';

	bi.nr_ram = 1;
	bi.ram[0].base = 0;
	bi.ram[0].size = FALLBACK_RAM;
	if (of_getprop("/memory@0", "reg", reg, sizeof(reg)) == sizeof(reg))
		bi.ram[0] = (struct mem_region){ reg[0], reg[1] };

	rtas_init();

	/* SLOF names itself in /openprom; VOF has no such node. */
	n = of_getprop("/openprom", "model", path_buf, sizeof(path_buf) - 1);
	path_buf[n > 0 ? n : 0] = '\0';
	bi.loader = n > 0 ? "Open Firmware (SLOF), QEMU pseries" : "VOF, QEMU pseries";
	kmain(&bi);
}
