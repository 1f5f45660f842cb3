/*
 * ia64 traps: installing the IVT, dispatching interruptions to the
 * generic handlers, interrupt control, the unwinder and new tasks.
 */
#include <sonde/arch.h>
#include <sonde/symbols.h>
#include <sonde/trap.h>
#include <sonde/kprobes.h>
#include <sonde/nokprobe.h>
#include <sonde/string.h>
#include "ia64.h"
#include "bundle.h"

extern char ia64_ivt[], ia64_task_start[];

/* The IVT's names for the entries from 0x5000 on, 0x100 apart, that
 * physical mode can take.  Those below (0x400 apart) and 0x5000-0x5300
 * are about translation, which is off; break and the external
 * interrupt are named where they are handled. */
static const char *vector_name(unsigned long v)
{
	static const char *const names[17] = {
		[4] = "general exception", "disabled FP register", "NaT consumption",
		"speculation", NULL, "debug", "unaligned reference", NULL,
		"floating-point fault", "floating-point trap",
		"lower-privilege transfer trap", "taken branch trap", "single step trap",
	};
	const char *name = v >= 0x5000 && v <= 0x6000 ? names[(v - 0x5000) / 0x100] : NULL;

	return name ? name : "unexpected vector";
}

/* Every interruption, from ivt.S, with interruption collection back on
 * and interrupts off. */
__kprobes void ia64_trap(struct pt_regs *regs)
{
	switch (regs->vector) {
	case IVT_EXTINT:
		ia64_timer_interrupt();
		trap_irq_exit(regs);
		break;
	case IVT_BREAK:
		/* break.b reports no immediate: 0 may be a probe in a B slot. */
		if (regs->iim == IA64_BREAK_KPROBE || regs->iim == IA64_BREAK_JPROBE || regs->iim == 0)
			trap_breakpoint(regs);
		else
			trap_fault(regs, regs->vector, "break instruction", regs->iim);
		break;
	case IVT_SSTEP:
		trap_single_step(regs);
		break;
	default:
		trap_fault(regs, regs->vector, vector_name(regs->vector), regs->isr);
		break;
	}
}

void arch_trap_init(void)
{
	__asm__ volatile("mov cr.iva = %0 ;; srlz.i ;; ssm psr.ic ;; srlz.d"
			 : : "r"(ia64_ivt) : "memory");
}

/* ---- interrupt control, idling ---- */

__kprobes void arch_irq_disable(void) { __asm__ volatile("rsm psr.i ;; srlz.d" ::: "memory"); }
__kprobes void arch_irq_enable(void) { __asm__ volatile("ssm psr.i ;; srlz.d" ::: "memory"); }
__kprobes bool arch_irqs_enabled(void) { return get_psr() & PSR_I; }

__kprobes unsigned long arch_irq_save(void)
{
	unsigned long psr = get_psr();

	arch_irq_disable();
	return psr & PSR_I;
}

__kprobes void arch_irq_restore(unsigned long flags) { if (flags & PSR_I) arch_irq_enable(); }

/* Ski has no instruction that waits for an interrupt. */
void arch_wait_for_interrupt(void) { arch_irq_enable(); }

/* ---- tasks ---- */

/*
 * A task's 16 KiB: the backing store grows up from the bottom (after
 * the end mark), the memory stack down from the top, where the first
 * switch finds its frame (switch.S): b0 = ia64_task_start, r4 = the
 * entry's descriptor, everything else 0 -- an empty register stack.
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void))
{
	unsigned long *base = stack_base;
	unsigned long top = ((unsigned long)stack_base + stack_size) & ~15ul;
	unsigned long sp = top - 16 - SW_SIZE;
	unsigned long *sw = (unsigned long *)sp;

	memset(sw, 0, SW_SIZE);
	base[0] = RSE_END_MARK;
	sw[SW_B0 / 8] = (unsigned long)ia64_task_start;
	sw[SW_BSPSTORE / 8] = (unsigned long)&base[1];
	sw[SW_R4 / 8] = (unsigned long)entry;
	return sp;
}

/* ---- backtraces ---- */

