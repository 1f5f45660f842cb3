/*
 * The 8259A interrupt controllers (pic.c), shared by the i386 and
 * x86_64 ports.  IRQ n arrives on vector X86_VEC_IRQ0 + n (idt.h).
 */
#ifndef X86_PIC_H
#define X86_PIC_H

#include <sonde/types.h>

void pic_init(void);                /* remap to vector 32, all masked */
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);         /* end of interrupt              */
bool pic_is_spurious(unsigned irq); /* IRQ 7 or 15 with no request    */

#endif
