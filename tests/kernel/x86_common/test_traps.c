/*
 * Trap tests for the x86 ports: a breakpoint (int3) reaches the
 * breakpoint hook with the right saved IP, and the trap flag gives a
 * debug trap after exactly one instruction.  These are the two
 * mechanisms the probe engine is built on.
 */
#include <sonde/ktest.h>
#include <sonde/trap.h>
#include <sonde/arch.h>

#define X86_FLAGS_TF 0x100

static volatile unsigned long bp_ip, step_ip;
static volatile int bp_hits, step_hits;
static volatile bool step_after_bp;

static bool on_breakpoint(struct pt_regs *regs)
{
	bp_hits++;
	bp_ip = instruction_pointer(regs);
	if (step_after_bp)
		regs->flags |= X86_FLAGS_TF;   /* trap after one instruction */
	return true;
}

static bool on_single_step(struct pt_regs *regs)
{
	step_hits++;
	step_ip = instruction_pointer(regs);
	regs->flags &= ~X86_FLAGS_TF;
	return true;
}

extern char ktest_after_int3[], ktest_after_one_insn[];

/* noinline: the global labels inside must exist exactly once. */
static __attribute__((noinline)) void hit_breakpoint(void)
{
	__asm__ volatile("int3\n"
			 ".globl ktest_after_int3\n"
			 "ktest_after_int3:\n"
			 "nop\n"
			 ".globl ktest_after_one_insn\n"
			 "ktest_after_one_insn:\n"
			 "nop\n" : : : "memory");
}

KTEST(int3_reaches_breakpoint_hook)
{
	trap_hook_t saved = breakpoint_hook;

	bp_hits = 0;
	step_after_bp = false;
	breakpoint_hook = on_breakpoint;
	hit_breakpoint();
	breakpoint_hook = saved;

	KT_EXPECT_EQ(bp_hits, 1);
	/* x86 reports the address after the one-byte int3. */
	KT_EXPECT_EQ(bp_ip, (unsigned long)ktest_after_int3);
}

KTEST(trap_flag_steps_one_instruction)
{
	trap_hook_t saved_bp = breakpoint_hook, saved_step = single_step_hook;

	bp_hits = step_hits = 0;
	step_after_bp = true;
	breakpoint_hook = on_breakpoint;
	single_step_hook = on_single_step;
	hit_breakpoint();
	breakpoint_hook = saved_bp;
	single_step_hook = saved_step;

	KT_EXPECT_EQ(bp_hits, 1);
	KT_EXPECT_EQ(step_hits, 1);
	/* One instruction (the nop) ran between the two traps. */
	KT_EXPECT_EQ(step_ip, (unsigned long)ktest_after_one_insn);
}
