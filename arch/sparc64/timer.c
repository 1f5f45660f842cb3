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

/* %tick itself: 100 MHz, the unit of %tick_cmpr. */
static uint64_t read_tick(void)
{
	uint64_t t;

	__asm__ volatile("rd %%tick, %0" : "=r"(t));
	return t & ~TICK_NPT;
}

static void set_cmpr(void)
{
	uint64_t now = read_tick();

	next_cmpr += interval;
	if (next_cmpr <= now)            /* we fell behind: skip, do not storm */
		next_cmpr = now + interval;
	__asm__ volatile("wr %0, 0, %%tick_cmpr" : : "r"(next_cmpr));
}

void arch_timer_init(unsigned int hz)
{
	interval = TICK_HZ / hz;
	next_cmpr = read_tick();
	set_cmpr();
}

/* From the level-14 trap (trap.c), interrupts off. */
__kprobes void sparc64_timer_interrupt(void)
{
	__asm__ volatile("wr %g0, 1, %clear_softint");
	set_cmpr();
	timer_tick();
}

/*
 * Guest instructions, from %tick.  Under QEMU's -icount shift=0 one
 * instruction is 1 ns and %tick runs at 100 MHz, so %tick is the
 * instruction count divided by 10, rounded down (plus a constant).
 * Scaling it by 10 alone would leave the count's last digit to chance:
 * two measurements of the same code could differ by 10 depending on
 * where between two ticks they started.  So we read %tick eleven times
 * in a row, one instruction apart.  Those reads span ten instructions,
 * so exactly one tick edge falls after the first read and at or before
 * the last; the number S of later reads that saw the next value tells
 * where the edge was, and 10 x (first value) + S is the instruction
 * count at the first read, up to a constant.  The sum has no branch,
 * so every call costs the same number of instructions and differences
 * are exact.  Without icount %tick follows host time and this is
 * merely 10 x ticks (one per 10 ns at 100 MHz): the bench notices.
 */
uint64_t arch_cycles(void)
{
	uint64_t t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10;

	__asm__ volatile("rd %%tick, %0\n\trd %%tick, %1\n\trd %%tick, %2\n\t"
			 "rd %%tick, %3\n\trd %%tick, %4\n\trd %%tick, %5\n\t"
			 "rd %%tick, %6\n\trd %%tick, %7\n\trd %%tick, %8\n\t"
			 "rd %%tick, %9\n\trd %%tick, %10"
			 : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3), "=&r"(t4),
			   "=&r"(t5), "=&r"(t6), "=&r"(t7), "=&r"(t8), "=&r"(t9),
			   "=&r"(t10));
	/* NPT is the same in all eleven, so it cancels in the sum. */
	return (t0 & ~TICK_NPT) * 10 + (t1 + t2 + t3 + t4 + t5 + t6 + t7 + t8 + t9 + t10 - 10 * t0);
}

/* The rate of arch_clock(), which reads %tick itself. */
uint64_t arch_clock_hz(void)
{
	return TICK_HZ;
}
