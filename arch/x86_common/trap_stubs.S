/*
 * The 48 trap entry stubs, shared by the i386 and x86_64 ports (each port's
 * trap_entry.S includes this file and defines x86_trap_common).
 *
 * Every stub is 16 bytes long, so the IDT code finds stub n at
 * x86_trap_stubs + 16 * n without a table.  A stub makes the stack
 * look the same for every vector -- an error code (a dummy 0 where the
 * CPU pushes none), then the vector number -- and jumps to the common
 * code.  "push $imm" pushes 4 bytes in 32-bit code and 8 in 64-bit
 * code, which is exactly what each port's struct pt_regs expects.
 */
.macro TRAP_STUB n
	.balign 16
	/* These exceptions push an error code of their own. */
	.if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	push $0
	.endif
	push $\n
	jmp x86_trap_common
.endm

	.section .kprobes.text, "ax"      /* the trap path is never probed */
	.balign 16
	.globl x86_trap_stubs
x86_trap_stubs:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23, \
		24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	TRAP_STUB \n
	.endr
