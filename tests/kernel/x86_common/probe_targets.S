/*
 * Functions with one of each instruction class the x86 single-step
 * fixups must handle, for test_kprobes.c beside this file.  Each takes
 * no arguments and returns a known value in eax; the instruction to
 * probe is marked with a local label, and its offset from the function
 * start is published in the table at the end, so the test registers
 * probes as "function+offset" -- the way a user would.
 *
 * The same source assembles for i386 and x86_64: AX, CX and DX name
 * the full-width registers of each mode, and IRET is that mode's own
 * interrupt return (a bare "iret" makes GAS warn on x86_64 that it
 * picked a size itself).
 */
#ifdef __x86_64__
#define AX %rax
#define CX %rcx
#define DX %rdx
#define WORD .quad
#define IRET iretq
#else
#define AX %eax
#define CX %ecx
#define DX %edx
#define WORD .long
#define IRET iretl
#endif

#define FUNC(name) .globl name; .type name, @function; name:
#define END(name)  .size name, . - name

	.text
FUNC(fx_helper_add10)
	add $10, %eax
	ret
END(fx_helper_add10)

/* call rel32: the pushed return address must be the original's. */
FUNC(fx_call_rel)
	mov $5, %eax
.Lcall_rel:
	call fx_helper_add10
	add $1, %eax                 /* runs only if we came back right */
	ret
END(fx_call_rel)                     /* returns 16 */

/* call *reg: an absolute target, but a pushed return address to fix. */
FUNC(fx_call_abs)
	mov $fx_helper_add10, DX
	mov $7, %eax
.Lcall_abs:
	call *DX
	add $1, %eax
	ret
END(fx_call_abs)                     /* returns 18 */

/* jmp rel8 and jmp rel32. */
FUNC(fx_jmp_rel8)
	mov $1, %eax
.Ljmp_rel8:
	jmp 1f
	mov $99, %eax
1:	add $2, %eax
	ret
END(fx_jmp_rel8)                     /* returns 3 */

FUNC(fx_jmp_rel32)
	mov $1, %eax
.Ljmp_rel32:
	.byte 0xe9                   /* jmp rel32, spelled out so the  */
	.long 1f - 2f                /* assembler cannot shorten it    */
2:	mov $99, %eax
1:	add $3, %eax
	ret
END(fx_jmp_rel32)                    /* returns 4 */

/* jcc taken and not taken. */
FUNC(fx_jcc)
	xor %eax, %eax
.Ljcc_taken:
	jz 1f
	mov $99, %eax
	ret
1:	mov $5, %eax
	test %eax, %eax              /* ZF = 0 */
.Ljcc_not_taken:
	jz 2f
	add $1, %eax
2:	ret
END(fx_jcc)                          /* returns 6 */

/* ret: the ip comes from the stack, nothing to fix. */
FUNC(fx_ret)
	mov $7, %eax
.Lret:
	ret
END(fx_ret)

/* push and pop: the stack moves under the step. */
FUNC(fx_push_pop)
	mov $8, %ecx
.Lpush:
	push CX
.Lpop:
	pop AX
	ret
END(fx_push_pop)                     /* returns 8 */

/* pushf: the pushed flags must not show our TF, and must show IF as it
 * was.  Returns the TF and IF bits of what pushf pushed. */
FUNC(fx_pushf)
.Lpushf:
	pushf
	pop AX
	and $0x300, %eax
	ret
END(fx_pushf)

/* loop (and jcxz): a rel8 branch on the counter. */
FUNC(fx_loop)
	mov $3, %ecx
	xor %eax, %eax
1:	add $1, %eax
.Lloop:
	loop 1b
.Ljcxz:
	jecxz 2f
	mov $99, %eax
2:	ret
END(fx_loop)                         /* returns 3 */

/* RIP-relative load and store (x86_64 only: i386 has no RIP-relative
 * addressing): the copy must reach the same data. */
#ifdef __x86_64__
FUNC(fx_rip_load)
.Lrip_load:
	mov fx_data(%rip), %eax
	ret
END(fx_rip_load)                     /* returns 0x1234 */

FUNC(fx_rip_store)
	mov $0x55, %eax
.Lrip_store:
	mov %eax, fx_data2(%rip)
	mov fx_data2(%rip), %eax
	ret
END(fx_rip_store)                    /* returns 0x55 and stores it */
#endif

/* Instructions that must be refused; never called. */
FUNC(fx_refused)
.Lhlt:
	hlt
.Lint3:
	int3
.Lint80:
	int $0x80
.Lrep:
	rep movsb
.Liret:
	IRET
	ret
END(fx_refused)

	.data
	.balign 8
	.globl fx_data, fx_data2
fx_data:  .long 0x1234
fx_data2: .long 0

/* { function, offset of the probed instruction } pairs, then 0. */
	.section .rodata
	.balign 8
	.globl fx_sites
fx_sites:
	WORD fx_call_rel,  .Lcall_rel - fx_call_rel
	WORD fx_call_abs,  .Lcall_abs - fx_call_abs
	WORD fx_jmp_rel8,  .Ljmp_rel8 - fx_jmp_rel8
	WORD fx_jmp_rel32, .Ljmp_rel32 - fx_jmp_rel32
	WORD fx_jcc,       .Ljcc_taken - fx_jcc
	WORD fx_jcc,       .Ljcc_not_taken - fx_jcc
	WORD fx_ret,       .Lret - fx_ret
	WORD fx_push_pop,  .Lpush - fx_push_pop
	WORD fx_push_pop,  .Lpop - fx_push_pop
	WORD fx_pushf,     .Lpushf - fx_pushf
	WORD fx_loop,      .Lloop - fx_loop
	WORD fx_loop,      .Ljcxz - fx_loop
#ifdef __x86_64__
	WORD fx_rip_load,  .Lrip_load - fx_rip_load
	WORD fx_rip_store, .Lrip_store - fx_rip_store
#endif
	WORD 0, 0
	.globl fx_refused_sites
fx_refused_sites:
	WORD .Lhlt - fx_refused, .Lint3 - fx_refused, .Lint80 - fx_refused
	WORD .Lrep - fx_refused, .Liret - fx_refused
	.globl fx_nr_refused
fx_nr_refused: .long 5
