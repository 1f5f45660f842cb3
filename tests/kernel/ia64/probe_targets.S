/*
 * Targets for tests/kernel/ia64/test_kprobes.c: explicit bundles, so
 * that each slot of each common template, each branch form and each
 * awkward case is where the table at the end says.  Every function
 * returns (r8) a value that comes out wrong if a step runs the wrong
 * slot, skips one, or follows a branch the wrong way.
 */
	.text
	.macro FN name
	.globl \name
	.type \name, @function
	.align 32
	.proc \name
\name:
	.endm
	.macro END name
	.endp \name
	.size \name, . - \name
	.endm

FN ia_mii                       /* 1 + 2 + 4 = 7 */
	{ .mii
	mov r8 = 1
	mov r9 = 2
	mov r10 = 4 ;;
	}
	{ .mmi
	add r8 = r8, r9
	nop.m 0
	nop.i 0 ;;
	}
	{ .mfb
	add r8 = r8, r10
	nop.f 0
	br.ret.sptk.many b0 ;;
	}
END ia_mii

FN ia_mlx                       /* movl at slot 1: 0x123456789 + 1 */
	{ .mlx
	nop.m 0
	movl r8 = 0x123456789 ;;
	}
	{ .mmb
	adds r8 = 1, r8
	nop.m 0
	br.ret.sptk.many b0 ;;
	}
END ia_mlx

FN ia_bbb                       /* returns from slot 2 of a BBB: 3 */
	{ .mii
	mov r8 = 3
	nop.i 0
	nop.i 0 ;;
	}
	{ .bbb
	nop.b 0
	nop.b 0
	br.ret.sptk.many b0 ;;
	}
END ia_bbb

FN ia_leaf
	{ .mib
	mov r8 = 41
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_leaf

FN ia_call                      /* br.call (slot 2), then + 1: 42 */
	{ .mii
	alloc r33 = ar.pfs, 0, 2, 0, 0
	mov r32 = b0
	nop.i 0 ;;
	}
	{ .mmb
	nop.m 0
	nop.m 0
	br.call.sptk.many b0 = ia_leaf ;;
	}
	{ .mii
	adds r8 = 1, r8
	mov b0 = r32
	mov.i ar.pfs = r33 ;;
	}
	{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_call

FN ia_br_taken                  /* (p6) br.cond taken: 1 + 5 = 6 */
	{ .mii
	mov r8 = 1
	cmp.eq p6, p7 = r0, r0
	nop.i 0 ;;
	}
	{ .mib
	nop.m 0
	nop.i 0
	(p6) br.cond.sptk.few 1f ;;
	}
	{ .mib
	mov r8 = 9
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
1:	{ .mib
	adds r8 = 5, r8
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_br_taken

FN ia_br_untaken                /* (p6) br.cond not taken (no hit: qp kept): 9 */
	{ .mii
	mov r8 = 1
	cmp.ne p6, p7 = r0, r0
	nop.i 0 ;;
	}
	{ .mib
	nop.m 0
	nop.i 0
	(p6) br.cond.sptk.few 1f ;;
	}
	{ .mib
	mov r8 = 9
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
1:	{ .mib
	adds r8 = 5, r8
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_br_untaken

FN ia_cloop_untaken             /* br.cloop, no qp, ar.lc = 0: falls through: 9 */
	{ .mii
	mov r8 = 9
	mov r14 = ar.lc
	mov.i ar.lc = r0 ;;
	}
	{ .mib
	nop.m 0
	nop.i 0
	br.cloop.sptk.few 1f ;;
	}
	{ .mib
	nop.m 0
	mov.i ar.lc = r14
	br.ret.sptk.many b0 ;;
	}
1:	{ .mib
	mov r8 = 99
	mov.i ar.lc = r14
	br.ret.sptk.many b0 ;;
	}
END ia_cloop_untaken

FN ia_brl                       /* brl (an MLX long branch) taken: 8 */
	{ .mii
	mov r8 = 8
	nop.i 0
	nop.i 0 ;;
	}
	{ .mlx
	nop.m 0
	brl.sptk.few 1f ;;
	}
	{ .mib
	mov r8 = 99
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
1:	{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_brl

FN ia_predicated_off            /* (p6) off: no trap, and 3 */
	{ .mii
	mov r8 = 3
	cmp.ne p6, p7 = r0, r0
	nop.i 0 ;;
	}
	{ .mib
	(p6) mov r8 = 100
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_predicated_off

FN ia_unc                       /* (p6) cmp.unc with p6 off still clears p8: 3 */
	{ .mii
	mov r8 = 3
	cmp.ne p6, p7 = r0, r0
	cmp.eq p8, p9 = r0, r0 ;;
	}
	{ .mii
	(p6) cmp.eq.unc p8, p9 = r0, r0
	nop.i 0
	nop.i 0 ;;
	}
	{ .mib
	(p8) mov r8 = 50
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_unc

FN ia_refused                   /* never called: only probed */
	{ .mlx
	nop.m 0
	movl r8 = 1 ;;                  /* +2: the X slot */
	}
	{ .mii
	break.m 0x1234                  /* +16 */
	mov r9 = ip                     /* +17 */
	chk.s.i r10, 1f ;;              /* +18 */
	}
	{ .mib
	nop.m 0
	nop.i 0
	rfi ;;                          /* +34 */
	}
1:	{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0 ;;
	}
END ia_refused

/* { function (a descriptor: C calls it), offset, result, hits } */
	.section .rodata
	.align 8
	.globl ia_sites
ia_sites:
	.irp off, 0, 1, 2, 16, 17, 18, 32, 33, 34
	data8 @fptr(ia_mii), \off, 7, 1
	.endr
	data8 @fptr(ia_mlx), 0, 0x12345678a, 1
	data8 @fptr(ia_mlx), 1, 0x12345678a, 1
	data8 @fptr(ia_mlx), 16, 0x12345678a, 1
	data8 @fptr(ia_bbb), 16, 3, 1
	data8 @fptr(ia_bbb), 17, 3, 1
	data8 @fptr(ia_bbb), 18, 3, 1
	data8 @fptr(ia_call), 0, 42, 1
	data8 @fptr(ia_call), 18, 42, 1
	data8 @fptr(ia_call), 32, 42, 1
	data8 @fptr(ia_br_taken), 18, 6, 1
	data8 @fptr(ia_br_taken), 16, 6, 1
	data8 @fptr(ia_br_untaken), 18, 9, 0
	data8 @fptr(ia_cloop_untaken), 18, 9, 1
	data8 @fptr(ia_brl), 17, 8, 1
	data8 @fptr(ia_predicated_off), 16, 3, 0
	data8 @fptr(ia_unc), 16, 3, 1
	data8 0, 0, 0, 0
	.globl ia_refused_sites
ia_refused_sites:
	data8 2, 3, 16, 17, 18, 34, -1
