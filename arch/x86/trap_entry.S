/*
 * i386 trap entry and exit.
 *
 * The stubs (shared with x86_64) push an error code and the vector and
 * jump here.  We push the general registers so that the stack is a
 * struct pt_regs (include/arch/regs.h), pass its address to the C
 * dispatcher and undo it all with iret.  Changes the C code makes to
 * the frame (a new ip, the trap flag) take effect on the way out.
 * The kernel's segment registers never change, so they are not saved.
 */
#include <arch/regs.h>

#include "../x86_common/trap_stubs.S"

	.section .kprobes.text, "ax"
	.globl x86_trap_common
x86_trap_common:
	/* The frame's registers, last first: pushing builds it downwards. */
	.irp r, eax, ebp, edi, esi, edx, ecx, ebx
	push %\r
	.endr
	cld
	mov %esp, %eax
	push %eax                  /* the argument: struct pt_regs * */
	/* A breakpoint -- every probe hit -- goes straight to the probe
	 * engine's hook; the other vectors go to x86_trap(), and so does a
	 * breakpoint the hook did not claim (x86_trap reports it). */
	cmpl $3, PT_VECTOR(%eax)   /* X86_VEC_BREAKPOINT */
	jne 1f
	call *breakpoint_hook
	.globl x86_hook_called, x86_trap_called   /* the unwinder knows both */
x86_hook_called:
	test %al, %al
	jnz x86_trap_called
	lea 4(%esp), %eax          /* the argument again: the hook owned its slot */
	mov %eax, (%esp)
1:	call x86_trap
x86_trap_called:
	add $4, %esp
	.irp r, ebx, ecx, edx, esi, edi, ebp, eax
	pop %\r
	.endr
	add $8, %esp               /* vector and error code */
	iret

/*
 * void arch_capture_regs(struct pt_regs *regs)
 * Fill regs as if a trap had happened at our return address.
 */
	.globl arch_capture_regs
arch_capture_regs:
	push %eax
	mov 8(%esp), %eax          /* regs */
	mov %ebx, 0(%eax)
	mov %ecx, 4(%eax)
	mov %edx, 8(%eax)
	mov %esi, 12(%eax)
	mov %edi, 16(%eax)
	mov %ebp, PT_BP(%eax)
	pop %ecx                   /* the caller's eax */
	mov %ecx, PT_AX(%eax)
	movl $0, PT_VECTOR(%eax)
	movl $0, PT_ERROR(%eax)
	mov (%esp), %ecx
	mov %ecx, PT_IP(%eax)      /* the caller's next instruction */
	mov %cs, %ecx
	mov %ecx, PT_CS(%eax)
	pushf
	pop %ecx
	mov %ecx, PT_FLAGS(%eax)
	mov 4(%eax), %ecx          /* restore the caller's ecx */
	mov PT_AX(%eax), %eax
	ret
