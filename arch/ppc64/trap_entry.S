/*
 * ppc64 exception entry and exit.
 *
 * arch_trap_init (trap.c) writes "ba ppc64_vector_V" at each vector
 * address V.  An exception arrives in real mode with interrupts off,
 * SRR0 = where to resume, SRR1 = the old MSR (plus reason bits).  The
 * stub makes an exception frame below the interrupted r1 -- past the
 * 288-byte protected zone -- whose back chain is the interrupted r1,
 * saves r2 and r3 and puts the vector in r2.  exc_common saves the rest
 * as a struct pt_regs (arch/regs.h), calls a probe's hook itself for its two
 * traps as x86 does, else ppc64_trap(regs, srr1) with the kernel's
 * TOC, and returns with rfid to whatever the (possibly changed) frame
 * says: a new nip for a probe, MSR_SE for a single step.
 */
#include <arch/regs.h>
#include "asm.h"
#include "ppc64.h"

#define R(n) EXC_REGS + PT_GPR(n)

	.section .kprobes.text, "ax"

	.macro VECTOR vec
	.globl ppc64_vector_\vec
ppc64_vector_\vec:
	stdu r1, -EXC_FRAME_SIZE(r1)
	stq r2, R(2)(r1)               /* r2 and r3 (see PAIRS below) */
	li r2, \vec                    /* r2: the TOC is set again below */
	b exc_common
	.endm

#define ALL_VECTORS 0x100, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, \
	0x700, 0x800, 0x900, 0xa00, 0xb00, 0xc00, 0xd00, 0xe00, 0xf00, 0xf20, 0xf40, 0xf60

	.irp v, ALL_VECTORS
	VECTOR \v
	.endr

exc_common:
	std r0, R(0)(r1)
	ld r0, 0(r1)                   /* the back chain: the interrupted r1 */
	std r0, R(1)(r1)
	/* PAIRS: stq/lq (ISA 2.07) move an even-odd register pair to a
	 * 16-byte aligned quadword in one instruction (regs.h asserts it). */
	.irp n, 4,6,8,10,12,14,16,18,20,22,24,26,28,30
	stq r\n, R(\n)(r1)
	.endr
	mfdar r3
	stq r2, EXC_REGS + PT_TRAP(r1) /* trap (the vector), dar */
	mfsrr0 r4
	mfsrr1 r31                     /* kept in r31 (saved above) for its reason */
	lis r0, SRR1_REASON_MASK@h     /* bits, which are not MSR bits: not for rfid */
	andc r5, r31, r0
	stq r4, EXC_REGS + PT_NIP(r1)  /* nip, msr */
	mflr r4
	mfctr r5
	stq r4, EXC_REGS + PT_LINK(r1) /* link, ctr */
	mfcr r4
	mfxer r5
	stq r4, EXC_REGS + PT_CCR(r1)  /* ccr, xer */
	mfdsisr r4
	std r4, EXC_REGS + PT_DSISR(r1)

	/* "trap" (0x700, SRR1's trap bit) and the step (0xd00): to the hook. */
	andis. r0, r31, SRR1_PROGTRAP@h
	cmpdi cr1, r2, 0x700
	crandc 4*cr1+eq, 4*cr1+eq, eq  /* cr1.eq: 0x700 and the trap bit */
	LOADADDR r12, breakpoint_hook
	beq cr1, 1f
	cmpdi r2, 0xd00
	LOADADDR r12, single_step_hook
	bne 2f
1:	ld r12, 0(r12)                 /* the hook's descriptor: code, TOC */
	ld r0, 0(r12)
	ld r2, 8(r12)
	mtctr r0
	addi r3, r1, EXC_REGS
	bctrl
	.globl ppc64_hook_called       /* the unwinder knows both returns: */
ppc64_hook_called:
	andi. r0, r3, 0xff             /* true: claimed */
	bne 3f                         /* (past a nop only bl needs) */
2:	LOADADDR r12, ppc64_trap       /* the kernel's TOC, from a descriptor */
	ld r2, 8(r12)
	addi r3, r1, EXC_REGS
	mr r4, r31                     /* ppc64_trap(regs, srr1) */
	bl ppc64_trap
	.globl ppc64_trap_called       /* above them is a pt_regs */
ppc64_trap_called:
	nop                            /* the ABI's TOC-restore slot after a call */
3:	li r0, 0                       /* EE and RI off: SRR0/1 are ours now */
	mtmsrd r0, 1
	lq r4, EXC_REGS + PT_NIP(r1)
	mtsrr0 r4
	mtsrr1 r5
	lq r4, EXC_REGS + PT_LINK(r1)
	mtlr r4
	mtctr r5
	lq r4, EXC_REGS + PT_CCR(r1)
	mtcr r4
	mtxer r5
	ld r0, R(0)(r1)
	.irp n, 2,4,6,8,10,12,14,16,18,20,22,24,26,28,30
	lq r\n, R(\n)(r1)
	.endr
	ld r1, R(1)(r1)
	rfid

/* Where each stub goes, for arch_trap_init: { vector, stub } pairs, then 0. */
	.section .rodata
	.balign 8
	.globl ppc64_vector_table
ppc64_vector_table:
	.irp v, ALL_VECTORS
	.quad \v, ppc64_vector_\v
	.endr
	.quad 0, 0

/*
 * void arch_capture_regs(struct pt_regs *regs)
 * Fill regs as if a trap had happened at our return address.
 */
	.section .kprobes.text, "ax"
FUNC arch_capture_regs
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std r\n, PT_GPR(\n)(r3)
	.endr
	mflr r4
	std r4, PT_NIP(r3)             /* the caller's next instruction */
	std r4, PT_LINK(r3)
	mfmsr r4
	std r4, PT_MSR(r3)
	mfctr r4
	std r4, PT_CTR(r3)
	mfcr r4
	std r4, PT_CCR(r3)
	mfxer r4
	std r4, PT_XER(r3)
	li r4, 0
	std r4, PT_TRAP(r3)
	std r4, PT_DAR(r3)
	std r4, PT_DSISR(r3)
	ld r4, PT_GPR(4)(r3)
	blr
ENDF arch_capture_regs
