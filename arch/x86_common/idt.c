/*
 * The Interrupt Descriptor Table, shared by the i386 and x86_64 ports:
 * one gate per vector, each pointing at a 16-byte entry stub (see
 * trap_stubs.S).  All gates are interrupt gates, so the CPU clears IF on
 * entry: a probe hit or single-step trap must not be interrupted by the
 * timer.
 *
 * The gate format is the one real difference between the two modes:
 * 8 bytes in 32-bit mode, 16 bytes (with a 64-bit offset) in long mode.
 */
#include <sonde/types.h>
#include "gdt.h"
#include "idt.h"

#define GATE_INTERRUPT 0x8e   /* present, ring 0, 32/64-bit interrupt gate */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
#ifdef __x86_64__
	uint32_t offset_high;
	uint32_t reserved;
#endif
} __attribute__((packed));

#ifdef __x86_64__
_Static_assert(sizeof(struct idt_gate) == 16, "long-mode IDT gates are 16 bytes");
#else
_Static_assert(sizeof(struct idt_gate) == 8, "32-bit IDT gates are 8 bytes");
#endif

static struct idt_gate idt[X86_NR_VECTORS] __attribute__((aligned(16)));

void idt_init(void)
{
	struct {
		uint16_t limit;
		uintptr_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (int v = 0; v < X86_NR_VECTORS; v++) {
		uintptr_t stub = (uintptr_t)x86_trap_stubs + 16 * v;

		idt[v].offset_low = (uint16_t)stub;
		idt[v].selector = X86_KERNEL_CS;
		idt[v].ist = 0;
		idt[v].type = GATE_INTERRUPT;
		idt[v].offset_mid = (uint16_t)(stub >> 16);
#ifdef __x86_64__
		idt[v].offset_high = (uint32_t)(stub >> 32);
		idt[v].reserved = 0;
#endif
	}
	__asm__ volatile("lidt %0" : : "m"(idtr));
}
