/*
 * sparc64 traps: installing the trap table, dispatching traps to the
 * generic handlers, interrupt control, the unwinder and new task
 * stacks.
 */
#include <sonde/arch.h>
#include <sonde/symbols.h>
#include <sonde/trap.h>
#include <sonde/nokprobe.h>
#include <sonde/mm.h>
#include "sparc64.h"

extern char sparc64_trap_call[], sparc64_task_start[];

static const char *trap_name(unsigned long tt)
{
	switch (tt) {
	case 0x08: return "instruction access exception";
	case 0x0a: return "instruction access error";
	case 0x10: return "illegal instruction";
	case 0x11: return "privileged opcode";
	case 0x20: return "fp disabled";
	case 0x28: return "division by zero";
	case 0x30: return "data access exception";
	case 0x32: return "data access error";
	case 0x34: return "memory address not aligned";
	case 0x64: return "instruction TLB miss";
	}
	if (tt >= 0x41 && tt <= 0x4f)
		return "unexpected interrupt";
	if (tt >= 0x100)
		return "software trap";
	return "unexpected trap";
}

/* A D-MMU register: the fault address (SFAR, 0x20) of a data access
 * exception, or the page (TAG_ACCESS, 0x30) of a data TLB miss. */
static unsigned long read_dmmu(unsigned long reg)
{
	unsigned long v;
	__asm__ volatile("ldxa [%1] %2, %0" : "=r"(v) : "r"(reg), "i"(ASI_DMMU));
	return v;
}

/*
 * SPARC traps a load from an address that is not a multiple of its
 * size, where x86 and ppc64 just read: so that a fetch argument such as
 * @tick_hz+1:u32 reads the same on every port, the kernel's unaligned
 * integer loads (lduh, ldsh, lduw, ldsw, ldx) are done here byte by
 * byte, then TPC moves on as "done" would.  Stores, loads with an ASI
 * and unaligned addresses that are not kernel memory stay faults.
 */
static __kprobes bool emulate_unaligned_load(struct pt_regs *regs, unsigned long addr)
{
	uint32_t i = *(const uint32_t *)regs->tpc;
	unsigned op3 = (i >> 19) & 0x3f, rd = (i >> 25) & 0x1f, size;
	unsigned long v = 0;

	switch (op3) {
	case 0x02: case 0x0a: size = 2; break;
	case 0x00: case 0x08: size = 4; break;
	case 0x0b: size = 8; break;
	default: return false;
	}
	if (i >> 30 != 3 || !kernel_addr_readable(addr, size))
		return false;
	for (unsigned n = 0; n < size; n++)          /* big-endian */
		v = v << 8 | ((const uint8_t *)addr)[n];
	if ((op3 & 8) && size < 8)                   /* ldsh, ldsw */
		v = (unsigned long)((long)(v << (64 - 8 * size)) >> (64 - 8 * size));
	if (rd)
		*sparc64_reg(regs, (int)rd) = v;
	regs->tpc = regs->tnpc;
	regs->tnpc += 4;
	return true;
}

/*
 * Called by trap_common (trap_table.S) at TL 0, interrupts off, with
 * the saved registers.  "ta 0x70" is the breakpoint, "ta 0x71" the end
 * of a step; level 14 is the %tick_cmpr timer.
 */
__kprobes void sparc64_trap(struct pt_regs *regs)
{
	unsigned long tt = regs->tt;

	if (regs->tl > 1)
		trap_unexpected(regs, tt, "trap inside a trap handler (TL > 1)", regs->tl);
	switch (tt) {
	case 0x4e:
		sparc64_timer_interrupt();
		trap_irq_exit(regs);
		break;
	case 0x170:
		trap_breakpoint(regs);
		break;
	case 0x171:
		trap_single_step(regs);
		break;
	case 0x34:
		if (emulate_unaligned_load(regs, read_dmmu(0x20)))
			break;
		/* fall through */
	case 0x30: case 0x32:
		trap_fault(regs, tt, trap_name(tt), read_dmmu(0x20));
		break;
	default:
		/* Every page we use is locked in the TLB (entry.S): a data TLB
		 * miss is a wild address, reported as the data access exception
		 * it was under OpenBIOS (here, not as a case: cheaper traps). */
		if (tt == 0x68 || tt == 0x6c)
			trap_fault(regs, 0x30, trap_name(0x30), read_dmmu(0x30) & ~0x1ffful);
		else
			trap_fault(regs, tt, trap_name(tt), 0);
		break;
	}
}

/* entry.S has installed the trap table: C needs its spill handlers. */
void arch_trap_init(void)
{
	__asm__ volatile("wr %g0, -1, %clear_softint");   /* nothing stale pending */
}

