/*
 * void arch_switch_to(unsigned long *save_sp, unsigned long next_sp)
 *
 * The context switch.  To its C caller this is an ordinary call, so
 * only what the ABI says a call preserves needs saving: r1, r2 (the
 * TOC), r14..r31, CR and LR.  We save them in a frame on this task's
 * stack, store r1, load the other task's r1, restore its frame and
 * return -- into whatever that task was doing when it called us, or,
 * for a new task, into task_start below (see arch_task_stack_init).
 */
#include <arch/regs.h>
#include "ppc64.h"
#include "asm.h"

	.text
FUNC arch_switch_to
	mflr r0
	std r0, 16(r1)
	stdu r1, -SWITCH_FRAME(r1)
	std r2, SWITCH_R2(r1)
	mfcr r0
	std r0, SWITCH_CR(r1)
	.irp n, 14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std r\n, SWITCH_GPR(\n)(r1)
	.endr
	std r1, 0(r3)

	mr r1, r4
	ld r2, SWITCH_R2(r1)
	ld r0, SWITCH_CR(r1)
	mtcr r0
	.irp n, 14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld r\n, SWITCH_GPR(\n)(r1)
	.endr
	addi r1, r1, SWITCH_FRAME
	ld r0, 16(r1)
	mtlr r0
	blr
ENDF arch_switch_to

/*
 * A new task's first switch "returns" here with r14 = the code address
 * of its entry function and r2 = that function's TOC.  We enter it with
 * LR = 0, so the entry's saved return address -- the last one a
 * backtrace finds -- is 0, which ends the backtrace.
 */
	.globl ppc64_task_start
ppc64_task_start:
	mtctr r14
	li r0, 0
	mtlr r0
	bctr
