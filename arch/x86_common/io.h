/*
 * Port I/O and other small x86 instructions, shared by the i386 and
 * x86_64 ports.  Private to arch/x86*: generic code never includes it.
 */
#ifndef X86_IO_H
#define X86_IO_H

#include <sonde/types.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* The interrupt flag, bit 9 of (E/R)FLAGS. */
#define X86_FLAGS_IF 0x200
/* The trap flag: single-step after the next instruction. */
#define X86_FLAGS_TF 0x100

/* IDT vectors: the 32 exceptions, then the 16 PIC interrupts. */
#define X86_VEC_DEBUG      1
#define X86_VEC_BREAKPOINT 3
#define X86_VEC_IRQ0       32
#define X86_NR_VECTORS     48

#include "gdt.h"       /* X86_KERNEL_CS, X86_KERNEL_DS */

/* In x86_common/pic.c */
void pic_init(void);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
bool pic_is_spurious(unsigned irq);

/* In x86_common/idt.c: fill and load the IDT from the entry stubs. */
void idt_init(void);

/* In each port: where the 48 trap entry stubs start (16 bytes each). */
extern char x86_trap_stubs[];

#endif
