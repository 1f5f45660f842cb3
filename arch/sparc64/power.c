/*
 * Power-off, reboot and the failure exit.
 *
 * poweroff (and "every test passed") writes the ebus power register:
 * QEMU exits with status 0.  sun4u has no isa-debug-exit, so a failure
 * or a panic writes 1 (PVPANIC_PANICKED) to the pvpanic PCI device of
 * build.mk; -action panic=exit-failure makes that status 1.  Both sit
 * behind the host bridge's two Simba PCI-PCI bridges, closed at reset
 * but for bridge A's I/O ports below 0x1000.  So power_init() does
 * what OpenBIOS did: bridge A's I/O window up to 0x7fff (the power
 * register is port 0x7240), bridge B's bus number (for configuration
 * cycles to pvpanic), and pvpanic's BAR inside bridge B's memory
 * window (0 to 1 MiB from reset).  Configuration space is little-endian.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "sparc64.h"

#define POWER_REG     0x1fe02007240ul
#define POWER_OFF     0x01000000u
#define RESET_CONTROL 0x1fe0000f024ul
#define SOFT_POR      0x40000000u
#define PCI_CONFIG    0x1fe01000000ul   /* + bus << 16 | dev << 11 | fn << 8 */
#define PCI_MEM       0x1ff00000000ul
#define BRIDGE_B      (PCI_CONFIG + (1ul << 11))             /* bus 0, 1.0 */
#define BRIDGE_A      (PCI_CONFIG + (1ul << 11) + (1ul << 8)) /* bus 0, 1.1 */
#define PVPANIC       (PCI_CONFIG + (2ul << 16))   /* bus=pciB (build.mk): bus 2, device 0 */
#define PVPANIC_VENDOR_DEVICE 0x00111b36u   /* Red Hat, pvpanic-pci */
#define PVPANIC_BAR   0x10000u              /* where we put it in PCI memory */
#define PCI_COMMAND   0x04                  /* ... and its bits: */
#define CMD_MEMORY    0x2
#define PCI_BAR0      0x10
#define PCI_BUSES     0x18   /* bridges: primary, secondary, subordinate */
#define PCI_IO_WINDOW 0x1c   /* bridges: I/O base, limit (bits 15:12) */

static unsigned long pvpanic;      /* its physical address, or 0 */

static uint32_t config_read32(unsigned long pa)
{
	uint32_t v;
	__asm__ volatile("lduwa [%1] %2, %0" : "=r"(v) : "r"(pa), "i"(ASI_PHYS_E_L));
	return v;
}

static void config_write32(unsigned long pa, uint32_t v)
{
	__asm__ volatile("stwa %0, [%1] %2" : : "r"(v), "r"(pa), "i"(ASI_PHYS_E_L) : "memory");
}

void power_init(void)
{
	config_write32(BRIDGE_A + PCI_IO_WINDOW, 0x7000);      /* base 0, limit 0x7fff */
	config_write32(BRIDGE_B + PCI_BUSES, 2 << 16 | 2 << 8); /* bus 2 behind it */
	config_write32(BRIDGE_B + PCI_COMMAND, CMD_MEMORY);
	if (config_read32(PVPANIC) != PVPANIC_VENDOR_DEVICE)
		return;
	config_write32(PVPANIC + PCI_BAR0, PVPANIC_BAR);
	config_write32(PVPANIC + PCI_COMMAND, CMD_MEMORY);
	pvpanic = PCI_MEM + PVPANIC_BAR;
}

__kprobes void arch_poweroff(enum poweroff_status status)
{
	arch_irq_disable();
	if (status == POWEROFF_CLEAN || status == POWEROFF_TEST_PASS)
		__asm__ volatile("stwa %0, [%1] %2" : : "r"(POWER_OFF), "r"(POWER_REG),
				 "i"(ASI_PHYS_E) : "memory");
	else if (pvpanic)
		phys_write8(pvpanic, 1);
	/* Both take effect a little later.  Without pvpanic a failure
	 * must not look like a pass: stop, and let the harness time out. */
	for (;;)
		;
}

/* The host bridge's reset control register: a software power-on reset,
 * back to rom.S (with -no-reboot, QEMU exits with status 0 instead). */
void arch_reboot(void)
{
	arch_irq_disable();
	__asm__ volatile("stwa %0, [%1] %2" : : "r"(SOFT_POR), "r"(RESET_CONTROL),
			 "i"(ASI_PHYS_E) : "memory");
	for (;;)
		;
}
NOKRETPROBE(arch_poweroff);
NOKRETPROBE(arch_reboot);