/* ---- interrupt control, idling ---- */

__kprobes unsigned long arch_irq_save(void)
{
	unsigned long p = rdpr_pstate();

	wrpr_pstate(p & ~PSTATE_IE);
	return p & PSTATE_IE;
}

__kprobes void arch_irq_restore(unsigned long flags)
{
	if (flags & PSTATE_IE)
		wrpr_pstate(rdpr_pstate() | PSTATE_IE);
}

__kprobes void arch_irq_enable(void)  { wrpr_pstate(rdpr_pstate() | PSTATE_IE); }
__kprobes void arch_irq_disable(void) { wrpr_pstate(rdpr_pstate() & ~PSTATE_IE); }
__kprobes bool arch_irqs_enabled(void) { return rdpr_pstate() & PSTATE_IE; }

/* UltraSPARC has no wait instruction: a pending interrupt is taken as
 * soon as IE is on, and the idle loop comes straight back. */
void arch_wait_for_interrupt(void)
{
	arch_irq_enable();
}

/* ---- tasks ---- */

/*
 * A new task's stack, from the top down, as biased %sp values:
 *   a frame F whose save area has %l0 = entry and %i6 = %i7 = 0: the
 *       window sparc64_task_start runs in, filled from it;
 *   arch_switch_to's frame, whose saved %i6 is F and %i7 is
 *       sparc64_task_start - 8 (ret goes to %i7 + 8).
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void))
{
	unsigned long top = ((unsigned long)stack_base + stack_size) & ~15ul;
	unsigned long f = top - STACK_FRAME - STACK_BIAS, sw = f - STACK_FRAME;
	unsigned long *fs = (unsigned long *)(f + STACK_BIAS);
	unsigned long *ss = (unsigned long *)(sw + STACK_BIAS);

	for (unsigned long *p = ss; p < (unsigned long *)top; p++)
		*p = 0;
	fs[0] = (unsigned long)entry;
	ss[14] = f;
	ss[15] = (unsigned long)sparc64_task_start - 8;
	return sw;
}

/* ---- backtraces ---- */

/* Could a (an unbiased %sp) be a frame in the kernel window? */
static __kprobes bool frame_ok(unsigned long a)
{
	return a && a % 16 == 0 && a >= (unsigned long)_kernel_start &&
	       a < KERNEL_VIRT + LOCKED_PAGES * (unsigned long)PAGE_4M;
}

static __kprobes bool is_trap_frame(unsigned long a)
{
	return *(unsigned long *)(a + TRAP_MARK - STACK_BIAS) == (unsigned long)sparc64_trap_call;
}

/*
 * fp is the save area of some function F (its %sp + 2047); after
 * flushw, it holds F's %i6 (its caller's %sp) and %i7 (the address of
 * the call that entered F; F returns to %i7 + 8, which is what we
 * report).  Trap frames (marked by trap_common) are stepped through, so
 * a backtrace taken in a handler continues into the interrupted code,
 * in two steps: at the trap frame T, the interrupted TPC; then, as
 * fp = T + 8 (no frame is at such an address), the interrupted
 * function's return: %o7 + 8 if it trapped at its first instruction
 * (before its save), else from the interrupted %sp as usual.
 */
__kprobes bool arch_unwind_frame(unsigned long fp, unsigned long *ret, unsigned long *next_fp)
{
	const unsigned long *save;

	__asm__ volatile("flushw" : : : "memory");
	if (fp % 16 == 8 && frame_ok(fp - 8) && is_trap_frame(fp - 8)) {
		const struct pt_regs *regs = (const struct pt_regs *)(fp - 8 + STACK_FRAME);
		const struct ksym *s = ksym_by_addr(regs->tpc);

		fp = regs->o[6] + STACK_BIAS;
		/* The trampoline is no function anyone called: %o7 is itself. */
		if (s && s->addr == regs->tpc && regs->tpc != (unsigned long)kretprobe_trampoline) {
			*ret = regs->o[7] + 8;
			*next_fp = fp;
			return true;
		}
	}
	if (!frame_ok(fp))
		return false;
	save = (const unsigned long *)fp;
	*next_fp = save[14] + STACK_BIAS;
	if (is_trap_frame(fp)) {
		*ret = ((const struct pt_regs *)(fp + STACK_FRAME))->tpc;
		*next_fp = fp + 8;
	} else if (save[15] == (unsigned long)sparc64_trap_call && frame_ok(*next_fp)) {
		*ret = ((const struct pt_regs *)(*next_fp + STACK_FRAME))->tpc;
		*next_fp += 8;
	} else {
		*ret = save[15] ? save[15] + 8 : 0;
	}
	return true;
}
