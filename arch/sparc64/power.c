/*
 * Power-off and the failure exit.
 *
 * A clean power-off (and "every test passed") writes the ebus power
 * register: QEMU exits with status 0.  sun4u has no isa-debug-exit, so
 * a failure or a panic writes 1 (PVPANIC_PANICKED) to the pvpanic PCI
 * device that build.mk adds; with -action panic=exit-failure QEMU exits
 * with status 1.  OpenBIOS has assigned the device's BAR; power_init()
 * reads it from PCI configuration space (little-endian) at boot.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "sparc64.h"

#define POWER_REG     0x1fe02007240ul
#define POWER_OFF     0x01000000u
#define PCI_CONFIG    0x1fe01000000ul
#define PCI_MEM       0x1ff00000000ul
/* pvpanic on bus B (build.mk's bus=pciB), device 0: its BAR 0. */
#define PVPANIC_BAR0  (PCI_CONFIG + (2ul << 16) + 0x10)
#define PVPANIC_ID    (PCI_CONFIG + (2ul << 16))
#define PVPANIC_VENDOR_DEVICE 0x00111b36u   /* Red Hat, pvpanic-pci */

static unsigned long pvpanic;      /* its physical address, or 0 */

static uint32_t config_read32(unsigned long pa)
{
	uint32_t v;
	__asm__ volatile("lduwa [%1] %2, %0" : "=r"(v) : "r"(pa), "i"(ASI_PHYS_E_L));
	return v;
}

void power_init(void)
{
	if (config_read32(PVPANIC_ID) == PVPANIC_VENDOR_DEVICE)
		pvpanic = PCI_MEM + (config_read32(PVPANIC_BAR0) & ~1ul);   /* as OpenBIOS set it */
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

/* No reset register we know of: power off cleanly instead. */
void arch_reboot(void)
{
	arch_poweroff(POWEROFF_CLEAN);
}
NOKRETPROBE(arch_poweroff);
NOKRETPROBE(arch_reboot);
