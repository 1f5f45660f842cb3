/*
 * ia64 entry.  Ski loads the image at its physical addresses and starts
 * here in system mode: physical addressing, PSR = 0 (interrupts and
 * interruption collection off), register bank 0, the register stack
 * engine's backing store unset.  Before any C code we need:
 *
 *   gp (r1)       every global is reached from it (the linker's __gp);
 *   sp (r12)      a memory stack, with the 16 bytes of scratch that the
 *                 ABI gives each callee above sp;
 *   ar.bspstore   the register stack's backing store, where the RSE
 *                 spills stacked registers (r32..); it grows up, from
 *                 the bottom of the boot stack, while sp grows down.
 *                 It may only be written with ar.rsc = 0 (the RSE
 *                 stopped), and loadrs then forgets the old registers;
 *   ar.fpsr       reset leaves every FP trap enabled, and libgcc's
 *                 divide (IA-64 divides in the FPU) would trap: Linux's
 *                 default disables them;
 *   bsw.1         the kernel runs in bank 1, so interruption handlers,
 *                 which start in bank 0, have r16..r31 to themselves.
 */
#include <arch/regs.h>
#include "ia64.h"
#include "asm.h"

#define BOOT_STACK 65536

	.section .bss
	.align 16
	.global ia64_boot_stack
ia64_boot_stack:
	.skip BOOT_STACK

	.section .text.boot, "ax"
	.global _start
	.proc _start
_start:
	movl gp = __gp
	movl r12 = ia64_boot_stack + BOOT_STACK - 16
	movl r8 = ia64_boot_stack + 8    /* the word below: the end mark */
	mov ar.rsc = 0
	;;
	mov ar.bspstore = r8
	;;
	loadrs
	;;
	mov ar.rsc = 3                    /* eager: spill and fill at will */
	movl r9 = 0x9804c0270033f
	;;
	mov ar.fpsr = r9
	bsw.1
	;;
	br.call.sptk.many b0 = ia64_boot    /* boot.c; never returns */
	;;
1:	br.sptk.few 1b
	.endp _start

/*
 * long ia64_ssc(a0, a1, a2, a3, nr): Ski's "break 0x80001" system call
 * takes its number in r15 and its arguments in r32..r35 -- our own
 * inputs, since a call's arguments arrive there -- and returns r8.
 */
	.text
	.global ia64_ssc
	.proc ia64_ssc
ia64_ssc:
	mov r15 = r36
	;;
	break 0x80001
	;;
	br.ret.sptk.many b0
	.endp ia64_ssc

/*
 * void arch_capture_regs(struct pt_regs *regs)
 * A leaf without a frame of its own: b0 is the return into the caller,
 * which is where the "trap" happened; bsp (after flushrs, so that the
 * callers' registers are in memory for the backtrace) is the top of the
 * caller's frame.  r14..r19 are scratch here, r14 and r15 the pointers.
 */
	.global arch_capture_regs
	.proc arch_capture_regs
arch_capture_regs:
	flushrs
	adds r14 = PT_R(1), r32
	;;
	STEPS st8, r14, 8, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13
	adds r14 = PT_IIP, r32
	adds r15 = PT_PFS, r32
	MOVES r16, b0, r17, ar.bsp, r18, psr, r19, ar.pfs
	;;
	STEPS st8, r14, 8, r16, r18, r0           /* iip, ipsr, ifs (no frame) */
	STEPS st8, r15, 8, r19, r17               /* pfs, bsp */
	adds r14 = PT_B(0), r32
	;;
	st8 [r14] = r16
	br.ret.sptk.many b0
	.endp arch_capture_regs

/*
 * void ia64_rse_reload(void): write every frame to the backing store
 * and forget the registers (loadrs with ar.rsc.loadrs = 0), so that
 * returning loads each frame from memory -- with whatever was changed
 * there (kprobes.c, jprobes).  As in arch_switch_to, the RSE must be
 * stopped (ar.rsc = 0) around it.
 */
	.global ia64_rse_reload
	.proc ia64_rse_reload
ia64_rse_reload:
	flushrs
	;;
	mov ar.rsc = 0
	;;
	loadrs
	;;
	mov ar.rsc = 3
	br.ret.sptk.many b0
	.endp ia64_rse_reload
