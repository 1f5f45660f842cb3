/*
 * Console input: a ring of bytes between the UART and the shell.
 *
 * Every timer tick calls console_poll() (a TICK_HOOK: the scheduler
 * does not know the console), which drains whatever the port has
 * received into the ring and wakes the reader.  Polling at the tick
 * rate is plenty for typing, and it means no architecture needs a
 * console interrupt.  The 16550's 16-byte FIFO and QEMU's back-pressure
 * keep pasted or scripted input from being lost between ticks.
 */
#include <sonde/console.h>
#include <sonde/arch.h>
#include <sonde/task.h>

/* A power of two, so the free-running counters below may wrap and
 * "% RING_SIZE" still lands on the right byte. */
#define RING_SIZE 256

static char ring[RING_SIZE];
static volatile unsigned ring_head, ring_tail;   /* head: write, tail: read */

/* Move any waiting input bytes from the hardware into the ring. */
static void console_poll(void)
{
	bool got = false;
	int c;

	/* head - tail is the fill, in unsigned arithmetic, even after a
	 * wrap.  When the ring is full, the rest waits in the hardware. */
	while (ring_head - ring_tail < RING_SIZE && (c = arch_console_getc()) >= 0) {
		ring[ring_head % RING_SIZE] = (char)c;
		ring_head++;
		got = true;
	}
	if (got)
		wakeup(ring);
}
TICK_HOOK(console_poll);

int console_trygetc(void)
{
	unsigned long flags = arch_irq_save();
	int c = -1;

	console_poll();
	if (ring_head != ring_tail)
		c = (unsigned char)ring[ring_tail++ % RING_SIZE];
	arch_irq_restore(flags);
	return c;
}

int console_getc(void)
{
	/* Off from the test of the ring to the sleep: see sleep_on(). */
	unsigned long flags = arch_irq_save();
	int c;

	console_poll();         /* don't wait a tick for bytes already here */
	while (ring_head == ring_tail)
		sleep_on(ring);
	c = (unsigned char)ring[ring_tail % RING_SIZE];
	ring_tail++;
	arch_irq_restore(flags);
	return c;
}
