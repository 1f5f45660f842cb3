/*
 * Assembly helpers of the ia64 port.  A load or store that steps its
 * pointer writes that pointer, so the next one through it must be in a
 * later instruction group: these emit one per group.
 */
#ifndef IA64_ASM_H
#define IA64_ASM_H

	/* STEPS st8, ptr, 8, r1, r2 ...: store each, ptr += step after each. */
	.macro STEPS op, ptr, step, regs:vararg
	.irp r, \regs
	\op [\ptr] = \r, \step
	;;
	.endr
	.endm

	/* LOADS ld8, ptr, 8, r1, r2 ...: the same, loading. */
	.macro LOADS op, ptr, step, regs:vararg
	.irp r, \regs
	\op \r = [\ptr], \step
	;;
	.endr
	.endm

#endif
