/*
 * Lab 4's own graded test, beside the engine's reentrant_hits_are_missed_not_lost:
 * a probe hit from a return handler (which runs inside the trampoline's
 * hit), then the engine must be idle and handle a plain hit normally.
 */
#include <sonde/kprobes.h>
#include <sonde/ktest.h>

#define PROBED __attribute__((noipa, used))

PROBED int lab4_inner(int x) { return x + 1; }
PROBED int lab4_outer(int x) { return x * 2; }

static int inner_pres, inner_in_ret;

static int pre_inner(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; inner_pres++; return 0; }

static int ret_outer(struct kretprobe_instance *ri, struct pt_regs *r)
{
	(void)ri;
	(void)r;
	inner_in_ret += lab4_inner(10);      /* a reentrant hit on lab4_inner */
	return 0;
}

KTEST(lab4_reentrant_hit_in_a_return_handler)
{
	struct kprobe kp = { .symbol_name = "lab4_inner", .pre_handler = pre_inner };
	struct kretprobe rp = { .kp.symbol_name = "lab4_outer", .handler = ret_outer };

	inner_pres = inner_in_ret = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_ASSERT(register_kretprobe(&rp) == 0);
	KT_EXPECT_EQ(lab4_outer(3), 6);
	KT_EXPECT_EQ(lab4_outer(4), 8);
	KT_EXPECT_EQ(inner_in_ret, 22);      /* the nested calls worked */
	KT_EXPECT_EQ(inner_pres, 0);         /* but ran no handler */
	KT_EXPECT_EQ(kp.nmissed, 2);
	KT_EXPECT(kprobe_running() == NULL);  /* the engine is idle again */
	KT_EXPECT_EQ(lab4_inner(1), 2);      /* and a plain hit is handled */
	KT_EXPECT_EQ(inner_pres, 1);
	KT_EXPECT_EQ(kp.nhit, 1);
	unregister_kretprobe(&rp);
	unregister_kprobe(&kp);
}
