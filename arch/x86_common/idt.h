/*
 * The interrupt vectors and the table that routes them, shared by the
 * i386 and x86_64 ports (idt.c, trap_stubs.S).
 */
#ifndef X86_IDT_H
#define X86_IDT_H

/* IDT vectors: the 32 exceptions, then the 16 PIC interrupts. */
#define X86_VEC_DEBUG      1
#define X86_VEC_BREAKPOINT 3
#define X86_VEC_IRQ0       32
#define X86_VEC_DETOUR     256   /* no vector: a detour's C way (kprobes_opt.c) */
#define X86_NR_VECTORS     48

/* Fill and load the IDT: vector n enters the n-th entry stub. */
void idt_init(void);

/* Where the 48 trap entry stubs start, 16 bytes each (trap_stubs.S). */
extern char x86_trap_stubs[];

#endif
