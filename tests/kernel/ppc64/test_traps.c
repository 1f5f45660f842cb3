/*
 * Trap tests for ppc64: "trap" reaches the breakpoint hook with nip at
 * the trap itself, MSR_SE gives a trace interrupt after exactly one
 * instruction, and the decrementer keeps ticking.  These are what the
 * probe engine and the scheduler are built on.
 */
#include <sonde/ktest.h>
#include <sonde/trap.h>
#include <sonde/task.h>
#include <sonde/arch.h>

static volatile unsigned long bp_nip, step_nip;
static volatile int bp_hits, step_hits;
static volatile bool step_after_bp;

static bool on_breakpoint(struct pt_regs *regs)
{
	bp_hits++;
	bp_nip = instruction_pointer(regs);
	regs->nip += 4;                        /* resume after the trap */
	if (step_after_bp)
		regs->msr |= MSR_SE;           /* trace after one instruction */
	return true;
}

static bool on_single_step(struct pt_regs *regs)
{
	step_hits++;
	step_nip = instruction_pointer(regs);
	regs->msr &= ~MSR_SE;
	return true;
}

extern char ktest_ppc_trap[], ktest_ppc_after_one_insn[];

/* noinline: the global labels inside must exist exactly once. */
static __attribute__((noinline)) void hit_trap(void)
{
	__asm__ volatile(".globl ktest_ppc_trap\n"
			 "ktest_ppc_trap:\n\t"
			 "trap\n\t"
			 "nop\n"
			 ".globl ktest_ppc_after_one_insn\n"
			 "ktest_ppc_after_one_insn:\n\t"
			 "nop\n" : : : "memory");
}

KTEST(ppc64_trap_reaches_breakpoint_hook)
{
	trap_hook_t saved = breakpoint_hook;

	bp_hits = 0;
	step_after_bp = false;
	breakpoint_hook = on_breakpoint;
	hit_trap();
	breakpoint_hook = saved;

	KT_EXPECT_EQ(bp_hits, 1);
	KT_EXPECT_EQ(bp_nip, (unsigned long)ktest_ppc_trap);   /* its own address */
}

KTEST(ppc64_msr_se_steps_one_instruction)
{
	trap_hook_t saved_bp = breakpoint_hook, saved_step = single_step_hook;

	bp_hits = step_hits = 0;
	step_after_bp = true;
	breakpoint_hook = on_breakpoint;
	single_step_hook = on_single_step;
	hit_trap();
	breakpoint_hook = saved_bp;
	single_step_hook = saved_step;

	KT_EXPECT_EQ(bp_hits, 1);
	KT_EXPECT_EQ(step_hits, 1);
	/* One instruction (the nop) ran between the two traps. */
	KT_EXPECT_EQ(step_nip, (unsigned long)ktest_ppc_after_one_insn);
}

/* The decrementer ticks, and a spinning task is preempted by it. */
KTEST(ppc64_decrementer_ticks)
{
	unsigned long start = jiffies;
	uint64_t tb = arch_cycles();

	KT_EXPECT(arch_irqs_enabled());
	while (jiffies < start + 3)
		;                              /* no yield: only the tick moves on */
	KT_EXPECT(arch_cycles() > tb);
}
