/*
 * One function per instruction form the x86 breakpoint handler
 * emulates (arch_emulate in arch/x86_common/kprobes.c), for
 * test_emulate.c beside this file.  Each probed instruction has a local
 * label, and the table at the end says, for each: the function to call,
 * the probed address, where the ip must be after the instruction, what
 * it does (EM_* in test_emulate.c), an argument, the value the function
 * returns, and how many single-step traps the hit may take (0: it was
 * emulated).
 */
#ifdef __x86_64__
#define AX %rax
#define CX %rcx
#define BP %rbp
#define SP %rsp
#define WORD .quad
#else
#define AX %eax
#define CX %ecx
#define BP %ebp
#define SP %esp
#define WORD .long
#endif

/* What the instruction does: the EM_* values of test_emulate.c. */
#define EM_NOP 0
#define EM_PUSH_BP 1
#define EM_MOV_SP_BP 2
#define EM_MOV_CX_AX 3
#define EM_LEA 4
#define EM_MOV_IMM 5
#define EM_XOR 6
#define EM_SP 7
#define EM_PUSH_R12 8
#define EM_PUSH_BX 9
#define EM_CALL 10
#define EM_RET 11

#define FUNC(name) .globl name; .type name, @function; name:
#define END(name)  .size name, . - name

	.text
FUNC(em_push_bp)
.Lpush_bp:
	push BP
.Lpush_bp_end:
	mov $1, %eax
	pop BP
	ret
END(em_push_bp)

FUNC(em_mov_sp_bp)
	push BP
.Lmov_sp_bp:
	mov SP, BP
.Lmov_sp_bp_end:
	mov $2, %eax
	pop BP
	ret
END(em_mov_sp_bp)

FUNC(em_mov_8b)
	mov $-1, AX
	mov $3, %ecx
.Lmov_8b:
	.byte 0x8b, 0xc1             /* mov %ecx, %eax in its 8b /r form */
.Lmov_8b_end:
	ret
END(em_mov_8b)                       /* returns 3 */

FUNC(em_nops)
.Lnop:	nop
.Lnopl:	nopl 0(AX)
.Lxchg:	xchg %ax, %ax
.Lendbr64:
	.byte 0xf3, 0x0f, 0x1e, 0xfa   /* endbr64 */
.Lendbr32:
	.byte 0xf3, 0x0f, 0x1e, 0xfb   /* endbr32 */
.Lnops_end:
	mov $4, %eax
	ret
END(em_nops)

FUNC(em_lea)
	mov $41, %ecx
.Llea:	lea 1(CX), %eax
.Llea_end:
	ret
END(em_lea)                          /* returns 42 */

FUNC(em_mov_imm)
	mov $-1, AX
.Lmov_imm:
	mov $0x1234, %eax
.Lmov_imm_end:
	ret
END(em_mov_imm)

FUNC(em_xor)
	mov $-1, AX
	stc
.Lxor:	xor %eax, %eax
.Lxor_end:
	adc $5, %eax                 /* 5 only if xor cleared CF */
	ret
END(em_xor)

FUNC(em_jmp)
	mov $1, %eax
.Ljmp8:	jmp .Ljmp8_to
	mov $99, %eax
.Ljmp8_to:
.Ljmp32:
	.byte 0xe9                   /* jmp rel32, spelled out so the  */
	.long .Ljmp32_to - 1f        /* assembler cannot shorten it    */
1:	mov $99, %eax
.Ljmp32_to:
	add $5, %eax
	ret
END(em_jmp)                          /* returns 6 */

FUNC(em_call)
.Lcall:	call em_helper
.Lcall_ret:
	add $1, %eax
	ret
END(em_call)                         /* returns 10 */

FUNC(em_helper)
	mov $9, %eax
.Lret:	ret
END(em_helper)

#ifdef __x86_64__
FUNC(em_push_r12)
.Lpush_r12:
	push %r12
.Lpush_r12_end:
	mov $7, %eax
	pop %r12
	ret
END(em_push_r12)

FUNC(em_sp)
.Lsub8:	sub $0x28, %rsp
.Lsub32:
	sub $0x100, %rsp
.Ladd32:
	add $0x100, %rsp
.Ladd8:	add $0x28, %rsp
.Lsp_end:
	mov $8, %eax
	ret
END(em_sp)

/* rsp is 16-aligned at this push: the word would go where the CPU put
 * the trap's frame, so the hit falls back to a single-step. */
FUNC(em_push_aligned)
	push %rbp
.Lpush_aligned:
	push %rbx
.Lpush_aligned_end:
	mov $11, %eax
	pop %rbx
	pop %rbp
	ret
END(em_push_aligned)
#endif

/* { function, site, ip after it, EM_*, argument, result, steps }, then 0. */
	.section .rodata
	.balign 8
	.globl em_cases
em_cases:
	WORD em_push_bp,   .Lpush_bp,   .Lpush_bp_end,   EM_PUSH_BP,   0, 1, 0
	WORD em_mov_sp_bp, .Lmov_sp_bp, .Lmov_sp_bp_end, EM_MOV_SP_BP, 0, 2, 0
	WORD em_mov_8b,    .Lmov_8b,    .Lmov_8b_end,    EM_MOV_CX_AX, 0, 3, 0
	WORD em_nops,      .Lnop,       .Lnopl,          EM_NOP,       0, 4, 0
	WORD em_nops,      .Lnopl,      .Lxchg,          EM_NOP,       0, 4, 0
	WORD em_nops,      .Lxchg,      .Lendbr64,       EM_NOP,       0, 4, 0
	WORD em_nops,      .Lendbr64,   .Lendbr32,       EM_NOP,       0, 4, 0
	WORD em_nops,      .Lendbr32,   .Lnops_end,      EM_NOP,       0, 4, 0
	WORD em_lea,       .Llea,       .Llea_end,       EM_LEA,       0, 42, 0
	WORD em_mov_imm,   .Lmov_imm,   .Lmov_imm_end,   EM_MOV_IMM,   0x1234, 0x1234, 0
	WORD em_xor,       .Lxor,       .Lxor_end,       EM_XOR,       0, 5, 0
	WORD em_jmp,       .Ljmp8,      .Ljmp8_to,       EM_NOP,       0, 6, 0
	WORD em_jmp,       .Ljmp32,     .Ljmp32_to,      EM_NOP,       0, 6, 0
	WORD em_call,      .Lcall,      em_helper,       EM_CALL,      .Lcall_ret, 10, 0
	WORD em_call,      .Lret,       .Lcall_ret,      EM_RET,       0, 10, 0
#ifdef __x86_64__
	WORD em_push_r12,  .Lpush_r12,  .Lpush_r12_end,  EM_PUSH_R12,  0, 7, 0
	WORD em_sp,        .Lsub8,      .Lsub32,         EM_SP,        -0x28, 8, 0
	WORD em_sp,        .Lsub32,     .Ladd32,         EM_SP,        -0x100, 8, 0
	WORD em_sp,        .Ladd32,     .Ladd8,          EM_SP,        0x100, 8, 0
	WORD em_sp,        .Ladd8,      .Lsp_end,        EM_SP,        0x28, 8, 0
	WORD em_push_aligned, .Lpush_aligned, .Lpush_aligned_end, EM_PUSH_BX, 0, 11, 1
#endif
	WORD 0, 0, 0, 0, 0, 0, 0
