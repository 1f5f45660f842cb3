/*
 * The timer: the interval timer match.  ar.itc counts up; when it
 * reaches cr.itm the CPU raises the external interrupt whose vector
 * cr.itv names.  Each interrupt sets the next match one interval after
 * the last one, so ticks do not drift by the handler's own time.
 *
 * Under Ski's -icount (Sonde's patch) ar.itc counts instructions, one
 * per nanosecond as QEMU's -icount shift=0 does; ITC_HZ says so.
 */
#include <arch/kprobes.h>
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include <sonde/task.h>
#include "ia64.h"

#define ITC_HZ 1000000000ul

static unsigned long interval, next_itm;

uint64_t arch_cycles(void) { return arch_clock(); }
/* The rate of arch_clock(), which reads ar.itc too. */
uint64_t arch_clock_hz(void) { return ITC_HZ; }

static void set_itm(void)
{
	uint64_t now = arch_cycles();

	next_itm += interval;
	if (next_itm <= now)             /* we fell behind: skip, do not storm */
		next_itm = now + interval;
	__asm__ volatile("mov cr.itm = %0 ;; srlz.d" : : "r"(next_itm) : "memory");
}

void arch_timer_init(unsigned int hz)
{
	interval = ITC_HZ / hz;
	next_itm = arch_cycles();
	__asm__ volatile("mov cr.itv = %0 ;; mov cr.tpr = r0 ;; srlz.d"
			 : : "r"((unsigned long)TIMER_VECTOR) : "memory");
	set_itm();
}

/* From the external interrupt (trap.c), interrupts off: read cr.ivr
 * (which acknowledges the highest pending vector), end it with cr.eoi. */
__kprobes void ia64_timer_interrupt(void)
{
	unsigned long vec;

	__asm__ volatile("mov %0 = cr.ivr ;; srlz.d" : "=r"(vec) : : "memory");
	if (vec == 15)                   /* spurious: nothing to end */
		return;
	if (vec == TIMER_VECTOR)
		set_itm();
	__asm__ volatile("mov cr.eoi = r0 ;; srlz.d" : : : "memory");
	if (vec == TIMER_VECTOR)
		timer_tick();
}
