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
