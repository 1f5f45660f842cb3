/*
 * Assembly helpers for the ppc64 port.
 *
 * FUNC/ENDF define a C-callable function under the ELFv1 ABI: the
 * symbol "name" is a descriptor { code, TOC, 0 } in .opd, as GCC emits
 * for C functions, and ".L.name" is the code.  C calls it like any
 * other function; nm --synthetic shows its code as ".name".
 */
	.macro FUNC name
	.section ".opd", "aw"
	.balign 8
	.globl \name
\name:
	.quad .L.\name, .TOC.@tocbase, 0
	.previous
	.type \name, @function
.L.\name:
	.endm

	.macro ENDF name
	.size \name, . - .L.\name
	.endm

/* Load a symbol's address (the kernel lies below 2 GiB). */
	.macro LOADADDR reg, sym
	lis \reg, \sym@ha
	addi \reg, \reg, \sym@l
	.endm

/* MSR[SF] on / off: 64-bit / 32-bit mode.  Clobbers r11, r12. */
	.macro SET_SF
	mfmsr r11
	li r12, 1
	sldi r12, r12, 63
	or r11, r11, r12
	mtmsrd r11
	isync
	.endm

	.macro CLEAR_SF
	mfmsr r11
	rldicl r11, r11, 0, 1
	mtmsrd r11
	isync
	.endm
