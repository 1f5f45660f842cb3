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
	.irp r, ebp, ebx, esi, edi
	push %\r
	.endr
	mov %esp, (%eax)
	mov %edx, %esp
	.irp r, edi, esi, ebx, ebp
	pop %\r
	.endr
	ret
