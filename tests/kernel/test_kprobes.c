/*
 * Tests of the probe engine that hold on every architecture: kprobes,
 * aggregates, reentrancy, jprobes, kretprobes, per-task cleanup,
 * enable/disable and the error codes.  The acceptance scenarios of
 * ../shared/notes/probe-reference.md are marked "scenario N".
 *
 * The probed functions are noipa: GCC must neither inline them nor
 * specialise them, or the probe would sit on code nobody calls.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>

#define PROBED __attribute__((noipa, used))

PROBED int kp_target_add(int a, int b) { return a + b; }
PROBED int kp_target_mul(int a, int b) { return a * b; }

static int pre_calls, post_calls, pre_irqs_on;

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	pre_calls++;
	pre_irqs_on += arch_irqs_enabled();
	return 0;
}

static void count_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
	post_calls++;
	pre_irqs_on += arch_irqs_enabled();
}

/* Scenario 1. */
KTEST(kprobe_by_symbol_name)
{
	struct kprobe kp = { .symbol_name = "kp_target_add",
			     .pre_handler = count_pre, .post_handler = count_post };

	pre_calls = post_calls = pre_irqs_on = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT(kp.addr == (void *)kp_target_add);
	for (int i = 0; i < 5; i++)
		KT_EXPECT_EQ(kp_target_add(i, 10), i + 10);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(pre_calls, 5);
	KT_EXPECT_EQ(post_calls, 5);
	KT_EXPECT_EQ(pre_irqs_on, 0);      /* handlers run with interrupts off */
	KT_EXPECT_EQ(kp.nhit, 5);
	KT_EXPECT_EQ(kp.nmissed, 0);
	KT_EXPECT_EQ(kp_target_add(1, 2), 3);
	KT_EXPECT_EQ(pre_calls, 5);        /* gone: no more hits */
}
