/*
 * The interruption vector table, and the way into C and back.
 *
 * cr.iva points at 32 KiB: 20 entries of 64 bundles (0x0000..0x4c00),
 * then 48 of 16 bundles (0x5000..0x7f00).  An interruption saves the
 * bundle in cr.iip, the PSR in cr.ipsr (its ri field: the slot), turns
 * interruption collection (psr.ic), interrupts and bank 1 off, and
 * jumps to the entry.  Every entry notes its own offset in r30 and goes
 * to ia64_trap_entry; C (trap.c) tells them apart by it.
 *
 * With psr.ic off nothing may fault, so the entry does the least it
 * can before turning it back on: it takes a pt_regs below the
 * interrupted sp (which keeps its 16-byte scratch), covers the
 * interrupted frame onto the register stack (cover: its size goes to
 * cr.ifs, and C's frames start above it), and saves the interruption
 * registers, the branch and application registers, r1..r15 with
 * bank 0's r16..r31 as pointers, then (bsw.1) the interrupted r16..r31
 * and f6..f15.  Spills (st8.spill) keep each register's NaT bit in
 * ar.unat, which is saved too.  (r4..r7, which C preserves, are the
 * entry's own from then on.)  Back from C, all of it is loaded back, and
 * rfi, which also restores the covered frame from cr.ifs.
 */
#include <arch/regs.h>
#include "ia64.h"
#include "asm.h"

	.section .text.ivt, "ax"
	.align 32768
	.global ia64_ivt
ia64_ivt:
	off = 0
	.rept 68
	.org ia64_ivt + off
	mov r30 = off
	br.sptk.many ia64_trap_entry
	;;
	.if off < 0x5000
	off = off + 0x400
	.else
	off = off + 0x100
	.endif
	.endr
	.org ia64_ivt + 0x8000

	.section .kprobes.text, "ax"
	.proc ia64_trap_entry
ia64_trap_entry:
	adds r17 = -(PT_SIZE + 16), r12
	MOVES r16, r12, r19, cr.ipsr, r20, cr.iip, r21, cr.isr, r22, cr.ifa, r23, cr.iim
	;;
	and r17 = -16, r17
	;;
	mov r12 = r17                 /* sp: 16 bytes of scratch, then pt_regs */
	adds r17 = 16, r17
	cover
	;;
	mov r24 = cr.ifs
	MOVES r25, ar.rsc, r26, ar.pfs, r27, ar.bsp, r28, ar.unat, r29, pr
	;;
	/* In struct pt_regs order, from vector to pr, then lc, ccv, fpsr. */
	STEPS st8, r17, 8, r30, r20, r19, r24, r21, r22, r23, r25, r26, r27, r28, r29
	MOVES r20, ar.lc, r21, ar.ccv, r22, ar.fpsr
	;;
	STEPS st8, r17, 8, r20, r21
	st8 [r17] = r22, 16           /* fpsr; nats is written last */
	MOVES r20, b0, r21, b1, r22, b2, r23, b3, r24, b4, r25, b5, r26, b6, r27, b7
	;;
	STEPS st8, r17, 8, r20, r21, r22, r23, r24, r25, r26, r27
	adds r17 = 8, r17             /* r0 is not saved */
	;;
	STEPS st8.spill, r17, 8, r1, r2, r3
	mov r2 = r17                  /* on in a static register: r4.. */
	;;
	/* r16 is the interrupted sp, in r12's place. */
	STEPS st8.spill, r2, 8, r4, r5, r6, r7, r8, r9, r10, r11, r16, r13, r14, r15
	bsw.1                         /* the interrupted r16..r31 */
	;;
	STEPS st8.spill, r2, 8, r16, r17, r18, r19, r20, r21, r22, r23
	STEPS st8.spill, r2, 8, r24, r25, r26, r27, r28, r29, r30, r31
	STEPS stf.spill, r2, 16, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15
	adds r4 = 16, r12             /* r4: pt_regs, kept by C */
	adds r2 = 16 + PT_NATS, r12
	mov r5 = ar.unat
	;;
	st8 [r2] = r5
	movl gp = __gp
	ssm psr.ic                    /* from here on, faults may nest */
	;;
	srlz.d
	;;
	/* Two locals, which the call puts on the register stack right
	 * above the covered frame, tell the unwinder (trap.c) that a trap
	 * frame is there, and where. */
	alloc r6 = ar.pfs, 0, 2, 1, 0
	movl r7 = RSE_TRAP_MARK
	;;
	MOVES loc0, r7, loc1, r4, out0, r4
	br.call.sptk.many b0 = ia64_trap
	;;
	rsm psr.i | psr.ic
	;;
	srlz.d
	adds r2 = PT_LC, r4
	;;
	LOADS ld8, r2, 8, r16, r17, r18, r19      /* lc, ccv, fpsr, nats */
	LOADS ld8, r2, 8, r20, r21, r22, r23, r24, r25, r26, r27   /* b0..b7 */
	/* ar.unat: the NaT bits for the fills */
	MOVES ar.lc, r16, ar.ccv, r17, ar.fpsr, r18, ar.unat, r19
	MOVES b0, r20, b1, r21, b2, r22, b3, r23, b4, r24, b5, r25, b6, r26, b7, r27
	adds r2 = PT_R(16), r4
	;;
	LOADS ld8.fill, r2, 8, r16, r17, r18, r19, r20, r21, r22, r23
	LOADS ld8.fill, r2, 8, r24, r25, r26, r27, r28, r29, r30, r31
	LOADS ldf.fill, r2, 16, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15
	bsw.0                         /* bank 0 again: r16..r31 are ours */
	;;
	adds r17 = PT_IIP, r4
	;;
	/* iip, ipsr, ifs, (isr, ifa, iim), rsc, pfs, (bsp), unat, pr */
	LOADS ld8, r17, 8, r24, r25, r26, r16, r16, r16, r27, r28, r16, r29, r30
	adds r17 = PT_R(1), r4
	;;
	LOADS ld8.fill, r17, 8, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11
	LOADS ld8, r17, 8, r31        /* r12 */
	LOADS ld8.fill, r17, 8, r13, r14, r15
	MOVES ar.unat, r29, ar.pfs, r28, ar.rsc, r27
	mov pr = r30, -1
	MOVES cr.ipsr, r25, cr.iip, r24, cr.ifs, r26, r12, r31
	;;
	rfi
	;;
	.endp ia64_trap_entry
