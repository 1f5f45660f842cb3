/*
 * ppc64 traps: installing the vectors, dispatching exceptions to the
 * generic handlers, interrupt control, the stack unwinder and new task
 * stacks.
 */
#include <arch/kprobes.h>
#include <sonde/arch.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>
#include <sonde/nokprobe.h>
#include "ppc64.h"

static const char *vector_name(unsigned long v)
{
	switch (v) {
	case 0x100: return "system reset";
	case 0x200: return "machine check";
	case 0x300: return "data storage";
	case 0x380: return "data segment";
	case 0x400: return "instruction storage";
	case 0x480: return "instruction segment";
	case 0x500: return "external interrupt";
	case 0x600: return "alignment";
	case 0x700: return "program check";
	case 0x800: return "floating point unavailable";
	case 0xc00: return "system call";
	case 0xf00: return "performance monitor";
	default:    return "unexpected exception";
	}
}

/*
 * Called by exc_common (trap_entry.S) with the saved registers (their
 * msr without SRR1's reason bits) and SRR1.  A probe's two traps come
 * here only if their hook said no: trap_breakpoint() or
 * trap_single_step() asks it again and reports the trap.
 */
__kprobes void ppc64_trap(struct pt_regs *regs, unsigned long srr1)
{
	unsigned long vec = regs->trap, reason = srr1 & SRR1_REASON_MASK;

	switch (vec) {
	case 0x700:
		if (reason & SRR1_PROGTRAP)
			trap_breakpoint(regs);
		else
			trap_fault(regs, vec, reason & SRR1_PROGPRIV ? "privileged instruction"
				   : "illegal instruction", reason);
		break;
	case 0xd00:
		trap_single_step(regs);
		break;
	case 0x900:
		mtdec(ppc64_dec_interval);   /* it interrupts while negative */
		timer_tick();
		trap_irq_exit(regs);
		break;
	case 0x300:
		trap_fault(regs, vec, vector_name(vec), regs->dsisr);
		break;
	default:
		trap_fault(regs, vec, vector_name(vec), reason);
		break;
	}
}

struct vector_stub { unsigned long vector, stub; };
extern const struct vector_stub ppc64_vector_table[];

/*
 * Each vector gets "ba stub": an absolute branch (opcode 18, AA = 1),
 * which reaches the first 32 MiB, where the kernel is.  The firmware's
 * handlers are gone after this, so all client-interface use is over.
 */
void arch_trap_init(void)
{
	for (const struct vector_stub *v = ppc64_vector_table; v->vector; v++) {
		uint32_t *at = (uint32_t *)v->vector;

		*at = 0x48000002u | (uint32_t)v->stub;
		flush_icache_word(at);
	}
}

/* ---- interrupt control, the cycle counter, idling ---- */

__kprobes unsigned long arch_irq_save(void)
{
	unsigned long msr = mfmsr();

	mtmsr_ee_ri(MSR_RI);
	return msr & MSR_EE;
}

__kprobes void arch_irq_restore(unsigned long flags)
{
	if (flags & MSR_EE)
		mtmsr_ee_ri(MSR_EE | MSR_RI);
}

__kprobes void arch_irq_enable(void)  { mtmsr_ee_ri(MSR_EE | MSR_RI); }
__kprobes void arch_irq_disable(void) { mtmsr_ee_ri(MSR_RI); }
__kprobes bool arch_irqs_enabled(void) { return mfmsr() & MSR_EE; }

/* H_CEDE turns MSR_EE on and sleeps until an interrupt is pending, in
 * one step, so no wake-up is lost between the two. */
void arch_wait_for_interrupt(void)
{
	ppc64_hcall(H_CEDE, 0, 0, 0, 0, NULL, NULL, NULL);
}

/*
 * Instructions, from the timebase.  Under -icount shift=0 instruction
 * number n runs at n ns, and the 512 MHz timebase reads n * 64 / 125,
 * rounded down: 1.95 instructions per tick, so a figure would depend on
 * where between two ticks a measurement starts.  Three reads on
 * consecutive instructions n, n+1, n+2 always straddle a tick edge,
 * and the tick t seen first after it says exactly which instruction
 * that was: the first at or past t * 125 / 64.  No branch: a count
 * must not depend on which read saw the edge.  (The PMU's instruction
 * counter, PMC5, would be simpler, but under QEMU 7.2 it misses what
 * runs in translation blocks that end in an exception, the trap's and
 * the step's: 357 for a hit of 623, see docs/bench.md.)  Without icount
 * this is the timebase in instructions' units.
 */
