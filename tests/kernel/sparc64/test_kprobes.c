/*
 * sparc64 software single-step: one probe on each branch form (taken,
 * untaken, annulled both ways, ba,a, %xcc, BPr), on call, jmpl, ret,
 * retl and save, with the function still computing the right result
 * (probe_targets.S); and the sites sparc64 refuses.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/symbols.h>

struct sp_site {
	unsigned long (*fn)(void);
	unsigned long offset, expected, hits;
};
extern const struct sp_site sp_sites[];
extern const long sp_refused_sites[];

static unsigned long sp_hits, sp_posts, sp_pre_pc, sp_post_pc;

static int sp_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	sp_hits++;
	sp_pre_pc = instruction_pointer(regs);
	return 0;
}

static void sp_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)flags;
	sp_posts++;
	sp_post_pc = instruction_pointer(regs);
}

KTEST(sparc64_branch_forms_and_returns)
{
	for (const struct sp_site *s = sp_sites; s->fn; s++) {
		unsigned long code = func_entry(s->fn), got;
		const char *name = ksym_by_addr(code)->name;
		struct kprobe kp = { .symbol_name = name, .offset = (unsigned)s->offset,
				     .pre_handler = sp_pre, .post_handler = sp_post };
		int err;

		sp_hits = sp_posts = 0;
		err = register_kprobe(&kp);
		if (err && s->hits) {
			ktest_fail(__FILE__, __LINE__, "%s+%lu: register failed %s", name,
				   s->offset, errno_name(err));
			continue;
		}
		if (!s->hits) {             /* a site that must be refused */
			KT_EXPECT_EQ(err, -EINVAL);
			if (!err)
				unregister_kprobe(&kp);
			continue;
		}
		got = s->fn();
		unregister_kprobe(&kp);
		if (got != s->expected)
			ktest_fail(__FILE__, __LINE__, "%s with a probe at +%lu returned %lu, not %lu",
				   name, s->offset, got, s->expected);
		if (sp_hits != s->hits || sp_posts != s->hits)
			ktest_fail(__FILE__, __LINE__, "%s+%lu: %lu pre / %lu post calls, not %lu",
				   name, s->offset, sp_hits, sp_posts, s->hits);
		/* "ta 0x70" reports its own address; after the step, TPC is
		 * back in real code, never in the slot. */
		KT_EXPECT_EQ(sp_pre_pc, code + s->offset);
		KT_EXPECT(ksym_by_addr(sp_post_pc) && sp_post_pc < (unsigned long)_text_end);
		KT_EXPECT_EQ(s->fn(), s->expected);          /* and without the probe */
	}
}

KTEST(sparc64_refused_instructions)
{
	for (int i = 0; sp_refused_sites[i] >= 0; i++) {
		struct kprobe kp = { .symbol_name = "sp_refused",
				     .offset = (unsigned)sp_refused_sites[i], .pre_handler = sp_pre };
		int err = register_kprobe(&kp);

		if (err != -EINVAL) {
			ktest_fail(__FILE__, __LINE__, "sp_refused+%ld: got %d, not -EINVAL",
				   sp_refused_sites[i], err);
			if (!err)
				unregister_kprobe(&kp);
		}
	}
}
