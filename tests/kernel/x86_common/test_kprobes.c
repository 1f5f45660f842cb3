/*
 * x86 single-step fixups: one probe on each instruction class, with
 * the function still computing the right result (targets in
 * probe_targets.S), the instructions x86 refuses, and a fault in a
 * handler reaching the probe's fault_handler.
 */
#include <sonde/ktest.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/arch.h>

struct fx_site {
	unsigned long (*fn)(void);
	unsigned long offset;
};
extern const struct fx_site fx_sites[];
extern const unsigned long fx_refused_sites[];
extern const int fx_nr_refused;
extern char fx_refused[];
extern int fx_data2;
extern char fx_push_pop[];

static int fx_hits, fx_posts;
static unsigned long fx_pre_ip, fx_post_ip;

static int fx_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	fx_hits++;
	fx_pre_ip = instruction_pointer(regs);
	return 0;
}

static void fx_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)flags;
	fx_posts++;
	fx_post_ip = instruction_pointer(regs);
}

/* What each target returns (see probe_targets.S). */
static unsigned long expected(const char *fn)
{
	static const struct { const char *name; unsigned long value; } table[] = {
		{ "fx_call_rel", 16 }, { "fx_call_abs", 18 }, { "fx_jmp_rel8", 3 },
		{ "fx_jmp_rel32", 4 }, { "fx_jcc", 6 }, { "fx_ret", 7 },
		{ "fx_push_pop", 8 }, { "fx_pushf", 0x200 }, { "fx_loop", 3 },
		{ "fx_rip_load", 0x1234 }, { "fx_rip_store", 0x55 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i].name, fn) == 0)
			return table[i].value;
	return ~0ul;
}

/*
 * Each class twice: with a post handler (the copy is single-stepped and
 * fixed up: emulation is off, or x86_64 would do call, ret and push in
 * the breakpoint handler and test no fixup) and without one (boostable
 * instructions run in the slot and jump back; the others are stepped).
 */
static void fixup_classes(bool with_post)
{
	for (const struct fx_site *s = fx_sites; s->fn; s++) {
		const char *name = ksym_by_addr((unsigned long)s->fn)->name;
		struct kprobe kp = { .symbol_name = name, .offset = (unsigned)s->offset,
				     .pre_handler = fx_pre,
				     .post_handler = with_post ? fx_post : NULL };
		unsigned long got;
		int err;

		fx_hits = fx_posts = 0;
		fx_data2 = 0;
		kprobes_emulate = false;
		err = register_kprobe(&kp);
		kprobes_emulate = true;
		if (err) {
			ktest_fail(__FILE__, __LINE__, "%s+%lu: register failed %s", name,
				   s->offset, errno_name(err));
			continue;
		}
		got = s->fn() & 0xffffffff;
		unregister_kprobe(&kp);
		if (got != expected(name))
			ktest_fail(__FILE__, __LINE__, "%s with a probe at +%lu returned 0x%lx, not 0x%lx",
				   name, s->offset, got, expected(name));
		/* loop's probe is hit once per iteration; every other once. */
		if (fx_hits < 1 || fx_hits != (with_post ? fx_posts : fx_hits))
			ktest_fail(__FILE__, __LINE__, "%s+%lu: %d pre / %d post calls",
				   name, s->offset, fx_hits, fx_posts);
		/* x86 reports the ip just after the int3 to the pre handler. */
		KT_EXPECT_EQ(fx_pre_ip, (unsigned long)s->fn + s->offset + 1);
		KT_EXPECT(!with_post || fx_post_ip < (unsigned long)s->fn ||
			  fx_post_ip > (unsigned long)s->fn + s->offset ||
			  strcmp(name, "fx_loop") == 0);
	}
	KT_EXPECT_EQ(fx_data2, 0x55 * (fx_data2 != 0));   /* the store landed in place */
}

KTEST(x86_fixup_classes)
{
	fixup_classes(true);
}

KTEST(x86_fixup_classes_boosted)
{
	fixup_classes(false);
}

/* A boosted hit leaves the interrupt flag as it found it, on or off. */
KTEST(x86_boost_keeps_interrupt_flag)
{
	struct kprobe kp = { .symbol_name = "fx_push_pop", .pre_handler = fx_pre };
	unsigned long flags;

	fx_hits = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT_EQ(fx_sites[0].fn != NULL, 1);
	KT_EXPECT(arch_irqs_enabled());
	KT_EXPECT_EQ(((unsigned long (*)(void))fx_push_pop)() & 0xffffffff, 8);
	KT_EXPECT(arch_irqs_enabled());
	flags = arch_irq_save();
	unsigned long v = ((unsigned long (*)(void))fx_push_pop)() & 0xffffffff;
	bool on = arch_irqs_enabled();
	arch_irq_restore(flags);
	KT_EXPECT_EQ(v, 8);
	KT_EXPECT(!on);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(fx_hits, 2);
}

KTEST(x86_refused_instructions)
{
	for (int i = 0; i < fx_nr_refused; i++) {
		struct kprobe kp = { .symbol_name = "fx_refused",
				     .offset = (unsigned)fx_refused_sites[i], .pre_handler = fx_pre };
		int err = register_kprobe(&kp);

		if (err != -EINVAL) {
			ktest_fail(__FILE__, __LINE__, "fx_refused+%lu: got %d, not -EINVAL",
				   fx_refused_sites[i], err);
			if (err == 0)
				unregister_kprobe(&kp);
		}
	}
}

/* A fault in a pre handler reaches the probe's fault_handler. */
static int faults_seen, fault_trapnr;
static volatile unsigned long fault_resume;
extern char kp_fault_resume[];
int fx_mul3(int x);
__attribute__((noipa, used)) int fx_mul3(int x) { return 3 * x; }

static int skip_fault(struct kprobe *p, struct pt_regs *regs, int trapnr)
{
	(void)p;
	faults_seen++;
	fault_trapnr = trapnr;
	set_instruction_pointer(regs, fault_resume);   /* step over the ud2 */
	return 1;
}

static int faulting_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	fault_resume = (unsigned long)kp_fault_resume;
	__asm__ volatile("ud2\n"                      /* invalid opcode, #UD */
			 ".globl kp_fault_resume\n"
			 "kp_fault_resume:" : : : "memory");
	return 0;
}

KTEST(fault_handler_for_faulting_pre_handler)
{
	struct kprobe kp = { .symbol_name = "fx_mul3", .pre_handler = faulting_pre,
			     .fault_handler = skip_fault };

	faults_seen = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT_EQ(fx_mul3(3), 9);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(faults_seen, 1);
	KT_EXPECT_EQ(fault_trapnr, 6);                 /* #UD */
}
