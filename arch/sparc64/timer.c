/*
 * The timer: %tick counts at 100 MHz, and when it reaches %tick_cmpr
 * the CPU sets SOFTINT bit 0, an interrupt at level 14 (trap type
 * 0x4e).  Each interrupt sets the next compare value one interval after
 * the last one, so ticks do not drift by the handler's own time.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include <sonde/task.h>
#include "sparc64.h"

static unsigned long interval, next_cmpr;

static void set_cmpr(void)
{
	uint64_t now = arch_cycles();

	next_cmpr += interval;
	if (next_cmpr <= now)            /* we fell behind: skip, do not storm */
		next_cmpr = now + interval;
	__asm__ volatile("wr %0, 0, %%tick_cmpr" : : "r"(next_cmpr));
}

void arch_timer_init(unsigned int hz)
{
	interval = TICK_HZ / hz;
	next_cmpr = arch_cycles();
	set_cmpr();
}

/* From the level-14 trap (trap.c), interrupts off. */
__kprobes void sparc64_timer_interrupt(void)
{
	__asm__ volatile("wr %g0, 1, %clear_softint");
	set_cmpr();
	timer_tick();
}

uint64_t arch_cycles(void)
{
	uint64_t t;

	__asm__ volatile("rd %%tick, %0" : "=r"(t));
	return t & ~TICK_NPT;
}
