/*
 * void arch_switch_to(unsigned long *save_sp, unsigned long next_sp)
 *
 * The context switch.  Only the callee-saved registers need saving:
 * to the C code that called us this is an ordinary function call, so
 * the caller-saved ones are already dead.  We push them, store rsp,
 * load the other task's rsp, pop its registers and return -- into
 * whatever that task was doing when it called arch_switch_to, or into
 * task_entry for a new task (see arch_task_stack_init in
 * arch/x86_common/start.c).
 */
	.text
	.globl arch_switch_to
arch_switch_to:
	.irp r, rbp, rbx, r12, r13, r14, r15
	push %\r
	.endr
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	.irp r, r15, r14, r13, r12, rbx, rbp
	pop %\r
	.endr
	ret