uint64_t arch_cycles(void)
{
	uint64_t t0, t1, t2, edge01, t;

	__asm__ volatile("mftb %0\n\tmftb %1\n\tmftb %2" : "=&r"(t0), "=&r"(t1), "=&r"(t2));
	edge01 = t1 - t0;                         /* 1: the edge is at n+1, else at n+2 */
	t = t2 - edge01 * (t2 - t1);
	return (t * 125 + 63) / 64 - 2 + edge01;  /* n */
}

uint64_t arch_clock_hz(void) { return TIMEBASE_HZ; }

/* ---- tasks ---- */

extern char ppc64_task_start[];     /* switch.S */

/*
 * A new task's stack, from the top down:
 *   a minimal frame F with back chain 0, whose LR save word holds
 *       ppc64_task_start (where arch_switch_to's blr goes);
 *   arch_switch_to's frame, whose back chain is F, with r2 = the entry's
 *       TOC and r14 = its code address (ppc64_task_start calls it).
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void))
{
	const unsigned long *desc = (const unsigned long *)entry;   /* .opd */
	unsigned long top = ((unsigned long)stack_base + stack_size) & ~15ul;
	unsigned long *f = (unsigned long *)(top - STACK_FRAME_OVERHEAD);
	unsigned long *sw = (unsigned long *)((unsigned long)f - SWITCH_FRAME);

	for (unsigned long *p = sw; p < (unsigned long *)top; p++)
		*p = 0;
	f[2] = (unsigned long)ppc64_task_start;
	sw[0] = (unsigned long)f;
	sw[SWITCH_R2 / 8] = desc[1];
	sw[SWITCH_GPR(14) / 8] = desc[0];
	return (unsigned long)sw;
}

/* ---- backtraces ---- */

extern char ppc64_trap_called[], ppc64_hook_called[];

/* Could fp be a frame on one of our stacks? */
static __kprobes bool frame_ok(unsigned long fp)
{
	return fp && fp % 8 == 0 && fp >= (unsigned long)_kernel_start;
}

/* An exception frame: its LR save word holds the return address of
 * exc_common's call (to ppc64_trap or a hook), saved by the callee. */
static __kprobes bool is_exception_frame(unsigned long fp)
{
	unsigned long lr = ((unsigned long *)fp)[2];

	return lr == (unsigned long)ppc64_trap_called || lr == (unsigned long)ppc64_hook_called;
}

/*
 * Unwinding along the back chain.  fp is the r1 of some function F:
 * word 0 is the caller's r1, and F saved its return address (LR) in the
 * caller's frame, at word 2 -- the ABI's LR save word.
 *
 * Exception frames are stepped through, so that a backtrace taken in a
 * probe handler continues into the probed code:
 *   - the function called from exc_common returns to ppc64_*_called:
 *     report the interrupted nip instead, and go to the exception frame;
 *   - from the exception frame, the interrupted function's return
 *     address is LR if it stopped at its first instruction (it has not
 *     saved LR nor made a frame yet; r1 is then its caller's frame),
 *     and otherwise found from the interrupted r1 as usual.
 */
__kprobes bool arch_unwind_frame(unsigned long fp, unsigned long *ret, unsigned long *next_fp)
{
	unsigned long caller;

	if (!frame_ok(fp))
		return false;
	if (is_exception_frame(fp)) {
		const struct pt_regs *regs = (const struct pt_regs *)(fp + EXC_REGS);
		const struct ksym *s = ksym_by_addr(regs->nip);

		if (s && s->addr == regs->nip && regs->link != regs->nip) {
			*ret = regs->link;
			*next_fp = regs->gpr[1];
			return true;
		}
		fp = regs->gpr[1];
		if (!frame_ok(fp))
			return false;
	}
	caller = ((unsigned long *)fp)[0];
	if (!frame_ok(caller))
		return false;
	if (is_exception_frame(caller)) {
		*ret = ((const struct pt_regs *)(caller + EXC_REGS))->nip;
		*next_fp = caller;
		return true;
	}
	*ret = ((unsigned long *)caller)[2];
	*next_fp = caller;
	return true;
}
