/*
 * Assembly helpers of the ia64 port.  A load or store that steps its
 * pointer writes that pointer, so the next one through it must be in a
 * later instruction group: STEPS and LOADS emit one per group.  MOVES
 * emits its copies without a stop between them, for registers that do
 * not depend on each other.
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

	/* MOVES r20, b0, r21, b1 ...: mov r20 = b0, mov r21 = b1, ... */
	.macro MOVES dst, src, rest:vararg
	mov \dst = \src
	.ifnb \rest
	MOVES \rest
	.endif
	.endm

#endif
