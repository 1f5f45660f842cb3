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
#include "asm.h"

	.text
	.global arch_switch_to
	.proc arch_switch_to
arch_switch_to:
	alloc r16 = ar.pfs, 2, 0, 0, 0
	adds r12 = -SW_SIZE, r12
	MOVES r17, b0, r18, ar.lc, r19, pr, r20, ar.unat
	MOVES r21, b1, r22, b2, r23, b3, r24, b4, r25, b5
	;;
	adds r2 = SW_B0, r12
	;;
	/* The frame in order (ia64.h): b0, pfs, lc, pr, unat, b1..b5, ... */
	STEPS st8, r2, 8, r17, r16, r18, r19, r20, r21, r22, r23, r24, r25
	STEPS st8.spill, r2, 8, r4, r5, r6, r7
	STEPS stf.spill, r2, 16, f2, f3, f4, f5, f16, f17, f18, f19, f20, f21
	STEPS stf.spill, r2, 16, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31
	mov r26 = ar.unat             /* the spills' NaT bits */
	flushrs
	;;
	mov ar.rsc = 0                /* r2 is at SW_NATS now */
	;;
	mov r27 = ar.bspstore
	mov r28 = ar.rnat
	;;
	STEPS st8, r2, 8, r26, r27, r28               /* nats, bspstore, rnat */
	st8 [r32] = r12               /* *save_sp: the old task is saved */
	mov r12 = r33
	;;
	loadrs
	adds r2 = SW_NATS, r12
	;;
	LOADS ld8, r2, 8, r26, r27, r28
	mov ar.bspstore = r27
	;;
	mov ar.rnat = r28
	mov ar.unat = r26
	;;
	mov ar.rsc = 3
	adds r2 = SW_B0, r12
	;;
	LOADS ld8, r2, 8, r17, r16, r18, r19, r20, r21, r22, r23, r24, r25
	LOADS ld8.fill, r2, 8, r4, r5, r6, r7
	LOADS ldf.fill, r2, 16, f2, f3, f4, f5, f16, f17, f18, f19, f20, f21
	LOADS ldf.fill, r2, 16, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31
	MOVES b0, r17, ar.pfs, r16, ar.lc, r18
	mov pr = r19, -1
	MOVES b1, r21, b2, r22, b3, r23, b4, r24, b5, r25
	;;
	mov ar.unat = r20
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
