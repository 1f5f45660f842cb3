/*
 * The timer: the decrementer, which counts down at the timebase
 * frequency and interrupts (vector 0x900) when it goes negative; the
 * handler in trap.c reloads it.  It is enabled by MSR_EE like any
 * external interrupt.
 */
#include <sonde/arch.h>
#include "ppc64.h"

unsigned long ppc64_dec_interval;   /* timebase ticks per timer tick */

void arch_timer_init(unsigned int hz)
{
	ppc64_dec_interval = TIMEBASE_HZ / hz;
	mtdec(ppc64_dec_interval);
}
