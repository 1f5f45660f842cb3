/*
 * x86_64 trap entry and exit.
 *
 * The stubs (shared with i386) push an error code and the vector and
 * jump here.  We push the general registers in the order that makes
 * the stack a struct pt_regs (include/arch/regs.h), call the C
 * dispatcher with a pointer to it, and undo it all with iretq.  Any
 * change the C code made to the frame -- a new ip for a probe, the
 * trap flag for single-stepping -- takes effect on the way out.
 */
#include <arch/regs.h>

#include "../x86_common/trap_stubs.S"

	.section .kprobes.text, "ax"
	.globl x86_trap_common
x86_trap_common:
	/* The frame's registers, last first: pushing builds it downwards. */
	.irp r, rdi, rsi, rdx, rcx, rax, r8, r9, r10, r11, rbx, rbp, r12, r13, r14, r15
	push %\r
	.endr
	cld
	mov %rsp, %rdi             /* struct pt_regs * ; rsp is 16-aligned here */
	cmpq $3, PT_VECTOR(%rdi)   /* a breakpoint (every probe hit) goes */
	jne 1f                     /* straight to the probe engine's hook */
	call *breakpoint_hook(%rip)
	.globl x86_hook_called, x86_trap_called   /* the unwinder knows both */
x86_hook_called:
	test %al, %al
	jnz x86_trap_called
	mov %rsp, %rdi             /* not claimed: x86_trap() reports it */
1:	call x86_trap
x86_trap_called:
	.irp r, r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi
	pop %\r
	.endr
	add $16, %rsp              /* vector and error code */
	iretq

/*
 * void arch_capture_regs(struct pt_regs *regs)
 * Fill regs as if a trap had happened at our return address.
 */
	.globl arch_capture_regs
arch_capture_regs:
	.set off, PT_R15                /* the general registers, in frame order */
	.irp r, r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi
	mov %\r, off(%rdi)
	.set off, off + 8
	.endr
	movq $0, PT_VECTOR(%rdi)
	movq $0, PT_ERROR(%rdi)
	mov (%rsp), %rax
	mov %rax, PT_IP(%rdi)      /* the caller's next instruction */
	mov %cs, %eax
	mov %rax, PT_CS(%rdi)
	pushf
	popq PT_FLAGS(%rdi)
	lea 8(%rsp), %rax          /* the caller's rsp after we return */
	mov %rax, PT_SP(%rdi)
	mov %ss, %eax
	mov %rax, PT_SS(%rdi)
	mov PT_AX(%rdi), %rax
	ret
