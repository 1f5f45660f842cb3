/*
 * The timer: the 8253/8254 PIT, channel 0, as a rate generator on
 * IRQ 0.  Its input clock is 1.193182 MHz.  Shared by the i386 and
 * x86_64 ports.
 */
#include <sonde/arch.h>
#include <sonde/task.h>
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

/*
 * The TSC's rate (arch_clock()'s) is not known: the host's under plain
 * QEMU, one count per instruction (1 GHz) under -icount shift=0.  So
 * every tick notes the TSC, and the rate is its advance over the ticks
 * since the first.
 */
static uint64_t first_tsc, last_tsc, ticks;

static void note_tsc(void)
{
	last_tsc = arch_clock();
	if (ticks++ == 0)
		first_tsc = last_tsc;
}
TICK_HOOK(note_tsc);

uint64_t arch_clock_hz(void)
{
	/* Before two ticks there is nothing to measure yet. */
	if (ticks < 2)
		return 1000000000;
	return (last_tsc - first_tsc) * tick_hz / (ticks - 1);
}
