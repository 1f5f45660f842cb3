/*
 * The sparc64 trap table, and the way into C and back.
 *
 * %tba points at 32 KiB: 512 trap types of 32 bytes each for traps
 * taken at TL 0, then the same again for traps taken at TL > 0 (a spill
 * inside a trap handler).  A trap raises TL, saves CCR/ASI/PSTATE/CWP
 * in TSTATE and the PC pair in TPC/TNPC, and switches to the alternate
 * globals with interrupts off.  Every trap type goes to trap_common,
 * but these, which need no C:
 *
 *   clean_window  (0x24)  never happens while CLEANWIN stays 7 (entry.S);
 *                         if it ever does, it cleans the window.
 *   (the MMU misses, 0x64, 0x68 and 0x6c, are no exception: every page
 *   we use is locked in the TLB, so a miss is a wild address, a fault.)
 *   spill_0_normal (0x80), fill_0_normal (0xc0): a window to or from its
 *                         save area at %sp + 2047, in both halves.
 */
#include <arch/regs.h>
#include "sparc64.h"

	/* The ABI reserves %g2, %g3, %g6, %g7; a trap saves them all. */
	.register %g2, #scratch
	.register %g3, #scratch
	.register %g6, #ignore
	.register %g7, #ignore

	.macro GENERIC
	ba,pt %xcc, trap_common
	 nop
	.balign 32
	.endm

	/* Runs in the new window: zero what the last user left there. */
	.macro CLEAN_WINDOW
	.irp r, %l0,%l1,%l2,%l3,%l4,%l5,%l6,%l7,%o0,%o1,%o2,%o3,%o4,%o5,%o6,%o7
	clr \r
	.endr
	rdpr %cleanwin, %l0
	inc %l0
	wrpr %l0, 0, %cleanwin
	clr %l0
	retry
	.balign 128
	.endm

	/* Runs in the window to spill or fill; its %sp is where it lives. */
	.macro SPILL
	.irp n, 0,1,2,3,4,5,6,7
	stx %l\n, [%sp + STACK_BIAS + \n * 8]
	stx %i\n, [%sp + STACK_BIAS + 64 + \n * 8]
	.endr
	saved
	retry
	.balign 128
	.endm

	.macro FILL
	.irp n, 0,1,2,3,4,5,6,7
	ldx [%sp + STACK_BIAS + \n * 8], %l\n
	ldx [%sp + STACK_BIAS + 64 + \n * 8], %i\n
	.endr
	restored
	retry
	.balign 128
	.endm

	.macro HALF
	tt = 0
	.rept 512
	.if tt == 0x24
	CLEAN_WINDOW
	.elseif tt == 0x80
	SPILL
	.elseif tt == 0xc0
	FILL
	.elseif (tt > 0x24 && tt < 0x28) || (tt > 0x80 && tt < 0x84) || (tt > 0xc0 && tt < 0xc4)
	/* inside the 128-byte handler above */
	.else
	GENERIC
	.endif
	tt = tt + 1
	.endr
	.endm

	.section .text.traptable, "ax"
	.globl sparc64_trap_table
sparc64_trap_table:
	HALF
	.org sparc64_trap_table + 0x4000     /* an error if a handler overran */
	HALF
	.org sparc64_trap_table + 0x8000

/*
 * Every other trap, at TL 1 (or, fatally, deeper).  A new window with
 * a trap frame below the interrupted %sp; TSTATE, TPC, TNPC, TT and TL
 * into it; then TL 0 and the normal globals (interrupts still off), so
 * that C runs, and may switch tasks, like any other code.  Back: the
 * frame's registers (a handler may have changed them), the interrupted
 * window (restore, which may fill it from its stack), TL 1 and retry.
 * TSTATE gets the CWP we came back to: after a task switch the window
 * may be another physical one than at the trap.
 */
	.section .kprobes.text, "ax"
trap_common:
	save %sp, -TRAP_FRAME, %sp
	rdpr %tstate, %l0
	rdpr %tpc, %l1
	rdpr %tnpc, %l2
	rdpr %tt, %l3
	rdpr %tl, %l4
	wrpr %g0, 0, %tl
	wrpr %g0, PSTATE_PRIV, %pstate
	add %sp, TRAP_REGS, %l5
	set sparc64_trap_call, %l6          /* the unwinder's mark of a trap frame */
	stx %l6, [%sp + TRAP_MARK]
	stx %l0, [%l5 + PT_TSTATE]
	stx %l1, [%l5 + PT_TPC]
	stx %l2, [%l5 + PT_TNPC]
	stx %l3, [%l5 + PT_TT]
	stx %l4, [%l5 + PT_TL]
	rd %y, %l6
	stx %l6, [%l5 + PT_Y]
	stx %g0, [%l5 + PT_G(0)]
	.irp n, 1,2,3,4,5,6,7
	stx %g\n, [%l5 + PT_G(\n)]
	.endr
	.irp n, 0,1,2,3,4,5,6,7
	stx %i\n, [%l5 + PT_O(\n)]
	.endr
	call sparc64_trap
	 mov %l5, %o0
	/* The unwinder knows this call: its frame holds a pt_regs. */
	.globl sparc64_trap_call
sparc64_trap_call = . - 8

	stx %g0, [%sp + TRAP_MARK]          /* only live trap frames carry it */
	ldx [%l5 + PT_TSTATE], %l0
	ldx [%l5 + PT_TPC], %l1
	ldx [%l5 + PT_TNPC], %l2
	ldx [%l5 + PT_Y], %l6
	wr %l6, 0, %y
	.irp n, 1,2,3,4,5,6,7
	ldx [%l5 + PT_G(\n)], %g\n
	.endr
	.irp n, 0,1,2,3,4,5,6,7
	ldx [%l5 + PT_O(\n)], %i\n
	.endr
	wrpr %g0, PSTATE_PRIV | PSTATE_AG, %pstate
	mov %l0, %g1
	mov %l1, %g2
	mov %l2, %g3
	restore
	wrpr %g0, 1, %tl
	rdpr %cwp, %g4
	andn %g1, TSTATE_CWP, %g1
	or %g1, %g4, %g1
	wrpr %g1, 0, %tstate
	wrpr %g2, 0, %tpc
	wrpr %g3, 0, %tnpc
	retry

/*
 * void arch_capture_regs(struct pt_regs *regs)
 * A leaf: it runs in its caller's window, so %o6/%o7 are the caller's
 * %sp and the address of the call -- as if a trap had happened there.
 */
	.globl arch_capture_regs
arch_capture_regs:
	.irp n, 0,1,2,3,4,5,6,7
	stx %g\n, [%o0 + PT_G(\n)]
	stx %o\n, [%o0 + PT_O(\n)]
	.endr
	rdpr %pstate, %o1                   /* TSTATE's PSTATE field */
	sllx %o1, 8, %o1
	stx %o1, [%o0 + PT_TSTATE]
	stx %o7, [%o0 + PT_TPC]
	add %o7, 4, %o1
	stx %o1, [%o0 + PT_TNPC]
	stx %g0, [%o0 + PT_TT]
	stx %g0, [%o0 + PT_TL]
	rd %y, %o1
	stx %o1, [%o0 + PT_Y]
	retl
	 ldx [%o0 + PT_O(1)], %o1
