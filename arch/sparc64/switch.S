/*
 * void arch_switch_to(unsigned long *save_sp, unsigned long next_sp)
 *
 * The context switch.  A task's registers live in the register windows
 * as much as on its stack, so first flushw: every window of this task
 * but the current one goes to its save area on this task's stack.  The
 * current window (our own, after the save) holds only what returning
 * needs, %i6 and %i7: we put them in its save area as a spill would.
 * Then the other task's %sp, its %i6/%i7, and ret + restore: with no
 * window left to restore, the restore fills the caller's window from
 * the other task's stack.  Interrupts are off throughout.
 */
#include <arch/regs.h>

#define SAVED_I6 (STACK_BIAS + 14 * 8)   /* in the 128-byte save area */
#define SAVED_I7 (STACK_BIAS + 15 * 8)

	.text
	.globl arch_switch_to
arch_switch_to:
	save %sp, -STACK_FRAME, %sp
	flushw
	stx %i6, [%sp + SAVED_I6]
	stx %i7, [%sp + SAVED_I7]
	stx %sp, [%i0]
	mov %i1, %sp
	ldx [%sp + SAVED_I6], %i6
	ldx [%sp + SAVED_I7], %i7
	ret
	 restore

/*
 * A new task's first switch returns here (its %i7 is this label - 8:
 * ret goes to %i7 + 8), filled from the frame arch_task_stack_init
 * made: %l0 = the entry function, %i6 = %i7 = 0, ending backtraces.
 */
	.globl sparc64_task_start
sparc64_task_start:
	call %l0
	 nop
1:	ba 1b
	 nop
