/*
 * Functions with each instruction form the ppc64 breakpoint handler
 * emulates (arch_emulate, arch/ppc64/kprobes.c), for test_emulate.c,
 * and a few near misses it must single-step instead.  Each takes no
 * arguments and returns a known value in r3.
 *
 * The table at the end: { function, offset of the probed instruction,
 * result, single-steps expected, and what the instruction does }, the
 * last as "kind, dst, src, imm" on the words of a struct pt_regs
 * (0..31 the GPRs, 34 LR, 35 CTR; src -1 reads 0):
 *   EM_ADD  dst = src + imm        EM_OR   dst = src | imm
 *   EM_LD   dst = the word at r1 + imm
 *   EM_STD  the word at r1 + imm = src; EM_STDU: and r1 = r1 + imm
 *   EM_ANY  only the result, the steps and nip are checked
 * The kinds are numbered as in test_emulate.c; this is the test's own
 * account of each instruction, written apart from the decoder's.
 */
#include "../../../arch/ppc64/asm.h"

#define EM_ADD  0
#define EM_OR   1
#define EM_LD   2
#define EM_STD  3
#define EM_STDU 4
#define EM_ANY  5
#define LR  34
#define CTR 35

	.text
/* r3 += 10, called from pe_frame. */
pe_add10:
	addi r3, r3, 10
	blr

/* A whole prologue and epilogue, as GCC writes them: every word but the
 * bl and the blr is a site.  5, + 10 in the call, + r31's 5: 20. */
FUNC pe_frame
.Lmflr:	mflr r0
.Lstd31:
	std r31, -8(r1)
.Lstd0:	std r0, 16(r1)
.Lstdu:	stdu r1, -128(r1)
.Lli:	li r3, 5
.Lmr:	mr r31, r3
	bl pe_add10
	add r3, r3, r31
.Lpop:	addi r1, r1, 128
.Lld0:	ld r0, 16(r1)
.Lld31:	ld r31, -8(r1)
.Lmtlr:	mtlr r0
	blr
ENDF pe_frame

/* Arithmetic on immediates: each site's result feeds the next. */
FUNC pe_imm
.Llis:	lis r3, -2                       /* 0xfffffffffffe0000 */
.Laddis:
	addis r3, r3, 3                  /* 0x10000 */
.Lori:	ori r4, r3, 0x8001               /* r4 = 0x18001 */
.Laddi:	addi r3, r4, -1                  /* 0x18000 */
.Loris:	oris r3, r3, 0xffff              /* 0xffff8000: no sign extension */
.Lnop:	nop
	blr
ENDF pe_imm

/* CTR both ways: 21. */
FUNC pe_ctr
	li r4, 21
.Lmtctr:
	mtctr r4
.Lmfctr:
	mfctr r3
	blr
ENDF pe_ctr

/* Near misses, stepped: a store below the protected zone, "or." (it
 * sets CR0), a store not based on r1, ldu.  3 + 4 + 4 = 11. */
FUNC pe_stepped
.Lbig:	stdu r1, -400(r1)
	addi r1, r1, 400
	li r3, 3
	li r4, 4
.Lordot:
	or. r5, r4, r4
	mr r6, r1
.Lstdr6:
	std r4, -16(r6)
.Lldu:	ldu r7, -16(r6)
	add r3, r3, r5
	add r3, r3, r7
	blr
ENDF pe_stepped

	.section .rodata
	.balign 8
	.macro SITE fn, label, result, steps, kind, dst=0, src=0, imm=0
	.quad \fn, \label - .L.\fn, \result, \steps, \kind, \dst, \src, \imm
	.endm
	.globl pe_sites
pe_sites:
	SITE pe_frame, .Lmflr,   20, 0, EM_ADD, 0, LR
	SITE pe_frame, .Lstd31,  20, 0, EM_STD, 0, 31, -8
	SITE pe_frame, .Lstd0,   20, 0, EM_STD, 0, 0, 16
	SITE pe_frame, .Lstdu,   20, 0, EM_STDU, 0, 1, -128
	SITE pe_frame, .Lli,     20, 0, EM_ADD, 3, -1, 5
	SITE pe_frame, .Lmr,     20, 0, EM_ADD, 31, 3
	SITE pe_frame, .Lpop,    20, 0, EM_ADD, 1, 1, 128
	SITE pe_frame, .Lld0,    20, 0, EM_LD, 0, 0, 16
	SITE pe_frame, .Lld31,   20, 0, EM_LD, 31, 0, -8
	SITE pe_frame, .Lmtlr,   20, 0, EM_ADD, LR, 0
	SITE pe_imm,   .Llis,    0xffff8000, 0, EM_ADD, 3, -1, -0x20000
	SITE pe_imm,   .Laddis,  0xffff8000, 0, EM_ADD, 3, 3, 0x30000
	SITE pe_imm,   .Lori,    0xffff8000, 0, EM_OR, 4, 3, 0x8001
	SITE pe_imm,   .Laddi,   0xffff8000, 0, EM_ADD, 3, 4, -1
	SITE pe_imm,   .Loris,   0xffff8000, 0, EM_OR, 3, 3, 0xffff0000
	SITE pe_imm,   .Lnop,    0xffff8000, 0, EM_ADD, 0, 0, 0
	SITE pe_ctr,   .Lmtctr,  21, 0, EM_ADD, CTR, 4
	SITE pe_ctr,   .Lmfctr,  21, 0, EM_ADD, 3, CTR
	SITE pe_stepped, .Lbig,   11, 1, EM_STDU, 0, 1, -400
	SITE pe_stepped, .Lordot, 11, 1, EM_ANY
	SITE pe_stepped, .Lstdr6, 11, 1, EM_ANY
	SITE pe_stepped, .Lldu,   11, 1, EM_ANY
	.quad 0
