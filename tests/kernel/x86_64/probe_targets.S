/*
 * A probe target for test_kprobes.c beside this file: a load through
 * the pointer argument, which faults for a bad pointer, so the fault
 * happens in the probe's copy of the instruction.
 */
	.text
	.globl fx_load
	.type fx_load, @function
fx_load:
	mov (%rdi), %rax             /* 3 bytes: 48 8b 07 */
	ret
	.size fx_load, . - fx_load
