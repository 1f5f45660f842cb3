/*
 * void arch_switch_to(unsigned long *save_sp, unsigned long next_sp)
 *
 * The context switch: save the callee-saved registers on this task's
 * stack, store esp, load the other task's esp, restore its registers
 * and return into it (into task_entry, for a brand-new task).
 */
	.text
	.globl arch_switch_to
arch_switch_to:
	mov 4(%esp), %eax          /* save_sp */
	mov 8(%esp), %edx          /* next_sp */
	push %ebp
	push %ebx
	push %esi
	push %edi
	mov %esp, (%eax)
	mov %edx, %esp
	pop %edi
	pop %esi
	pop %ebx
	pop %ebp
	ret
