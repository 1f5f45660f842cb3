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
	push %rdi
	push %rsi
	push %rdx
	push %rcx
	push %rax
	push %r8
	push %r9
	push %r10
	push %r11
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	cld
	mov %rsp, %rdi             /* struct pt_regs * ; rsp is 16-aligned here */
	call x86_trap
	.globl x86_trap_called          /* the unwinder knows this return address */
x86_trap_called:
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rax
	pop %rcx
	pop %rdx
	pop %rsi
	pop %rdi
	add $16, %rsp              /* vector and error code */
	iretq

/*
 * void arch_capture_regs(struct pt_regs *regs)
 * Fill regs as if a trap had happened at our return address.
 */
	.globl arch_capture_regs
arch_capture_regs:
	mov %r15, 0(%rdi)
	mov %r14, 8(%rdi)
	mov %r13, 16(%rdi)
	mov %r12, 24(%rdi)
	mov %rbp, PT_BP(%rdi)
	mov %rbx, 40(%rdi)
	mov %r11, 48(%rdi)
	mov %r10, 56(%rdi)
	mov %r9, 64(%rdi)
	mov %r8, 72(%rdi)
	mov %rax, PT_AX(%rdi)
	mov %rcx, 88(%rdi)
	mov %rdx, 96(%rdi)
	mov %rsi, 104(%rdi)
	mov %rdi, PT_DI(%rdi)
	movq $0, PT_VECTOR(%rdi)
	movq $0, PT_ERROR(%rdi)
	mov (%rsp), %rax
	mov %rax, PT_IP(%rdi)      /* the caller's next instruction */
	mov %cs, %eax
	mov %rax, PT_CS(%rdi)
	pushf
	pop %rax
	mov %rax, PT_FLAGS(%rdi)
	lea 8(%rsp), %rax          /* the caller's rsp after we return */
	mov %rax, PT_SP(%rdi)
	mov %ss, %eax
	mov %rax, PT_SS(%rdi)
	mov PT_AX(%rdi), %rax
	ret