/*
 * No frame pointers here: a function keeps its return address (b0) in
 * a stacked register of its choice, so it ends up in the backing store
 * with its frame.  We look for it there: walking down from the top,
 * the next word that is a return address -- the start of a bundle in
 * the kernel's text, right after a bundle whose slot 2 (where GCC puts
 * its calls) is a br.call, followed by a saved ar.pfs -- belongs to the
 * next caller.  (A heuristic: frames that keep b0 elsewhere are missed.)
 * Only kretprobed functions keep the trampoline as b0, never no-probe
 * code, whose frames hold copies of it: it is taken only in the frame
 * of an entry outside that range or of the trampoline (which runs in
 * its real caller's frame).
 * A trap frame has a mark (ivt.S): its interrupted ip is the next entry.
 * The "frame pointers" are ~address, so that callers are higher, as the
 * generic walk wants; a plain one means "from here": this register stack.
 */
/* B opcode 5 is br.call, 1 its indirect form. */
static __kprobes bool is_return_address(unsigned long v, bool tramp_ok)
{
	const struct ia64_bundle *b = (const struct ia64_bundle *)(v - 16);

	if (v == (unsigned long)kretprobe_trampoline)
		return tramp_ok;
	if (v % 16 || v <= (unsigned long)_text_start || v >= (unsigned long)_text_end ||
	    ia64_slot_unit(b, 2) != IA64_B)
		return false;
	return ia64_slot_get(b, 2) >> 37 == 5 || ia64_slot_get(b, 2) >> 37 == 1;
}

/* GCC saves ar.pfs in the register right after b0's: the caller's
 * frame marker, which the caller's own alloc (GCC's first instruction,
 * slot 0) fixes, so a stray copy of a return address with a look-alike
 * beside it fails.  Where a probe's break hides the alloc, any marker
 * whose locals (sol) could hold b0 and ar.pfs passes (sof <= 96). */
static __kprobes bool pfs_fits(unsigned long ret, unsigned long v)
{
	const struct ksym *s = ksym_by_addr(ret);
	const struct ia64_bundle *b = s ? (const struct ia64_bundle *)s->addr : NULL;
	uint64_t in = b ? ia64_slot_get(b, 0) : 0;

	if (v >> 38 >= 64)
		return false;           /* reserved bits */
	if (b && ia64_slot_unit(b, 0) == IA64_M && in >> 37 == 1 && (in >> 33 & 7) == 6)
		return (v & 0x3fff) == (in >> 13 & 0x3fff);   /* sof, sol: bits 19:13, 26:20 */
	return (v & 0x7f) <= 96 && (v >> 7 & 0x7f) <= (v & 0x7f) && (v >> 7 & 0x7f) >= 2;
}

/* The IVT entry's mark at p, followed by its pt_regs: a trap frame,
 * whose interrupted ip comes next in the trace. */
static __kprobes bool trap_frame_at(unsigned long *p, unsigned long *ret)
{
	const struct pt_regs *regs = (const struct pt_regs *)*rse_skip(p, 1);

	if ((unsigned long)regs % 16 || (unsigned long)regs < (unsigned long)_kernel_start ||
	    (unsigned long)p - regs->bsp > 8)
		return false;
	*ret = instruction_pointer(regs);
	return true;
}

__kprobes bool arch_unwind_frame(unsigned long fp, unsigned long *ret, unsigned long *next_fp)
{
	/* The last entry, into the frame searched next: at first ours (no-probe). */
	unsigned long *p, prev = func_entry(arch_unwind_frame);

	__asm__ volatile(";;\n\tflushrs\n\t;;\n\tmov %0 = ar.bsp" : "=r"(p) : : "memory");
	if (fp >> 63)
		p = (unsigned long *)~fp;
	if (fp >> 63 && (*p != RSE_TRAP_MARK || !trap_frame_at(p, &prev)))
		prev = *p;
	bool tramp_ok = prev == (unsigned long)kretprobe_trampoline || !kprobe_on_blacklist(prev);
	for (int n = 0; n < 200 && (unsigned long)p > (unsigned long)_kernel_start; n++) {
		p--;
		if (rse_nat_slot(p))
			continue;                 /* a NaT collection, not a register */
		if (*p == RSE_END_MARK)
			return false;
		if (*p == RSE_TRAP_MARK && trap_frame_at(p, ret)) {
			*next_fp = ~(unsigned long)p;
			return true;
		}
		if (is_return_address(*p, tramp_ok) && pfs_fits(*p, *rse_skip(p, 1))) {
			*ret = *p;
			*next_fp = ~(unsigned long)p;
			return true;
		}
	}
	return false;
}
