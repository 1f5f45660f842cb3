/*
 * Trap tests for ia64: "break 0x80200" reaches the breakpoint hook with
 * the ip at its bundle | slot; psr.ss gives a single-step trap after
 * exactly one instruction; an FP-using divide (libgcc) does not trap
 * (ar.fpsr); and the interrupted registers come back whole -- stacked,
 * static, predicates -- after interruptions.  These are what the
 * probe engine and the scheduler are built on.
 */
#include <sonde/ktest.h>
#include <sonde/trap.h>
#include <sonde/task.h>
#include <sonde/arch.h>

#define PSR_SS (1ul << 40)

static volatile unsigned long bp_ip, step_ip, bp_arg;
static volatile int bp_hits, step_hits;
static volatile bool step_after_bp;

/* Resume after the break: the next slot, or the next bundle's slot 0. */
static void skip_slot(struct pt_regs *regs)
{
	unsigned long ip = instruction_pointer(regs);

	set_instruction_pointer(regs, (ip & 3) == 2 ? (ip & ~15ul) + 16 : ip + 1);
}

static bool on_breakpoint(struct pt_regs *regs)
{
	bp_hits++;
	bp_ip = instruction_pointer(regs);
	bp_arg = regs_get_argument(regs, 0);
	skip_slot(regs);
	if (step_after_bp)
		regs->ipsr |= PSR_SS;
	return true;
}

static bool on_single_step(struct pt_regs *regs)
{
	step_hits++;
	step_ip = instruction_pointer(regs);
	regs->ipsr &= ~PSR_SS;
	return true;
}

extern char ktest_ia64_break[];

/* The break is slot 1 of an MII bundle; the step then runs slot 2. */
static __attribute__((noinline)) long hit_break(long x)
{
	__asm__ volatile(".align 16\n"
			 ".globl ktest_ia64_break\n"
			 "ktest_ia64_break:\n\t"
			 "{ .mii\n\t"
			 "nop.m 0\n\t"
			 "break.i 0x80200\n\t"
			 "nop.i 0 ;;\n\t"
			 "}" : : : "memory");
	return x + 1;
}

KTEST(ia64_break_reaches_breakpoint_hook)
{
	trap_hook_t saved = breakpoint_hook;

	bp_hits = 0;
	step_after_bp = false;
	breakpoint_hook = on_breakpoint;
	KT_EXPECT_EQ(hit_break(41), 42);
	breakpoint_hook = saved;

	KT_EXPECT_EQ(bp_hits, 1);
	/* The label is the bundle's; the break is its slot 1. */
	KT_EXPECT_EQ(bp_ip, (unsigned long)ktest_ia64_break + 1);
	KT_EXPECT_EQ(bp_arg, 41);        /* r32, from the backing store */
}

KTEST(ia64_psr_ss_steps_one_instruction)
{
	trap_hook_t saved_bp = breakpoint_hook, saved_step = single_step_hook;

	bp_hits = step_hits = 0;
	step_after_bp = true;
	breakpoint_hook = on_breakpoint;
	single_step_hook = on_single_step;
	KT_EXPECT_EQ(hit_break(1), 2);
	breakpoint_hook = saved_bp;
	single_step_hook = saved_step;

	KT_EXPECT_EQ(bp_hits, 1);
	KT_EXPECT_EQ(step_hits, 1);
	/* One instruction (slot 2's nop) ran: next is the next bundle. */
	KT_EXPECT_EQ(step_ip, (unsigned long)ktest_ia64_break + 16);
}

KTEST(ia64_divide_in_the_fpu)
{
	volatile long a = 1000003, b = 7;

	KT_EXPECT_EQ(a / b, 142857);
	KT_EXPECT_EQ(a % b, 4);
}

/* A long run of arithmetic across many timer interrupts: each partial
 * sum lives in registers the interrupt entry must give back. */
static __attribute__((noinline)) unsigned long churn(unsigned long n)
{
	unsigned long a = 1, b = 2, c = 3, d = 5;

	for (unsigned long i = 0; i < n; i++) {
		a += b ^ i;
		b += c * 3;
		c += d >> 1;
		d += a;
	}
	return a ^ b ^ c ^ d;
}

KTEST(ia64_registers_survive_interrupts)
{
	static volatile unsigned long n = 10000000;   /* no folding */
	uint64_t j0 = jiffies, c0 = arch_cycles();
	unsigned long first = churn(n);

	if (jiffies - j0 < 2)                   /* it was interrupted */
		ktest_fail(__FILE__, __LINE__, "%lu ticks in %lu cycles, irqs %d",
			   (unsigned long)(jiffies - j0), (unsigned long)(arch_cycles() - c0),
			   arch_irqs_enabled());
	KT_EXPECT_EQ(churn(n), first);   /* ... at other places */
}
