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
 * entry's own from then on.)  Back from C, the same in reverse and
 * rfi, which also restores the covered frame from cr.ifs.
 */
#include <arch/regs.h>
#include "ia64.h"

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
	mov r16 = r12
	mov r19 = cr.ipsr
	mov r20 = cr.iip
	mov r21 = cr.isr
	mov r22 = cr.ifa
	mov r23 = cr.iim
	;;
	and r17 = -16, r17
	;;
	mov r12 = r17                 /* sp: 16 bytes of scratch, then pt_regs */
	adds r18 = 16 + PT_VECTOR, r17
	adds r17 = 16 + PT_IIP, r17
	cover
	;;
	mov r24 = cr.ifs
	mov r25 = ar.rsc
	mov r26 = ar.pfs
	mov r27 = ar.bsp
	mov r28 = ar.unat
	mov r29 = pr
	;;
	/* Two pointers, 8 bytes apart, each stepping over the other's field. */
	st8 [r18] = r30, 16           /* vector, iip */
	st8 [r17] = r20, 16
	;;
	st8 [r18] = r19, 16           /* ipsr, ifs */
	st8 [r17] = r24, 16
	;;
	st8 [r18] = r21, 16           /* isr, ifa */
	st8 [r17] = r22, 16
	;;
	st8 [r18] = r23, 16           /* iim, rsc */
	st8 [r17] = r25, 16
	;;
	st8 [r18] = r26, 16           /* pfs, bsp */
	st8 [r17] = r27, 32           /* (nats is written last) */
	mov r25 = ar.lc
	mov r26 = ar.ccv
	mov r27 = ar.fpsr
	;;
	st8 [r18] = r28, 16           /* unat, lc */
	st8 [r17] = r25, 16
	;;
	st8 [r18] = r29, 16           /* pr, ccv */
	;;
	st8 [r18] = r26, 16
	st8 [r17] = r27, 16           /* fpsr */
	mov r20 = b0
	mov r21 = b1
	mov r22 = b2
	mov r23 = b3
	mov r24 = b4
	mov r25 = b5
	mov r26 = b6
	mov r27 = b7
	;;
	st8 [r18] = r20, 16           /* b0..b7 */
	st8 [r17] = r21, 16
	;;
	st8 [r18] = r22, 16
	st8 [r17] = r23, 16
	;;
	st8 [r18] = r24, 16
	st8 [r17] = r25, 16
	;;
	st8 [r18] = r26, 32           /* -> r2 */
	st8 [r17] = r27, 16           /* -> r1 */
	;;
	.irp a, 1,3,5,7,9,11
	st8.spill [r17] = r\a, 16
	;;
	.endr
	;;
	.irp a, 2,4,6,8,10
	st8.spill [r18] = r\a, 16
	;;
	.endr
	;;
	st8 [r18] = r16, 16           /* r12: the interrupted sp */
	st8.spill [r17] = r13, 16
	;;
	st8.spill [r18] = r14, 16
	;;
	st8.spill [r17] = r15, 16
	;;
	mov r2 = r18                  /* -> r16: pointers in static registers */
	mov r3 = r17
	;;
	bsw.1                         /* the interrupted r16..r31 */
	;;
	.irp a, 16,18,20,22,24,26,28,30
	st8.spill [r2] = r\a, 16
	;;
	.endr
	;;
	.irp a, 17,19,21,23,25,27,29,31
	st8.spill [r3] = r\a, 16
	;;
	.endr
	adds r4 = 16, r12             /* r4: pt_regs, kept by C */
	;;
	adds r2 = PT_F6, r4
	adds r3 = PT_F6 + 16, r4
	;;
	.irp f, 6,8,10,12,14
	stf.spill [r2] = f\f, 32
	;;
	.endr
	;;
	.irp f, 7,9,11,13,15
	stf.spill [r3] = f\f, 32
	;;
	.endr
	mov r5 = ar.unat
	adds r2 = PT_NATS, r4
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
	mov loc0 = r7
	mov loc1 = r4
	mov out0 = r4
	br.call.sptk.many b0 = ia64_trap
	;;
	rsm psr.i | psr.ic
	;;
	srlz.d
	adds r2 = PT_F6, r4
	adds r3 = PT_F6 + 16, r4
	;;
	.irp f, 6,8,10,12,14
	ldf.fill f\f = [r2], 32
	;;
	.endr
	;;
	.irp f, 7,9,11,13,15
	ldf.fill f\f = [r3], 32
	;;
	.endr
	adds r2 = PT_B(0), r4
	adds r3 = PT_B(1), r4
	;;
	.irp a, 16,18,20,22
	ld8 r\a = [r2], 16
	;;
	.endr
	;;
	.irp a, 17,19,21,23
	ld8 r\a = [r3], 16
	;;
	.endr
	;;
	mov b0 = r16
	mov b1 = r17
	mov b2 = r18
	mov b3 = r19
	mov b4 = r20
	mov b5 = r21
	mov b6 = r22
	mov b7 = r23
	adds r2 = PT_LC, r4
	adds r3 = PT_CCV, r4
	;;
	ld8 r16 = [r2], PT_FPSR - PT_LC
	ld8 r17 = [r3]
	;;
	ld8 r18 = [r2]
	mov ar.lc = r16
	mov ar.ccv = r17
	adds r2 = PT_NATS, r4
	;;
	mov ar.fpsr = r18
	ld8 r5 = [r2]
	;;
	mov ar.unat = r5              /* the NaT bits for the fills */
	adds r2 = PT_R(16), r4
	adds r3 = PT_R(17), r4
	;;
	.irp a, 16,18,20,22,24,26,28,30
	ld8.fill r\a = [r2], 16
	;;
	.endr
	;;
	.irp a, 17,19,21,23,25,27,29,31
	ld8.fill r\a = [r3], 16
	;;
	.endr
	;;
	bsw.0                         /* bank 0 again: r16..r31 are ours */
	;;
	mov r16 = r4
	;;
	adds r17 = PT_IIP, r16
	adds r18 = PT_IPSR, r16
	adds r19 = PT_IFS, r16
	adds r20 = PT_RSC, r16
	adds r21 = PT_PFS, r16
	adds r22 = PT_UNAT, r16
	adds r23 = PT_PR, r16
	;;
	ld8 r24 = [r17]
	ld8 r25 = [r18]
	ld8 r26 = [r19]
	ld8 r27 = [r20]
	ld8 r28 = [r21]
	ld8 r29 = [r22]
	ld8 r30 = [r23]
	adds r17 = PT_R(1), r16
	adds r18 = PT_R(2), r16
	;;
	.irp a, 1,3,5,7,9,11,13,15
	ld8.fill r\a = [r17], 16
	;;
	.endr
	;;
	.irp a, 2,4,6,8,10
	ld8.fill r\a = [r18], 16
	;;
	.endr
	;;
	ld8 r31 = [r18], 16           /* r12 */
	;;
	ld8.fill r14 = [r18]
	;;
	mov ar.unat = r29
	mov ar.pfs = r28
	mov ar.rsc = r27
	mov pr = r30, -1
	mov cr.ipsr = r25
	mov cr.iip = r24
	mov cr.ifs = r26
	mov r12 = r31
	;;
	rfi
	;;
	.endp ia64_trap_entry
