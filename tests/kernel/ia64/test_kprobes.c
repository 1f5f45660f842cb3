/*
 * ia64 probes: one on each slot of the common templates (MII, MMI,
 * MFB, MLX, MIB, MMB, BBB), on br.call, br.ret, br.cond taken and not
 * (a (p6) branch with p6 off does not trap: the break keeps its qp; a
 * br.cloop that falls through does), brl, a predicated-off instruction
 * and a cmp.unc whose qp is off (a hit: it must still run), with each
 * function still computing the right result (probe_targets.S); and
 * the sites ia64 refuses.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/symbols.h>

struct ia_site {
	unsigned long (*fn)(void);
	unsigned long offset, expected, hits;
};
extern const struct ia_site ia_sites[];
extern const long ia_refused_sites[];

static unsigned long ia_hits, ia_posts, ia_pre_ip, ia_post_ip;

static int ia_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	ia_hits++;
	ia_pre_ip = instruction_pointer(regs);
	return 0;
}

static void ia_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)flags;
	ia_posts++;
	ia_post_ip = instruction_pointer(regs);
}

KTEST(ia64_slots_templates_and_branches)
{
	for (const struct ia_site *s = ia_sites; s->fn; s++) {
		unsigned long code = func_entry(s->fn), got;
		const char *name = ksym_by_addr(code)->name;
		struct kprobe kp = { .symbol_name = name, .offset = (unsigned)s->offset,
				     .pre_handler = ia_pre, .post_handler = ia_post };
		int err;

		ia_hits = ia_posts = 0;
		err = register_kprobe(&kp);
		if (err) {
			ktest_fail(__FILE__, __LINE__, "%s+%lu: register failed %s", name,
				   s->offset, errno_name(err));
			continue;
		}
		got = s->fn();
		unregister_kprobe(&kp);
		if (got != s->expected)
			ktest_fail(__FILE__, __LINE__, "%s with a probe at +%lu returned %#lx, not %#lx",
				   name, s->offset, got, s->expected);
		if (ia_hits != s->hits || ia_posts != s->hits)
			ktest_fail(__FILE__, __LINE__, "%s+%lu: %lu pre / %lu post calls, not %lu",
				   name, s->offset, ia_hits, ia_posts, s->hits);
		/* The break reports bundle | slot; after the step the ip is
		 * back in real code, never in the copy. */
		if (s->hits) {
			KT_EXPECT_EQ(ia_pre_ip, code + s->offset);
			KT_EXPECT(ksym_by_addr(ia_post_ip) && ia_post_ip < (unsigned long)_text_end);
		}
		KT_EXPECT_EQ(s->fn(), s->expected);          /* and without the probe */
	}
}

KTEST(ia64_refused_slots)
{
	for (int i = 0; ia_refused_sites[i] >= 0; i++) {
		struct kprobe kp = { .symbol_name = "ia_refused",
				     .offset = (unsigned)ia_refused_sites[i], .pre_handler = ia_pre };
		int err = register_kprobe(&kp);

		if (err != -EINVAL) {
			ktest_fail(__FILE__, __LINE__, "ia_refused+%ld: got %d, not -EINVAL",
				   ia_refused_sites[i], err);
			if (!err)
				unregister_kprobe(&kp);
		}
	}
}
