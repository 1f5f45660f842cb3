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

/*
 * Each site three ways: stepped (a post handler), and boosted (none)
 * with interrupts on (the slot's "ba" back) and off (TNPC back).
 */
static void branch_forms(int mode)
{
	for (const struct sp_site *s = sp_sites; s->fn; s++) {
		unsigned long code = func_entry(s->fn), got, flags = 0;
		const char *name = ksym_by_addr(code)->name;
		struct kprobe kp = { .symbol_name = name, .offset = (unsigned)s->offset,
				     .pre_handler = sp_pre, .post_handler = mode ? NULL : sp_post };
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
		if (mode == 2)
			flags = arch_irq_save();
		got = s->fn();
		if (mode == 2)
			arch_irq_restore(flags);
		unregister_kprobe(&kp);
		if (got != s->expected)
			ktest_fail(__FILE__, __LINE__, "%s with a probe at +%lu (mode %d) returned %lu, not %lu",
				   name, s->offset, mode, got, s->expected);
		if (sp_hits != s->hits || sp_posts != (mode ? 0 : s->hits))
			ktest_fail(__FILE__, __LINE__, "%s+%lu (mode %d): %lu pre / %lu post calls",
				   name, s->offset, mode, sp_hits, sp_posts);
		/* "ta 0x70" reports its own address; after the step, TPC is
		 * back in real code, never in the slot. */
		KT_EXPECT_EQ(sp_pre_pc, code + s->offset);
		KT_EXPECT(mode || (ksym_by_addr(sp_post_pc) && sp_post_pc < (unsigned long)_text_end));
		KT_EXPECT_EQ(s->fn(), s->expected);          /* and without the probe */
	}
}

KTEST(sparc64_branch_forms_and_returns)
{
	for (int mode = 0; mode < 3; mode++)
		branch_forms(mode);
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

/*
 * Loads at addresses that are not a multiple of their size trap on
 * SPARC; the kernel does them byte by byte (trap.c), so each width and
 * sign reads what x86 would, into %o and %l registers alike (a %l lives
 * in the window's save area while the trap runs).
 */
KTEST(sparc64_unaligned_loads)
{
	static const uint8_t b[16] = { 0, 0x81, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	unsigned long x, uh, sh, uw, sw;
	register unsigned long l3 asm("l3");

	__asm__ volatile("ldx [%1 + 1], %0" : "=r"(x) : "r"(b));
	__asm__ volatile("lduh [%1 + 1], %0" : "=r"(uh) : "r"(b));
	__asm__ volatile("ldsh [%1 + 1], %0" : "=r"(sh) : "r"(b));
	__asm__ volatile("lduw [%1 + 1], %0" : "=r"(uw) : "r"(b));
	__asm__ volatile("ldsw [%1 + 1], %0" : "=r"(sw) : "r"(b));
	__asm__ volatile("ldx [%1 + 3], %0" : "=r"(l3) : "r"(b));
	KT_EXPECT_EQ(x, 0x8102030405060708ul);
	KT_EXPECT_EQ(uh, 0x8102ul);
	KT_EXPECT_EQ(sh, (unsigned long)(long)(int16_t)0x8102);
	KT_EXPECT_EQ(uw, 0x81020304ul);
	KT_EXPECT_EQ(sw, (unsigned long)(long)(int32_t)0x81020304);
	KT_EXPECT_EQ(l3, 0x030405060708090aul);
}

/*
 * A wild pointer -- outside the mapped kernel window, address 0, or
 * unaligned and unmapped -- faults (data access exception, or not
 * aligned) in the copied instruction, stepped (a post handler) or
 * boosted (none), with interrupts on or off; the probe's fault_handler
 * sees TPC back at the probe site.
 */
static unsigned long fault_tt, fault_pc, fault_count;

static int fix_load(struct kprobe *p, struct pt_regs *regs, int trapnr)
{
	(void)p;
	fault_count++;
	fault_tt = (unsigned long)trapnr;
	fault_pc = regs->tpc;
	regs->o[0] = 0xdead;                   /* as if the load gave this */
	regs->tpc += 4;
	regs->tnpc = regs->tpc + 4;
	return 1;
}

unsigned long sp_load(unsigned long addr), sp_call(void);

KTEST(sparc64_wild_load_in_copied_instruction)
{
	static const struct { unsigned long addr, tt; } wild[] = {
		{ 0x700000000000ul, 0x30 }, { 0xdead0000ul, 0x30 }, { 0, 0x30 },
		{ 0xdead0001ul, 0x34 },
	};
	unsigned long good = 77;

	for (int post = 0; post < 2; post++) {
		struct kprobe kp = { .symbol_name = "sp_load", .pre_handler = sp_pre,
				     .post_handler = post ? sp_post : NULL, .fault_handler = fix_load };

		KT_ASSERT(register_kprobe(&kp) == 0);
		KT_EXPECT_EQ(sp_load((unsigned long)&good), 77);
		for (unsigned i = 0; i < 2 * ARRAY_SIZE(wild); i++) {
			unsigned long flags = i % 2 ? arch_irq_save() : 0;   /* boosted: both ways */

			fault_count = 0;
			KT_EXPECT_EQ(sp_load(wild[i / 2].addr), 0xdead);
			if (i % 2)
				arch_irq_restore(flags);
			KT_EXPECT_EQ(fault_count, 1);
			KT_EXPECT_EQ(fault_tt, wild[i / 2].tt);
			KT_EXPECT_EQ(fault_pc, func_entry(sp_load));
			KT_EXPECT(kprobe_running() == NULL);
		}
		unregister_kprobe(&kp);
	}
}

/* The same in a pre handler: its fault_handler skips the load. */
static int wild_pre(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long v;

	(void)p;
	(void)regs;
	__asm__ volatile("ldx [%1], %0" : "=r"(v) : "r"(0xdead0000ul) : "memory");
	return 0;
}

static int skip_load(struct kprobe *p, struct pt_regs *regs, int trapnr)
{
	(void)p;
	fault_count++;
	fault_tt = (unsigned long)trapnr;
	regs->tpc = regs->tnpc;
	regs->tnpc += 4;
	return 1;
}

KTEST(sparc64_wild_load_in_pre_handler)
{
	struct kprobe kp = { .symbol_name = "sp_leaf", .pre_handler = wild_pre,
			     .fault_handler = skip_load };

	fault_count = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT_EQ(sp_call(), 21);           /* it calls sp_leaf */
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(fault_count, 1);
	KT_EXPECT_EQ(fault_tt, 0x30);
}
