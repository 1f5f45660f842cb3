/*
 * sparc64 entry: Sonde is its own firmware (arch/sparc64/rom.S jumps
 * here).  We start at the physical address QEMU loaded us at, 0x404000,
 * as the reset left the CPU: TL = MAXTL, RED state, alternate globals,
 * interrupts off, MMU off, the window registers as they were (zero
 * at power-on: the first save would trap).  Until the MMU is on, only
 * position-independent code and constants: the link addresses
 * (0x40004000 up) do not exist yet.
 *
 *  1. PSTATE: privileged, normal globals, no RED state, no FPU, no
 *     interrupts; TL 0, PIL 0.
 *  2. Locked 4 MiB TLB entries, instruction fetch and data, for the
 *     whole kernel window: virtual 0x40000000 up maps physical
 *     0x400000 up.  No TLB miss can then happen on our own addresses
 *     (the trap table, the stacks, the heap), so the trap table owns
 *     the misses only as faults (trap.c).
 *  3. A known window state: 6 windows to save into, none to restore,
 *     none of another address space, all clean (no clean_window traps).
 *  4. MMU on, in the delay slot of the jump to the link address: the
 *     jump's target is the first instruction fetched through the TLB.
 *  5. Our trap table, our stack, then sparc64_boot() (boot.c), which
 *     never returns.
 *
 * The first two instructions are what tests/shell/fetch_addr.sparc64.in
 * reads at _start.
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
	wrpr %g0, 0, %tl
	setx KERNEL_VIRT, %o5, %o1          /* virtual address */
	setx TTE_4M_LOCKED | KERNEL_PHYS, %o5, %o2
	set PAGE_4M, %o3
	mov LOCKED_PAGES, %o4
	mov 0x30, %o5                       /* TAG_ACCESS */
1:	stxa %o1, [%o5] ASI_DMMU
	stxa %o2, [%g0] ASI_DTLB_IN
	stxa %o1, [%o5] ASI_IMMU
	stxa %o2, [%g0] ASI_ITLB_IN
	membar #Sync
	add %o1, %o3, %o1
	subcc %o4, 1, %o4
	bne 1b
	 add %o2, %o3, %o2
	wrpr %g0, 6, %cansave
	wrpr %g0, 0, %canrestore
	wrpr %g0, 0, %otherwin
	wrpr %g0, 7, %cleanwin
	wrpr %g0, 0, %wstate
	set 2f, %o1
	mov LSU_ALL_ON, %o2
	jmp %o1
	 stxa %o2, [%g0] ASI_LSU_CONTROL
	/* Our trap table (trap_table.S): C spills windows from the start.
	 * Then our stack; our window's %i7 is zero, which ends backtraces. */
2:	set sparc64_trap_table, %o1
	wrpr %o1, 0, %tba
	set boot_stack_top - STACK_FRAME - STACK_BIAS, %sp
	save %sp, -STACK_FRAME, %sp
	call sparc64_boot
	 clr %i7
3:	ba 3b
	 nop
