/*
 * sparc64 boot: what entry.S calls, on our stack, with the client
 * interface.  We ask OpenBIOS for what struct boot_info needs --
 * /chosen bootargs, /memory reg -- find the pvpanic device, then take
 * the machine over (entry.S) and never call the firmware again.
 */
#include <sonde/arch.h>
#include "sparc64.h"

/*
 * The root has #address-cells = #size-cells = 2, so /memory reg is
 * { base, size } pairs of 64 bits; the first is the RAM at 0 that we
 * are loaded in.  We can use only what the locked kernel window maps:
 * from the end of the image to its end, where that is RAM.
 */
static void find_ram(struct boot_info *bi)
{
	unsigned long reg[2], lo = VIRT_TO_PHYS(_kernel_end);
	unsigned long hi = KERNEL_PHYS + LOCKED_PAGES * (unsigned long)PAGE_4M;

	if (of_getprop("/memory", "reg", reg, sizeof(reg)) == sizeof(reg) &&
	    reg[0] <= lo && reg[0] + reg[1] < hi)
		hi = reg[0] + reg[1];
	bi->nr_ram = 1;
	bi->ram[0].base = (unsigned long)_kernel_end;
	bi->ram[0].size = hi - lo;
}

__noreturn void sparc64_boot(unsigned long cif)
{
	static struct boot_info bi;
	int n;

	of_init(cif);
	arch_console_init();
	n = of_getprop("/chosen", "bootargs", bi.cmdline, sizeof(bi.cmdline) - 1);
	bi.cmdline[n > 0 ? n : 0] = '\0';
	find_ram(&bi);
	power_init();
	bi.loader = "OpenBIOS, QEMU sun4u";
	sparc64_takeover();
	kmain(&bi);
}
