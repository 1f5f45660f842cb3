/*
 * Targets for tests/kernel/sparc64/test_kprobes.c: one probe on each
 * branch form, on call, jmpl, ret and retl.  Each function returns a
 * value that comes out wrong if the step or the emulation takes the
 * wrong path or runs (or skips) the wrong delay slot.
 */
	.text
	.macro FN name
	.globl \name
	.type \name, #function
	.balign 32
\name:
	.endm
	.macro END name
	.size \name, . - \name
	.endm

FN sp_bne_taken                 /* delay slot runs, branch taken: 6 */
	mov 1, %o0
	cmp %o0, 0
	bne %icc, 1f
	 mov 5, %o0
	mov 9, %o0
1:	retl
	 add %o0, 1, %o0
END sp_bne_taken

FN sp_bne_untaken               /* delay slot runs, falls through: 10 */
	mov 0, %o0
	cmp %o0, 0
	bne %icc, 1f
	 mov 5, %o0
	mov 9, %o0
1:	retl
	 add %o0, 1, %o0
END sp_bne_untaken

FN sp_annul_taken               /* annulled but taken: the slot runs: 6 */
	mov 1, %o0
	cmp %o0, 0
	bne,a %icc, 1f
	 mov 5, %o0
	add %o0, 3, %o0
1:	retl
	 add %o0, 1, %o0
END sp_annul_taken

FN sp_annul_untaken             /* annulled, untaken: the slot is skipped: 4 */
	mov 0, %o0
	cmp %o0, 0
	bne,a %icc, 1f
	 mov 5, %o0
	add %o0, 3, %o0
1:	retl
	 add %o0, 1, %o0
END sp_annul_untaken

FN sp_ba_a                      /* ba,a: no delay slot at all: 3 */
	mov 2, %o0
	ba,a %xcc, 1f
	 mov 7, %o0
	mov 8, %o0
1:	retl
	 add %o0, 1, %o0
END sp_ba_a

FN sp_bpcc_xcc                  /* BPcc on %xcc, where %icc says otherwise: 6 */
	sethi %hi(0x80000000), %o1
	sllx %o1, 1, %o1            /* 2^32: %icc sees 0, %xcc does not */
	cmp %o1, 0
	bne,pt %xcc, 1f
	 mov 5, %o0
	mov 9, %o0
1:	retl
	 add %o0, 1, %o0
END sp_bpcc_xcc

FN sp_brz_a_untaken             /* BPr, annulled, untaken: 4 */
	mov 1, %o0
	brz,a %o0, 1f
	 mov 5, %o0
	add %o0, 2, %o0
1:	retl
	 add %o0, 1, %o0
END sp_brz_a_untaken

FN sp_leaf                      /* %o0 + 1 */
	retl
	 add %o0, 1, %o0
END sp_leaf

FN sp_call                      /* call, with its delay slot: 21 */
	save %sp, -176, %sp
	call sp_leaf
	 mov 20, %o0
	ret
	 restore %o0, 0, %o0
END sp_call

FN sp_jmpl                      /* jmpl through a register into sp_leaf: 31 */
	save %sp, -176, %sp
	set sp_leaf, %l0
	jmpl %l0, %o7
	 mov 30, %o0
	ret
	 restore %o0, 0, %o0
END sp_jmpl

FN sp_retl                      /* retl: 5 */
	mov 4, %o0
	retl
	 add %o0, 1, %o0
END sp_retl

FN sp_ret                       /* ret with a restore in its delay slot: 7 */
	save %sp, -176, %sp
	mov 6, %i0
	ret
	 restore %i0, 1, %o0
END sp_ret

FN sp_refused                   /* what a probe cannot take (never called) */
	rd %pc, %o0                 /* +0: reads its own address */
	ta 0x72                     /* +4: traps */
	retl                        /* +8 */
	 nop                        /* +12: a delay slot */
	done                        /* +16: the trap state */
	retry                       /* +20 */
	wrpr %g0, 0, %pil           /* +24 */
	rdpr %pil, %o0              /* +28 */
	saved                       /* +32: the window state */
	restored                    /* +36 */
	return %i7 + 8              /* +40: restore and jump at once */
	 nop
	fbne 1f                     /* +48: no FPU */
	 nop
	illtrap 0                   /* +56 */
	tne %icc, 5                 /* +60: a conditional trap */
	ba 1f                       /* +64 */
	 ba 1f                      /* +68: a DCTI in a delay slot */
1:	retl
	 nop
END sp_refused

FN sp_load                      /* *(long *)%o0: a load that may fault */
	ldx [%o0], %o0
	retl
	 nop
END sp_load

/* { function, offset, expected result, hits } and the refused offsets. */
	.section .rodata
	.balign 8
	.globl sp_sites
sp_sites:
	.xword sp_bne_taken, 8, 6, 1
	.xword sp_bne_untaken, 8, 10, 1
	.xword sp_annul_taken, 8, 6, 1
	.xword sp_annul_untaken, 8, 4, 1
	.xword sp_ba_a, 4, 3, 1
	.xword sp_bpcc_xcc, 12, 6, 1
	.xword sp_brz_a_untaken, 4, 4, 1
	.xword sp_call, 4, 21, 1
	.xword sp_jmpl, 12, 31, 1
	.xword sp_retl, 4, 5, 1
	.xword sp_ret, 8, 7, 1
	.xword sp_call, 0, 21, 1        /* save */
	.xword sp_ret, 12, 7, 0         /* a delay slot: refused, so no hit */
	.xword 0, 0, 0, 0
	.globl sp_refused_sites
sp_refused_sites:
	.xword 0, 4, 12, 16, 20, 24, 28, 32, 36, 40, 48, 56, 60, 68, -1
