/*
 * Probe sites for test_optprobes.c beside this file: functions whose
 * first 5 bytes (the jmp an optimised probe writes) cover one class of
 * instruction that must be relocated into the detour -- or one reason
 * the site must stay int3.  Each returns a known value in eax and is
 * probed at its start unless its table entry says otherwise.  The same
 * source assembles for i386 and x86_64 (DX and BP name the full-width
 * registers).  x86_64's RIP-relative targets are in ../x86_64/.
 */
#ifdef __x86_64__
#define DX %rdx
#define BP %rbp
#define SP %rsp
#else
#define DX %edx
#define BP %ebp
#define SP %esp
#endif

#define FUNC(name) .globl name; .type name, @function; name:
/* A probe site inside a function, for C: a word holding its address (a
 * label there would be a symbol of its own, and not a sized function). */
#ifdef __x86_64__
#define SITE_ADDRESS(l) .pushsection .rodata; .globl op_regs_site; op_regs_site: .quad l; .popsection
#else
#define SITE_ADDRESS(l) .pushsection .rodata; .globl op_regs_site; op_regs_site: .long l; .popsection
#endif
#define END(name)  .size name, . - name

	.text
/* Plain instructions: a frame, as GCC writes one. */
FUNC(op_plain)
	push BP
	mov SP, BP
	mov $3, %eax
	pop BP
	ret
END(op_plain)                            /* 3 */

/* jmp rel8 in the covered bytes: re-encoded as jmp rel32. */
FUNC(op_jmp8)
	jmp 1f
	mov $1, %eax                     /* covered, never run */
1:	mov $7, %eax
	ret
END(op_jmp8)                             /* 7 */

/* jcc rel8, taken and not taken: jcc rel32 with the same condition. */
FUNC(op_jcc8_taken)
	xor %eax, %eax
	jz 1f
	mov $9, %eax
1:	add $5, %eax
	ret
END(op_jcc8_taken)                       /* 5 */

FUNC(op_jcc8_not)
	xor %eax, %eax
	jnz 1f
	mov $9, %eax                     /* runs in the detour */
1:	add $5, %eax
	ret
END(op_jcc8_not)                         /* 14 */

/* jmp rel32 and jcc rel32: their displacement rebased. */
FUNC(op_jmp32)
	.byte 0xe9
	.long 1f - 2f
2:	mov $1, %eax
	ret
1:	mov $11, %eax
	ret
END(op_jmp32)                            /* 11 */

FUNC(op_jcc32)
	xor %eax, %eax
	.byte 0x0f, 0x84                 /* jz rel32 */
	.long 1f - 2f
2:	mov $1, %eax
	ret
1:	mov $12, %eax
	ret
END(op_jcc32)                            /* 12 */

/* call rel32, the last covered instruction: "push $return; jmp". */
FUNC(op_helper_20)
	mov $20, %eax
	ret
END(op_helper_20)

FUNC(op_call)
	call op_helper_20
	add $1, %eax                     /* only if we came back right */
	ret
END(op_call)                             /* 21 */

/* pushf and a stack operand: they see the real flags and stack. */
FUNC(op_pushf)
	pushf
	pop DX
	and $0x200, %edx                 /* IF, as the caller had it */
	mov %edx, %eax
	ret
END(op_pushf)                            /* 0x200: interrupts on */

/* Refused: a loop jumps back to byte 2, inside the jmp. */
FUNC(op_target_inside)
	xor %eax, %eax
1:	add $1, %eax
	cmp $3, %eax
	jl 1b
	ret
END(op_target_inside)                    /* 3 */

/* Refused: probed at +2, the function ends under the jmp. */
FUNC(op_near_end)
	xor %eax, %eax
	add $4, %eax
	ret
END(op_near_end)                         /* 4 */

/* Refused: loop has no rel32 form (probed at +7, the add). */
FUNC(op_unrelocatable)
	xor %eax, %eax
	mov $2, %ecx
1:	add $1, %eax
	loop 1b
	ret
END(op_unrelocatable)                    /* 2 */

/* Refused: an indirect jump somewhere in the function. */
FUNC(op_indirect)
	mov $1f, DX
	mov $6, %eax
	jmp *DX
1:	ret
END(op_indirect)                         /* 6 */

/*
 * Every general register holds a known value at op_regs_site, where
 * the test puts its probe: the handler must see them all, and the
 * function returns ax (which the handler sets) plus all the others,
 * which must come through the hit unchanged.
 */
FUNC(op_regs)
#ifdef __x86_64__
	push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15
	mov $0xa0, %eax; mov $0xb0, %ebx; mov $0xc0, %ecx; mov $0xd0, %edx
	mov $0x51, %esi; mov $0xd1, %edi; mov $0xb1, %ebp
	mov $0x108, %r8; mov $0x109, %r9; mov $0x110, %r10; mov $0x111, %r11
	mov $0x112, %r12; mov $0x113, %r13; mov $0x114, %r14; mov $0x115, %r15
	SITE_ADDRESS(1f)                         /* op_regs_site: where it is */
1:	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00       /* nopl: the probe */
	add %rbx, %rax; add %rcx, %rax; add %rdx, %rax; add %rsi, %rax
	add %rdi, %rax; add %rbp, %rax; add %r8, %rax; add %r9, %rax
	add %r10, %rax; add %r11, %rax; add %r12, %rax; add %r13, %rax
	add %r14, %rax; add %r15, %rax
	pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx
#else
	push %ebx; push %ebp; push %esi; push %edi
	mov $0xa0, %eax; mov $0xb0, %ebx; mov $0xc0, %ecx; mov $0xd0, %edx
	mov $0x51, %esi; mov $0xd1, %edi; mov $0xb1, %ebp
	SITE_ADDRESS(1f)
1:	.byte 0x0f, 0x1f, 0x44, 0x00, 0x00       /* nopl: the probe */
	add %ebx, %eax; add %ecx, %eax; add %edx, %eax; add %esi, %eax
	add %edi, %eax; add %ebp, %eax
	pop %edi; pop %esi; pop %ebp; pop %ebx
#endif
	ret
END(op_regs)
