// A bare-metal IA-64 program that measures Ski's interval timer, for
// tests/host/test_ia64_ski_icount.sh (which builds it with binutils only:
// ia64-linux-gnu-as and -ld, no C compiler) and for anyone checking a
// bski by hand:  bski -icount -noconsole icount.elf
//
// It prints one line and exits through SSC_EXIT with status 0:
//   loop1=A loop2=B armed=C itm=D seen=E polls=F in=G,H,I
// A and B are ar.itc deltas around a counted loop of LOOP1 and LOOP2
// iterations; then it sets cr.itm = ar.itc + AHEAD (C, D) with the timer
// vector unmasked but psr.i off, and polls cr.irr3 until the ITM match's
// vector 239 is pending: E is ar.itc then, F the number of polls.  With
// -icount every figure is the same on every run, A is 3 * LOOP1 and B
// 3 * LOOP2 plus a few instructions (the ITC reads and the loop set-up),
// and E comes within one poll of D; with Ski's wall-time ITC (2 MHz of
// host time) they differ from run to run.  G, H and I are three
// SSC_GETCHAR results (see below).
//
// Simulator calls: break 0x80001, call number in r15, argument in r32.

LOOP1	= 1000
LOOP2	= 2000
AHEAD	= 5000
SSC_GETCHAR = 21
SSC_PUTCHAR = 31
SSC_EXIT = 66
TIMER_VECTOR = 239		// 3 * 64 + 47: bit 47 of cr.irr3
MAX_POLLS = 100000000		// give up (exit status 2) after this many

	.text
	.explicit			// the stops (;;) below are ours
	.global _start
	.proc _start
_start:
	// The register stack needs a backing store before the first call
	// (ar.rsc is 0 at reset: enforced lazy, so bspstore may be written).
	movl r2 = backing_store
	;;
	mov ar.bspstore = r2
	;;
	alloc r14 = ar.pfs, 0, 8, 2, 0		// loc0-loc7, out0-out1
	;;

	// Time two counted loops.  Each iteration is one bundle: add, nop,
	// br.cloop (three instructions).
	mov loc0 = ar.itc
	movl r2 = LOOP1 - 1
	;;
	mov ar.lc = r2
	;;
1:	{ .mib
	add r3 = 1, r3
	nop.i 0
	br.cloop.sptk.few 1b
	}
	mov loc1 = ar.itc
	movl r2 = LOOP2 - 1
	;;
	mov loc2 = ar.itc
	mov ar.lc = r2
	;;
2:	{ .mib
	add r3 = 1, r3
	nop.i 0
	br.cloop.sptk.few 2b
	}
	mov loc3 = ar.itc
	;;
	sub loc0 = loc1, loc0			// loop1
	sub loc1 = loc3, loc2			// loop2

	// Arm the ITM match AHEAD ticks from now, and poll for it.
	mov r2 = TIMER_VECTOR
	;;
	mov cr.itv = r2				// vector 239, not masked
	mov cr.tpr = r0
	;;
	srlz.d
	;;
	mov loc2 = ar.itc
	;;
	add loc3 = AHEAD, loc2
	;;
	mov cr.itm = loc3
	;;
	srlz.d
	;;
	mov loc5 = 0
	movl r9 = MAX_POLLS
	;;
3:	mov r2 = cr.irr3
	add loc5 = 1, loc5
	;;
	tbit.z p6, p0 = r2, TIMER_VECTOR - 192
	cmp.ltu p7, p0 = r9, loc5
	;;
(p7)	br.cond.spnt.few timeout
(p6)	br.cond.sptk.few 3b
	;;
	mov loc4 = ar.itc
	;;

	// Three reads of the console: the test puts "x" and a NUL byte there
	// first, so with -icount they return 120, 0 and then -1 (nothing
	// waiting; without the patch Ski would block in read() until more
	// came, and a NUL would look like no input).
	mov out1 = SSC_GETCHAR
	br.call.sptk.many b0 = ssc
	;;
	movl r2 = figures + 6 * 8
	;;
	st8 [r2] = r8
	mov out1 = SSC_GETCHAR
	br.call.sptk.many b0 = ssc
	;;
	movl r2 = figures + 7 * 8
	;;
	st8 [r2] = r8
	mov out1 = SSC_GETCHAR
	br.call.sptk.many b0 = ssc
	;;
	movl r2 = figures + 8 * 8
	;;
	st8 [r2] = r8

	// Print "label=figure" nine times, then a newline.
	movl loc6 = labels			// "loop1=\0 loop2=\0..."
	movl loc7 = figures
	;;
	st8 [loc7] = loc0, 8
	;;
	st8 [loc7] = loc1, 8
	;;
	st8 [loc7] = loc2, 8
	;;
	st8 [loc7] = loc3, 8
	;;
	st8 [loc7] = loc4, 8
	;;
	st8 [loc7] = loc5, 8
	;;
	movl loc7 = figures
	mov loc0 = 9				// how many are left
	;;
