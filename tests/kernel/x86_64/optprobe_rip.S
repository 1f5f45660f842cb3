/*
 * RIP-relative probe sites for tests/kernel/x86_common/test_optprobes.c
 * (x86_64 only): the displacement of each covered instruction must be
 * rebased so that, from the detour, it still reaches the same data.
 */
#define FUNC(name) .globl name; .type name, @function; name:
#define END(name)  .size name, . - name

	.text
/* mov disp32(%rip), %eax: 6 bytes under the jmp. */
FUNC(op_rip_load)
	mov op_rip_data(%rip), %eax
	ret
END(op_rip_load)                         /* 0x5a5a */

/* lea: the address itself is RIP-relative. */
FUNC(op_rip_lea)
	lea op_rip_data(%rip), %rax
	mov (%rax), %eax
	ret
END(op_rip_lea)                          /* 0x5a5a */

/* A store with an immediate after the displacement (disp is not last). */
FUNC(op_rip_store)
	movl $0x77, op_rip_scratch(%rip)
	mov op_rip_scratch(%rip), %eax
	ret
END(op_rip_store)                        /* 0x77 */

	.data
op_rip_data:
	.long 0x5a5a
op_rip_scratch:
	.long 0
