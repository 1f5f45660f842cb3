/*
 * i386 trap entry and exit.
 *
 * The stubs (shared with x86_64) push an error code and the vector and
 * jump here.  We push sp, the flags and the general registers so that
 * the stack is a struct pt_regs (include/arch/regs.h), pass its address
 * to the C dispatcher and undo it all with iret.  Changes the C code
 * makes to the frame (a new ip, the trap flag, a new sp) take effect on
 * the way out.
 * The kernel's segment registers never change, so they are not saved.
 */
#include <arch/regs.h>

#include "../x86_common/trap_stubs.S"

	.section .kprobes.text, "ax"
	.globl x86_trap_common
x86_trap_common:
	/*
	 * The CPU pushed ip, cs and flags right below the interrupted sp,
	 * the stub an error code and the vector.  The frame gets the sp
	 * (those five words up) and a copy of the flags below them, so
	 * that the CPU's flags word is free: an emulated push puts its
	 * word there (regs.h).  Then the registers, last first.
	 */
	push %esp
	addl $20, (%esp)           /* sp: push pushed the vector's address */
	pushl 20(%esp)             /* the flags */
	.irp r, eax, ebp, edi, esi, edx, ecx, ebx
	push %\r
	.endr
	cld
	push %esp                  /* the argument: struct pt_regs * */
	/* A breakpoint -- every probe hit -- goes straight to the probe
	 * engine's hook; the other vectors go to x86_trap(), and so does a
	 * breakpoint the hook did not claim (x86_trap reports it). */
	cmpl $3, PT_VECTOR+4(%esp) /* X86_VEC_BREAKPOINT */
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
	lea PT_SIZE+4(%esp), %eax  /* the sp the trap came with */
	cmp %eax, PT_SP(%esp)
	jne 2f
	.irp r, ebx, ecx, edx, esi, edi, ebp, eax
	pop %\r
	.endr
	popl 20(%esp)              /* the flags back into iret's frame */
	add $12, %esp              /* sp, vector and error code */
	iret
	/*
	 * A probe moved sp (an emulated push, call or ret): iret must leave
	 * it there, so its three words go right below the new sp.  Each is
	 * read before any is written (they may overlap), and the registers
	 * are restored after: this holds for any sp from 8 bytes below the
	 * old one up (a push is 4), or below the whole frame.  Interrupts
	 * are off here (every gate is an interrupt gate, and a hit runs
	 * with them off): between the two instructions before the iret, an
	 * interrupt would push its own frame onto the one just written.
	 */
2:	mov PT_SP(%esp), %eax
	mov PT_IP(%esp), %ecx
	mov PT_CS(%esp), %edx
	mov PT_FLAGS(%esp), %ebx
	mov %ecx, -12(%eax)
	mov %edx, -8(%eax)
	mov %ebx, -4(%eax)
	.irp r, ebx, ecx, edx, esi, edi, ebp, eax
	pop %\r
	.endr
	mov 4(%esp), %esp          /* the new sp, */
	sub $12, %esp              /* and iret's frame below it */
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
	lea 4(%esp), %ecx
	mov %ecx, PT_SP(%eax)      /* the caller's, after our ret */
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
