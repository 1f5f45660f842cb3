/*
 * The timer: the 8253/8254 PIT, channel 0, as a rate generator on
 * IRQ 0.  Its input clock is 1.193182 MHz.  Shared by the i386 and
 * x86_64 ports.
 */
#include <sonde/arch.h>
#include "io.h"
#include "pic.h"

#define PIT_HZ      1193182u
#define PIT_CH0     0x40
#define PIT_CMD     0x43
#define PIT_MODE2   0x34     /* channel 0, lo/hi byte, mode 2 (rate generator) */

void arch_timer_init(unsigned int hz)
{
	unsigned divisor = PIT_HZ / hz;

	outb(PIT_CMD, PIT_MODE2);
	outb(PIT_CH0, (uint8_t)divisor);
	outb(PIT_CH0, (uint8_t)(divisor >> 8));
	pic_unmask(0);
}
