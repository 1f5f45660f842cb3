/*
 * ppc64 single-step fixups: one probe on each branch form and on the
 * instructions that read or write LR, with the function still computing
 * the right result (targets in probe_targets.S); the instructions
 * ppc64 refuses; a misaligned address.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

struct pp_site {
	unsigned long (*fn)(void);
	unsigned long offset, expected, hits;
};
extern const struct pp_site pp_sites[];
extern const long pp_refused_sites[];
unsigned long pp_b(void);

static unsigned long pp_hits, pp_posts, pp_pre_nip, pp_post_nip;

static int pp_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	pp_hits++;
	pp_pre_nip = instruction_pointer(regs);
	return 0;
}

static void pp_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)flags;
	pp_posts++;
	pp_post_nip = instruction_pointer(regs);
}

KTEST(ppc64_branch_and_lr_fixups)
{
	for (const struct pp_site *s = pp_sites; s->fn; s++) {
		unsigned long code = func_entry(s->fn), got;
		const char *name = ksym_by_addr(code)->name;
		struct kprobe kp = { .symbol_name = name, .offset = (unsigned)s->offset,
				     .pre_handler = pp_pre, .post_handler = pp_post };
		int err;

		pp_hits = pp_posts = 0;
		err = register_kprobe(&kp);
		if (err) {
			ktest_fail(__FILE__, __LINE__, "%s+%lu: register failed %s", name,
				   s->offset, errno_name(err));
			continue;
		}
		got = s->fn();
		unregister_kprobe(&kp);
		if (got != s->expected)
			ktest_fail(__FILE__, __LINE__, "%s with a probe at +%lu returned %lu, not %lu",
				   name, s->offset, got, s->expected);
		if (pp_hits != s->hits || pp_posts != s->hits)
			ktest_fail(__FILE__, __LINE__, "%s+%lu: %lu pre / %lu post calls, not %lu",
				   name, s->offset, pp_hits, pp_posts, s->hits);
		/* "trap" reports its own address; after the step, nip is back
		 * in real code, never in the slot. */
		KT_EXPECT_EQ(pp_pre_nip, code + s->offset);
		KT_EXPECT(ksym_by_addr(pp_post_nip) && pp_post_nip < (unsigned long)_text_end);
		KT_EXPECT_EQ(s->fn(), s->expected);          /* and without the probe */
	}
}

KTEST(ppc64_refused_instructions)
{
	for (int i = 0; pp_refused_sites[i] >= 0; i++) {
		struct kprobe kp = { .symbol_name = "pp_refused",
				     .offset = (unsigned)pp_refused_sites[i], .pre_handler = pp_pre };
		int err = register_kprobe(&kp);

		if (err != -EINVAL) {
			ktest_fail(__FILE__, __LINE__, "pp_refused+%ld: got %d, not -EINVAL",
				   pp_refused_sites[i], err);
			if (err == 0)
				unregister_kprobe(&kp);
		}
	}
}

KTEST(ppc64_misaligned_address)
{
	unsigned long code = func_entry(pp_b);

	for (unsigned off = 1; off < 4; off++) {
		struct kprobe by_name = { .symbol_name = "pp_b", .offset = off, .pre_handler = pp_pre };
		struct kprobe by_addr = { .addr = (kprobe_opcode_t *)(code + off), .pre_handler = pp_pre };

		KT_EXPECT_EQ(register_kprobe(&by_name), -EINVAL);
		KT_EXPECT_EQ(register_kprobe(&by_addr), -EINVAL);
	}
	KT_EXPECT_EQ(pp_b(), 3);
}
