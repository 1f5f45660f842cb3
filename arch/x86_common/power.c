/*
 * Power-off and reboot on QEMU's PC machine.
 *
 * A clean power-off uses ACPI: SeaBIOS puts the PIIX4 power-management
 * block at I/O port 0x600, and setting SLP_EN in its PM1a control
 * register (0x604) turns the machine off, so QEMU exits with status 0.
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

#define ACPI_PM1A_CNT   0x604
#define ACPI_SLP_EN     0x2000
#define DEBUG_EXIT_PORT 0xf4

__kprobes void arch_poweroff(enum poweroff_status status)
{
	arch_irq_disable();
	if (status == POWEROFF_CLEAN) {
		outw(ACPI_PM1A_CNT, ACPI_SLP_EN);
		/* QEMU acts on this asynchronously, from its main loop: wait
		 * for it here rather than racing on to the exit device. */
		for (;;)
			__asm__ volatile("hlt");
	}
	outl(DEBUG_EXIT_PORT, 0x10 + status - 1);   /* see the table above */
	for (;;)                  /* not under QEMU: just stop */
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
