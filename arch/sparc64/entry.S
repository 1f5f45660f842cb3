/*
 * sparc64 entry, and the takeover from OpenBIOS.
 *
 * OpenBIOS calls 0x40004000 like a C function, entry(0,0,0,0,cif):
 * %o4 = the client-interface handler, at TL 0, with its own trap table,
 * stack and register windows still in use, interrupts on.  We turn
 * interrupts off, take our own stack and call sparc64_boot(cif)
 * (boot.c), which asks the firmware what it must and then calls
 * sparc64_takeover() below before kmain().
 */
#include <arch/regs.h>
#include "sparc64.h"

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .text.boot, "ax"
	.globl _start
_start:
	wrpr %g0, PSTATE_PRIV, %pstate
	wrpr %g0, 0, %pil
	/* The firmware's windows go to its stack now, while the pages are
	 * fresh in the TLB: a spill there later misses, and the firmware's
	 * miss handler cannot run inside a spill. */
	flushw
	/* Our stack.  The firmware's window spills into the 176 bytes kept
	 * at the top (so %i6, its %sp, must stay); our window's %i7 is
	 * zero, which ends backtraces. */
	set boot_stack_top - STACK_FRAME - STACK_BIAS, %sp
	save %sp, -STACK_FRAME, %sp
	mov 0, %i7
	call sparc64_boot
	 mov %i4, %o0
1:	ba 1b
	 nop

/*
 * void sparc64_takeover(void)
 *
 * First the locked TLB entries (below), so that the spills to our
 * stack need no help from the firmware's miss handler; then flushw while the firmware's spill handlers are still installed (our
 * trap table comes later, in arch_trap_init): every window but this one
 * goes to its stack, and returns simply fill them back.  Then a known
 * window state (6 windows to save into, none to restore, none of
 * another address space, all clean: no clean_window traps), and the
 * locked 4 MiB TLB entries: instruction fetch and data for the whole
 * kernel window, so that no TLB miss can happen on our own addresses --
 * a miss while fetching the trap table would go on to MAXTL.
 */
	.text
	.globl sparc64_takeover
sparc64_takeover:
	setx KERNEL_VIRT, %g5, %o1          /* virtual address */
	setx TTE_4M_LOCKED | KERNEL_PHYS, %g5, %o2
	set PAGE_4M, %o3
	mov LOCKED_PAGES, %o4
	mov 0x30, %o5                       /* TAG_ACCESS */
1:	stxa %o1, [%o5] ASI_DMMU
	stxa %o2, [%g0] ASI_DTLB_IN
	membar #Sync
	stxa %o1, [%o5] ASI_IMMU
	stxa %o2, [%g0] ASI_ITLB_IN
	flush %o1
	add %o1, %o3, %o1
	subcc %o4, 1, %o4
	bne 1b
	 add %o2, %o3, %o2
	flushw
	wrpr %g0, 6, %cansave
	wrpr %g0, 0, %canrestore
	wrpr %g0, 0, %otherwin
	wrpr %g0, 7, %cleanwin
	wrpr %g0, 0, %wstate
	retl
	 nop
