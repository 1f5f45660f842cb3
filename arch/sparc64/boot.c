/*
 * sparc64 boot: what entry.S calls, on our stack, with the MMU on.
 * There is no firmware to ask (rom.S only jumps to us): QEMU's fw_cfg
 * device holds what struct boot_info needs, the -append command line
 * and the RAM size.  It sits at I/O port 0x510 of the ebus, which the
 * PCI bridge in front of it forwards from reset on (ports below
 * 0x1000, for the early console); power_init() opens the rest.
 */
#include <sonde/arch.h>
#include "sparc64.h"

#define FW_CFG_SELECT       0x1fe02000510ul  /* 16 bits, little-endian */
#define FW_CFG_DATA         0x1fe02000511ul  /* the item, byte by byte */
#define FW_CFG_RAM_SIZE     0x03             /* 64 bits, little-endian */
#define FW_CFG_CMDLINE_DATA 0x15             /* the string and its NUL */

/* Select fw_cfg item key and read its first len bytes (0 past its end). */
static void fw_cfg_read(unsigned int key, uint8_t *buf, unsigned int len)
{
	__asm__ volatile("stha %0, [%1] %2" : : "r"(key), "r"(FW_CFG_SELECT),
			 "i"(ASI_PHYS_E_L) : "memory");
	for (unsigned int i = 0; i < len; i++)
		buf[i] = phys_read8(FW_CFG_DATA);
}

/*
 * The RAM starts at physical 0, and we are loaded in it.  We can use
 * only what the locked kernel window maps: from the end of the image
 * to the window's end, or to the end of the RAM if that comes first.
 */
static void find_ram(struct boot_info *bi)
{
	unsigned long ram = 0, lo = VIRT_TO_PHYS(_kernel_end);
	unsigned long hi = KERNEL_PHYS + LOCKED_PAGES * (unsigned long)PAGE_4M;
	uint8_t b[8];

	fw_cfg_read(FW_CFG_RAM_SIZE, b, sizeof(b));
	for (int i = 7; i >= 0; i--)
		ram = ram << 8 | b[i];
	if (ram > lo && ram < hi)
		hi = ram;
	bi->nr_ram = 1;
	bi->ram[0].base = (unsigned long)_kernel_end;
	bi->ram[0].size = hi - lo;
}

__noreturn void sparc64_boot(void)
{
	static struct boot_info bi;

	arch_console_init();
	fw_cfg_read(FW_CFG_CMDLINE_DATA, (uint8_t *)bi.cmdline, sizeof(bi.cmdline) - 1);
	find_ram(&bi);
	power_init();
	bi.loader = "QEMU sun4u, no firmware";
	kmain(&bi);
}
