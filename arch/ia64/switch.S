/*
 * void arch_switch_to(unsigned long *save_sp, unsigned long next_sp)
 *
 * The context switch.  Besides what C preserves across a call (r4..r7,
 * f2..f5, f16..f31, b1..b5, ar.pfs, ar.lc, ar.unat, the preserved
 * predicates, and b0 to return by), a task owns a register stack: its
 * callers' stacked registers, partly in the physical registers and
 * partly in its backing store.  flushrs writes them all to the store;
 * then, with the RSE stopped (ar.rsc = 0), we note where the store ends
 * (ar.bspstore) and the NaT bits not yet written (ar.rnat), switch sp,
 * and loadrs forgets the registers (they are the old task's).  The new
 * task's ar.bspstore and ar.rnat go in, and the final br.ret, finding
 * none of its caller's registers in the register file, fills them from
 * the new store.  All this on a frame below sp (SW_* in ia64.h).
 */
#include "ia64.h"


	.text
	.global arch_switch_to
	.proc arch_switch_to
arch_switch_to:
	alloc r16 = ar.pfs, 2, 0, 0, 0
	adds r12 = -SW_SIZE, r12
	mov r17 = b0
	mov r19 = ar.lc
	mov r20 = pr
	mov r21 = ar.unat
	;;
	adds r2 = SW_B0, r12
	adds r3 = SW_PFS, r12
	;;
	st8 [r2] = r17, 16            /* b0, lc, unat */
	st8 [r3] = r16, 16            /* pfs, pr */
	;;
	st8 [r2] = r19, 16
	st8 [r3] = r20, 16
	;;
	st8 [r2] = r21
	adds r2 = SW_R4, r12
	adds r3 = SW_R4 + 8, r12
	;;
	st8.spill [r2] = r4, 16
	;;
	st8.spill [r3] = r5, 16
	;;
	st8.spill [r2] = r6
	;;
	st8.spill [r3] = r7
	adds r2 = SW_B1, r12
	mov r22 = b1
	mov r23 = b2
	mov r24 = b3
	mov r25 = b4
	mov r26 = b5
	;;
	.irp r, 22,23,24,25,26
	st8 [r2] = r\r, 8
	;;
	.endr
	adds r2 = SW_F2, r12
	adds r3 = SW_F2 + 16, r12
	;;
	.irp f, 2,4,16,18,20,22,24,26,28,30
	stf.spill [r2] = f\f, 32
	;;
	.endr
	;;
	.irp f, 3,5,17,19,21,23,25,27,29,31
	stf.spill [r3] = f\f, 32
	;;
	.endr
	mov r27 = ar.unat             /* the spills' NaT bits */
	adds r2 = SW_NATS, r12
	;;
	st8 [r2] = r27
	flushrs
	;;
	mov ar.rsc = 0
	;;
	mov r28 = ar.bspstore
	mov r29 = ar.rnat
	adds r2 = SW_BSPSTORE, r12
	adds r3 = SW_RNAT, r12
	;;
	st8 [r2] = r28
	st8 [r3] = r29
	;;
	st8 [r32] = r12               /* *save_sp: the old task is saved */
	mov r12 = r33
	;;
	loadrs
	adds r2 = SW_BSPSTORE, r12
	adds r3 = SW_RNAT, r12
	;;
	ld8 r28 = [r2]
	ld8 r29 = [r3]
	;;
	mov ar.bspstore = r28
	;;
	mov ar.rnat = r29
	;;
	mov ar.rsc = 3
	adds r2 = SW_NATS, r12
	;;
	ld8 r27 = [r2]
	adds r2 = SW_F2, r12
	adds r3 = SW_F2 + 16, r12
	;;
	mov ar.unat = r27
	.irp f, 2,4,16,18,20,22,24,26,28,30
	ldf.fill f\f = [r2], 32
	;;
	.endr
	;;
	.irp f, 3,5,17,19,21,23,25,27,29,31
	ldf.fill f\f = [r3], 32
	;;
	.endr
	adds r2 = SW_R4, r12
	adds r3 = SW_R4 + 8, r12
	;;
	ld8.fill r4 = [r2], 16
	ld8.fill r5 = [r3], 16
	;;
	ld8.fill r6 = [r2]
	ld8.fill r7 = [r3]
	adds r2 = SW_B1, r12
	;;
	.irp r, 22,23,24,25,26
	ld8 r\r = [r2], 8
	;;
	.endr
	mov b1 = r22
	mov b2 = r23
	mov b3 = r24
	mov b4 = r25
	mov b5 = r26
	adds r2 = SW_B0, r12
	adds r3 = SW_PFS, r12
	;;
	ld8 r17 = [r2], 16            /* b0, lc, unat */
	ld8 r16 = [r3], 16            /* pfs, pr */
	;;
	ld8 r19 = [r2], 16
	ld8 r20 = [r3]
	;;
	ld8 r21 = [r2]
	mov b0 = r17
	mov ar.pfs = r16
	mov ar.lc = r19
	mov pr = r20, -1
	;;
	mov ar.unat = r21
	adds r12 = SW_SIZE, r12
	br.ret.sptk.many b0
	.endp arch_switch_to

/*
 * A new task's first switch returns here (arch_task_stack_init, trap.c,
 * made its frame: b0 = this, ar.pfs = 0, an empty backing store, r4 =
 * the entry function's descriptor {ip, gp}).
 */
	.global ia64_task_start
	.proc ia64_task_start
ia64_task_start:
	ld8 r14 = [r4], 8
	;;
	ld8 r1 = [r4]
	mov b6 = r14
	;;
	br.call.sptk.many b0 = b6
	;;
1:	br.sptk.few 1b
	.endp ia64_task_start
