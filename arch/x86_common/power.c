/*
 * Power-off and reboot on QEMU's PC machine, shared by the i386 and
 * x86_64 ports.
 *
 * A clean power-off uses ACPI: setting SLP_EN in the PM1a control
 * register, at offset 4 in the PIIX4 chipset's power-management I/O
 * block, turns the machine off, so QEMU exits with status 0.  Where
 * that block is depends on the firmware, which programs its base into
 * the PIIX4's PCI configuration (PMBA): SeaBIOS puts it at 0x600,
 * U-Boot elsewhere.  So we read PMBA back, and use 0x600 only if the
 * chipset is not there.
 *
 * Test results need exit statuses QEMU cannot produce otherwise, so
 * they go through the isa-debug-exit device (port 0xf4) that the
 * harness adds: writing v makes QEMU exit with status (v << 1) | 1.
 *   test pass  0x10 -> 33      test fail 0x11 -> 35      panic 0x12 -> 37
 * A triple fault (QEMU with -no-reboot) exits with 0, which the harness
 * therefore counts as a failure.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "io.h"

#define ACPI_PM_BASE_SEABIOS 0x600
#define ACPI_PM1A_CNT        4        /* offset in the PM block */
#define ACPI_SLP_EN          0x2000
#define DEBUG_EXIT_PORT      0xf4

/* PCI configuration mechanism 1: address to 0xcf8, data at 0xcfc. */
#define PCI_CONFIG_ADDRESS   0xcf8
#define PCI_CONFIG_DATA      0xcfc
#define PIIX4_PM_DEVFN       ((1 << 3) | 3)    /* bus 0, device 1, function 3 */
#define PIIX4_PM_ID          0x71138086        /* device 7113, vendor Intel */
#define PIIX4_PMBA           0x40              /* PM base address, bit 0 set */
#define PIIX4_PMREGMISC      0x80              /* bit 0: PM I/O space enabled */

static __kprobes uint32_t pci_config_read(unsigned devfn, unsigned reg)
{
	outl(PCI_CONFIG_ADDRESS, 0x80000000u | devfn << 8 | (reg & 0xfc));
	return inl(PCI_CONFIG_DATA);
}

static __kprobes uint16_t acpi_pm_base(void)
{
	if (pci_config_read(PIIX4_PM_DEVFN, 0) != PIIX4_PM_ID ||
	    !(pci_config_read(PIIX4_PM_DEVFN, PIIX4_PMREGMISC) & 1))
		return ACPI_PM_BASE_SEABIOS;
	return pci_config_read(PIIX4_PM_DEVFN, PIIX4_PMBA) & 0xffc0;
}

__kprobes void arch_poweroff(enum poweroff_status status)
{
	arch_irq_disable();
	if (status == POWEROFF_CLEAN)
		outw(acpi_pm_base() + ACPI_PM1A_CNT, ACPI_SLP_EN);
	else
		outl(DEBUG_EXIT_PORT, 0x10 + status - 1);   /* see the table above */
	/* The ACPI write takes effect later, from QEMU's main loop: wait
	 * here (the exit device's at once; not under QEMU, we just stop). */
	for (;;)
		__asm__ volatile("hlt");
}

void arch_reboot(void)
{
	static const struct { uint16_t limit; uintptr_t base; } __attribute__((packed)) no_idt;

	arch_irq_disable();
	outb(0x64, 0xfe);         /* keyboard controller: pulse the reset line */
	/* If that did not work, a triple fault resets the CPU. */
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
	for (;;)
		;
}
NOKRETPROBE(arch_poweroff);
NOKRETPROBE(arch_reboot);
