/*
 * The (E/R)FLAGS bits the x86 ports use, shared by the i386 and x86_64
 * ports: interrupt control and single-stepping.
 */
#ifndef X86_FLAGS_H
#define X86_FLAGS_H

/* The interrupt flag, bit 9: maskable interrupts are taken. */
#define X86_FLAGS_IF 0x200
/* The trap flag, bit 8: a debug trap after the next instruction. */
#define X86_FLAGS_TF 0x100

#endif
