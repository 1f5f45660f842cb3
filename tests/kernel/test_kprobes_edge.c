/*
 * Edge cases of the probe engine, on every architecture: handlers that
 * unregister their own probe in the middle of a hit, the bound on a
 * kretprobe's data_size, and tasks that end inside a handler.
 *
 * Each test is wrapped in the runner's leak check (pages, heap objects,
 * tasks, probe sites), so "nothing leaks" is checked for all of them.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/string.h>
#include <sonde/task.h>

#define PROBED __attribute__((noipa, used))

PROBED int edge_add(int a, int b) { return a + b; }
PROBED int edge_other(int a) { return a * 3; }

/* One counter per handler, reset by each test. */
enum { A_PRE, A_POST, S_PRE, S_POST, C_PRE, C_POST, R_ENTRY, R_RET, J_ENTRY, NR_COUNTS };
static int counts[NR_COUNTS];

static int pre_a(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; counts[A_PRE]++; return 0; }
static void post_a(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; counts[A_POST]++; }

/* ------------------------------------- a jprobe that unregisters itself */

static struct jprobe self_jp;
static int self_jp_arg;

static int self_jp_entry(int a, int b)
{
	counts[J_ENTRY]++;
	self_jp_arg = a * 100 + b;
	unregister_jprobe(&self_jp);      /* the trap in jprobe_return still ends the hit */
	jprobe_return();
	return 0;
}

KTEST(jprobe_unregisters_itself_in_its_entry)
{
	int sites = kprobes_count();

	memset(counts, 0, sizeof(counts));
	self_jp = (struct jprobe){ .kp.symbol_name = "edge_add", .entry = self_jp_entry };
	KT_ASSERT(register_jprobe(&self_jp) == 0);
	KT_EXPECT_EQ(edge_add(4, 5), 9);
	KT_EXPECT_EQ(self_jp_arg, 405);
	KT_EXPECT(kprobe_running() == NULL);
	KT_EXPECT_EQ(kprobes_count(), sites);     /* the site is gone */
	KT_EXPECT_EQ(edge_add(1, 2), 3);
	KT_EXPECT_EQ(counts[J_ENTRY], 1);
}

KTEST(jprobe_unregisters_itself_beside_a_kprobe)
{
	struct kprobe kp = { .symbol_name = "edge_add", .pre_handler = pre_a, .post_handler = post_a };

	memset(counts, 0, sizeof(counts));
	self_jp = (struct jprobe){ .kp.symbol_name = "edge_add", .entry = self_jp_entry };
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_ASSERT(register_jprobe(&self_jp) == 0);
	KT_EXPECT_EQ(edge_add(6, 7), 13);
	KT_EXPECT_EQ(self_jp_arg, 607);
	KT_EXPECT(kprobe_running() == NULL);
	KT_EXPECT_EQ(counts[A_PRE], 1);
	KT_EXPECT_EQ(counts[A_POST], 1);          /* the hit finished normally */
	KT_EXPECT_EQ(edge_add(1, 2), 3);          /* the kprobe alone now */
	KT_EXPECT_EQ(counts[A_PRE], 2);
	KT_EXPECT_EQ(counts[A_POST], 2);
	KT_EXPECT_EQ(counts[J_ENTRY], 1);
	KT_EXPECT_EQ(kp.nmissed, 0);
	unregister_kprobe(&kp);
}