4:	mov out0 = loc6
	br.call.sptk.many b0 = puts		// the label; r8 = its end + 1
	;;
	mov loc6 = r8
	ld8 out0 = [loc7], 8
	;;
	br.call.sptk.many b0 = putdec
	;;
	add loc0 = -1, loc0
	;;
	cmp.ne p6, p0 = 0, loc0
	;;
(p6)	br.cond.sptk.few 4b
	;;
	mov out0 = 10				// '\n'
	mov out1 = SSC_PUTCHAR
	br.call.sptk.many b0 = ssc
	;;
	mov out0 = 0
	mov out1 = SSC_EXIT
	br.call.sptk.many b0 = ssc
	;;
timeout:
	mov out0 = 2
	mov out1 = SSC_EXIT
	br.call.sptk.many b0 = ssc
	;;
	.endp _start

// ssc(arg, number): a simulator call, arg in r32, number in r15, result
// in r8.  (alloc's destination is a static register: GAS defines in/loc/
// out only after the alloc, so a loc there would name the caller's.)
	.proc ssc
ssc:
	alloc r14 = ar.pfs, 2, 0, 0, 0
	;;
	mov r15 = in1
	;;
	break 0x80001
	;;
	br.ret.sptk.many b0
	;;
	.endp ssc

// puts(s): print the NUL-terminated string s; return the byte after its NUL.
	.proc puts
puts:
	alloc r14 = ar.pfs, 1, 3, 2, 0
	;;
	mov loc1 = r14
	mov loc0 = b0
	mov loc2 = in0
	;;
1:	ld1 out0 = [loc2], 1
	;;
	cmp.eq p6, p0 = 0, out0
	;;
(p6)	br.cond.spnt.few 2f
	mov out1 = SSC_PUTCHAR
	br.call.sptk.many b0 = ssc
	;;
	br.sptk.few 1b
	;;
2:	mov r8 = loc2
	mov b0 = loc0
	mov ar.pfs = loc1
	;;
	br.ret.sptk.many b0
	;;
	.endp puts

// putdec(n): print n in decimal.  Digits are made with a multiply by the
// reciprocal of 10 (IA-64 has no integer divide): q = (n * M) >> 67
// with M = ceil(2^67 / 10), exact for every 64-bit n.
	.proc putdec
putdec:
	alloc r14 = ar.pfs, 1, 3, 1, 0
	;;
	mov loc1 = r14
	mov loc0 = b0
	movl loc2 = digits_end			// fill the buffer backwards
	movl r9 = 0xcccccccccccccccd
	;;
	setf.sig f7 = r9
	;;
1:	setf.sig f6 = in0
	;;
	xmpy.hu f8 = f6, f7			// high 64 bits of n * M
	;;
	getf.sig r10 = f8
	;;
	shr.u r10 = r10, 3			// q = n / 10
	;;
	shladd r11 = r10, 2, r10		// q * 5
	;;
	add r11 = r11, r11			// q * 10
	;;
	sub r11 = in0, r11			// the digit
	mov in0 = r10
	;;
	add r11 = '0', r11
	add loc2 = -1, loc2
	;;
	st1 [loc2] = r11
	cmp.ne p6, p0 = 0, in0
	;;
(p6)	br.cond.sptk.few 1b
	;;
	mov out0 = loc2
	br.call.sptk.many b0 = puts
	;;
	mov b0 = loc0
	mov ar.pfs = loc1
	;;
	br.ret.sptk.many b0
	;;
	.endp putdec

	.data
labels:
	.asciz "loop1="
	.asciz " loop2="
	.asciz " armed="
	.asciz " itm="
	.asciz " seen="
	.asciz " polls="
	.asciz " in="
	.asciz ","
	.asciz ","
	.align 8
figures:
	.skip 9 * 8
digits:
	.skip 24
digits_end:
	.byte 0
	.align 16
backing_store:
	.skip 4096
