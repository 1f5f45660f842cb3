/*
 * The probe-site sweep of site_sweep.h.  Ports whose tests have no
 * table never call it; it is linked everywhere because it is small.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/symbols.h>
#include "site_sweep.h"

static unsigned long sweep_hits, sweep_posts, sweep_pre_ip, sweep_post_ip;

static int sweep_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	sweep_hits++;
	sweep_pre_ip = instruction_pointer(regs);
	return 0;
}

static void sweep_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)flags;
	sweep_posts++;
	sweep_post_ip = instruction_pointer(regs);
}

void probe_site_sweep(const struct probe_site *sites)
{
	for (const struct probe_site *s = sites; s->fn; s++) {
		unsigned long code = func_entry(s->fn), got;
		const char *name = ksym_by_addr(code)->name;
		struct kprobe kp = { .symbol_name = name, .offset = (unsigned)s->offset,
				     .pre_handler = sweep_pre, .post_handler = sweep_post };
		int err;

		sweep_hits = sweep_posts = 0;
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
		if (sweep_hits != s->hits || sweep_posts != s->hits)
			ktest_fail(__FILE__, __LINE__, "%s+%lu: %lu pre / %lu post calls, not %lu",
				   name, s->offset, sweep_hits, sweep_posts, s->hits);
		/* The trap reports the probe's own address; after the step
		 * the ip is back in real code, never in the slot.  (A site
		 * that must not fire -- a predicated-off one -- has no ip.) */
		if (s->hits) {
			KT_EXPECT_EQ(sweep_pre_ip, code + s->offset);
			KT_EXPECT(ksym_by_addr(sweep_post_ip) &&
				  sweep_post_ip < (unsigned long)_text_end);
		}
		KT_EXPECT_EQ(s->fn(), s->expected);          /* and without the probe */
	}
}

void probe_refused_sweep(const char *sym, const long *offsets)
{
	for (int i = 0; offsets[i] >= 0; i++) {
		struct kprobe kp = { .symbol_name = sym, .offset = (unsigned)offsets[i],
				     .pre_handler = sweep_pre };
		int err = register_kprobe(&kp);

		if (err != -EINVAL) {
			ktest_fail(__FILE__, __LINE__, "%s+%ld: got %d, not -EINVAL",
				   sym, offsets[i], err);
			if (!err)
				unregister_kprobe(&kp);
		}
	}
}
