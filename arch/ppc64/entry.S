/*
 * ppc64 entry, and the call into Open Firmware.
 *
 * QEMU's pseries machine (with VOF or SLOF) enters at the first byte of
 * the image in real mode (no address translation), with MSR[SF] = 0 --
 * 32-bit mode -- and r5 = the Open Firmware client-interface entry.
 * We switch to 64-bit mode, take our own stack, and call ppc64_boot()
 * (boot.c), which asks the firmware for the boot arguments and the
 * memory size and then calls kmain().
 */
#include <arch/regs.h>
#include "asm.h"

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .text.boot, "ax"
	.globl _start
_start:
	SET_SF
	/* Our stack, whose first frame has a zero back chain: backtraces end there. */
	LOADADDR r1, boot_stack_top
	li r0, 0
	stdu r0, -STACK_FRAME_OVERHEAD(r1)
	/* ppc64_boot(of_entry), called through its descriptor: code and TOC. */
	mr r3, r5
	LOADADDR r12, ppc64_boot
	ld r2, 8(r12)
	ld r12, 0(r12)
	mtctr r12
	bctrl
1:	b 1b

/*
 * int of_call(void *args, unsigned long entry)
 *
 * One Open Firmware client-interface call: r3 = the argument array.
 * The firmware may be 32-bit code (VOF is): it runs with MSR[SF] = 0,
 * and saves and restores only the low halves of the registers it uses.
 * So we keep r2, r13..r31 and CR ourselves, and turn 64-bit mode back
 * on when it returns.  Only used at boot, before our exception vectors
 * replace the firmware's.
 */
#define OF_FRAME 272                   /* 112 + r2, r13..r31 (8 * 20) */
FUNC of_call
	mflr r0
	std r0, 16(r1)
	mfcr r0
	std r0, 8(r1)
	stdu r1, -OF_FRAME(r1)
	std r2, 112(r1)
	.irp n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std r\n, 120 + (\n - 13) * 8(r1)
	.endr
	mtctr r4
	CLEAR_SF
	bctrl
	SET_SF
	ld r2, 112(r1)
	.irp n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld r\n, 120 + (\n - 13) * 8(r1)
	.endr
	addi r1, r1, OF_FRAME
	ld r0, 8(r1)
	mtcr r0
	ld r0, 16(r1)
	mtlr r0
	extsw r3, r3                   /* the firmware's int: 0 or -1 */
	blr
ENDF of_call
