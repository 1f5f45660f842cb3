/*
 * Functions with each ppc64 branch form, and instructions that use LR,
 * for tests/kernel/ppc64/test_kprobes.c.  Each takes no arguments and
 * returns a known value in r3; the instruction to probe is marked with
 * a local label, and the table at the end gives { function, offset of
 * the probed instruction, expected result, expected hits }, so the test
 * registers probes as "function+offset" -- the way a user would.
 *
 * ELFv1: each function is a descriptor in .opd ("name", what C calls)
 * plus its code (".L.name"); offsets are from the code.
 */

/* FUNC/ENDF: an ELFv1 function (descriptor in .opd, code at .L.name),
 * the same macros the port itself uses. */
#include "../../../arch/ppc64/asm.h"

	.macro PROLOGUE
	mflr r0
	std r0, 16(r1)
	stdu r1, -112(r1)
	.endm

	.macro EPILOGUE
	addi r1, r1, 112
	ld r0, 16(r1)
	mtlr r0
	blr
	.endm

	.text
/* Called with bl, bla, bctrl and blrl below: r3 += 10. */
pp_helper_add10:
	addi r3, r3, 10
	blr

/* b: relative, unconditional. */
FUNC pp_b
	li r3, 1
.Lb:	b 1f
	li r3, 99
1:	addi r3, r3, 2
	blr                              /* 3 */
ENDF pp_b

/* bl: relative with link; LR must come back as .Lbl + 4.  Its mflr and
 * mtlr are probed too: they read and write LR. */
FUNC pp_bl
.Lmflr:	mflr r0
	std r0, 16(r1)
	stdu r1, -112(r1)
	li r3, 5
.Lbl:	bl pp_helper_add10
	addi r3, r3, 1
	addi r1, r1, 112
	ld r0, 16(r1)
.Lmtlr:	mtlr r0
	blr                              /* 16 */
ENDF pp_bl

/* bla: absolute with link (the kernel lies below 32 MiB). */
FUNC pp_bla
	PROLOGUE
	li r3, 3
.Lbla:	bla pp_helper_add10
	addi r3, r3, 1
	EPILOGUE                         /* 14 */
ENDF pp_bla

/* bc, taken and not taken. */
FUNC pp_bc
	li r4, 1
	cmpdi r4, 1
.Lbc_taken:
	beq 1f
	li r3, 99
	blr
1:	li r3, 6
	cmpdi r4, 2
.Lbc_not_taken:
	beq 2f
	addi r3, r3, 1
2:	blr                              /* 7 */
ENDF pp_bc

/* bcl 20,31,$+4, the "where am I" idiom: LR must be the original's +4. */
FUNC pp_bcl
	mflr r5
.Lbcl:	bcl 20, 31, 1f
1:	mflr r4
	mtlr r5
	lis r6, 1b@ha
	addi r6, r6, 1b@l
	subf r3, r6, r4                  /* 0 if LR is right */
	addi r3, r3, 4
	blr                              /* 4 */
ENDF pp_bcl

/* An illegal instruction (reserved opcode 5) as the probed one: its
 * copy faults, boosted or stepped; the test's fault handler skips it. */
FUNC pp_illegal
	li r3, 1
	.long 0x14000000
	blr                              /* 1, or what the handler says */
ENDF pp_illegal

/* blr: to LR, absolute. */
FUNC pp_blr
	li r3, 7
.Lblr:	blr                              /* 7 */
ENDF pp_blr

/* bctr: to CTR, absolute. */
FUNC pp_bctr
	lis r12, 1f@ha
	addi r12, r12, 1f@l
	mtctr r12
	li r3, 8
.Lbctr:	bctr
	li r3, 99
	blr
1:	addi r3, r3, 1
	blr                              /* 9 */
ENDF pp_bctr

/* bctrl: to CTR, with link. */
FUNC pp_bctrl
	PROLOGUE
	lis r12, pp_helper_add10@ha
	addi r12, r12, pp_helper_add10@l
	mtctr r12
	li r3, 1
.Lbctrl:
	bctrl
	addi r3, r3, 1
	EPILOGUE                         /* 12 */
ENDF pp_bctrl

/* blrl (bclrl 20,0): to LR, and LR = the next instruction. */
FUNC pp_blrl
	PROLOGUE
	lis r12, pp_helper_add10@ha
	addi r12, r12, pp_helper_add10@l
	mtlr r12
	li r3, 2
.Lblrl:	blrl
	addi r3, r3, 1
	EPILOGUE                         /* 13 */
ENDF pp_blrl

/* bdnz: a loop, taken twice and not taken once. */
FUNC pp_bdnz
	li r3, 0
	li r4, 3
	mtctr r4
1:	addi r3, r3, 2
.Lbdnz:	bdnz 1b
	blr                              /* 6 */
ENDF pp_bdnz

/* Instructions ppc64 refuses to probe.  Never called. */
FUNC pp_refused
.Ltrap:	trap
.Ltwi:	twi 31, r0, 0
.Ltd:	td 31, r0, r0
.Lsc:	sc
.Lmtmsrd:
	mtmsrd r3
.Lmfmsr:
	mfmsr r3
.Lrfid:	rfid
.Lmtsrr0:
	mtsrr0 r3
.Llwarx:
	lwarx r3, 0, r4
.Lstdcx:
	stdcx. r3, 0, r4
.Laddpcis:
	.long 0x4c600004                 /* addpcis r3, 0 (POWER9) */
.Lattn:	.long 0x00000200                 /* attn */
.Lmtsprg3:
	mtsprg 3, r3                     /* the boosted slot's scratch */
	blr
ENDF pp_refused

	.section .rodata
	.balign 8
	.globl pp_sites
pp_sites:
	.quad pp_b,      .Lb - .L.pp_b,                  3, 1
	.quad pp_bl,     .Lmflr - .L.pp_bl,             16, 1
	.quad pp_bl,     .Lbl - .L.pp_bl,               16, 1
	.quad pp_bl,     .Lmtlr - .L.pp_bl,             16, 1
	.quad pp_bla,    .Lbla - .L.pp_bla,             14, 1
	.quad pp_bc,     .Lbc_taken - .L.pp_bc,          7, 1
	.quad pp_bc,     .Lbc_not_taken - .L.pp_bc,      7, 1
	.quad pp_bcl,    .Lbcl - .L.pp_bcl,              4, 1
	.quad pp_blr,    .Lblr - .L.pp_blr,              7, 1
	.quad pp_bctr,   .Lbctr - .L.pp_bctr,            9, 1
	.quad pp_bctrl,  .Lbctrl - .L.pp_bctrl,         12, 1
	.quad pp_blrl,   .Lblrl - .L.pp_blrl,           13, 1
	.quad pp_bdnz,   .Lbdnz - .L.pp_bdnz,            6, 3
	.quad 0, 0, 0, 0

	.globl pp_refused_sites
pp_refused_sites:
	.quad .Ltrap - .L.pp_refused, .Ltwi - .L.pp_refused, .Ltd - .L.pp_refused
	.quad .Lsc - .L.pp_refused, .Lmtmsrd - .L.pp_refused, .Lmfmsr - .L.pp_refused
	.quad .Lrfid - .L.pp_refused, .Lmtsrr0 - .L.pp_refused, .Llwarx - .L.pp_refused
	.quad .Lstdcx - .L.pp_refused, .Laddpcis - .L.pp_refused, .Lattn - .L.pp_refused
	.quad .Lmtsprg3 - .L.pp_refused
	.quad -1
