/*
 * The 8259A interrupt controllers (master and slave), shared by the
 * i386 and x86_64 ports.  The BIOS leaves
 * IRQs 0-7 on vectors 8-15, where they would collide with CPU
 * exceptions, so we move IRQs 0-15 to vectors 32-47.
 */
#include "io.h"
#include "idt.h"
#include "pic.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI   0x20
#define PIC_READ_ISR 0x0b

static uint16_t irq_mask = 0xffff;     /* all masked until asked for */

static void write_mask(void)
{
	outb(PIC1_DATA, (uint8_t)irq_mask);
	outb(PIC2_DATA, (uint8_t)(irq_mask >> 8));
}

void pic_init(void)
{
	outb(PIC1_CMD, 0x11);              /* ICW1: initialise, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, X86_VEC_IRQ0);     /* ICW2: vector base 32 */
	outb(PIC2_DATA, X86_VEC_IRQ0 + 8); /*       and 40         */
	outb(PIC1_DATA, 0x04);             /* ICW3: slave on IRQ2  */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);             /* ICW4: 8086 mode      */
	outb(PIC2_DATA, 0x01);
	irq_mask = 0xffff & ~(1u << 2);    /* cascade line open    */
	write_mask();
}

void pic_unmask(unsigned irq)
{
	irq_mask &= (uint16_t)~(1u << irq);
	write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/*
 * IRQ 7 and 15 can fire with no real request behind them (a "spurious"
 * interrupt); the in-service register then shows nothing.
 */
bool pic_is_spurious(unsigned irq)
{
	uint16_t cmd = irq >= 8 ? PIC2_CMD : PIC1_CMD;

	if ((irq & 7) != 7)
		return false;
	outb(cmd, PIC_READ_ISR);
	return !(inb(cmd) & 0x80);
}
