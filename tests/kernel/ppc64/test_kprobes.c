/*
 * ppc64 single-step fixups: one probe on each branch form and on the
 * instructions that read or write LR, with the function still computing
 * the right result (targets in probe_targets.S); the same sites boosted
 * (no post handler); a fault in the copy, boosted or stepped; the
 * instructions ppc64 refuses; a misaligned address.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/trap.h>
#include "../site_sweep.h"

extern const struct probe_site pp_sites[];
extern const long pp_refused_sites[];
unsigned long pp_b(void);

static int pp_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	return 0;
}

KTEST(ppc64_branch_and_lr_fixups)
{
	probe_site_sweep(pp_sites);
}

/* The trace interrupts taken, counted on their way to the engine. */
static trap_hook_t engine_step_hook;
static unsigned long steps;

static bool count_step(struct pt_regs *regs)
{
	steps++;
	return engine_step_hook(regs);
}

/*
 * Without a post handler, every site but a branch is boosted: no trace
 * interrupt, with interrupts on (the slot's rfid tail) or off (its
 * "ba"), and MSR_EE comes back as it was; branches are still stepped.
 */
KTEST(ppc64_boost_without_post_handler)
{
	engine_step_hook = single_step_hook;
	single_step_hook = count_step;
	for (const struct probe_site *s = pp_sites; s->fn; s++) {
		unsigned long code = func_entry(s->fn);
		uint32_t insn = *(uint32_t *)(code + s->offset);
		bool branch = insn >> 26 == 16 || insn >> 26 == 18 || insn >> 26 == 19;
		struct kprobe kp = { .addr = (kprobe_opcode_t *)(code + s->offset),
				     .pre_handler = pp_pre };

		KT_ASSERT(register_kprobe(&kp) == 0);
		for (int ee_off = 0; ee_off < 2; ee_off++) {
			unsigned long flags = ee_off ? arch_irq_save() : 0;

			steps = 0;
			KT_EXPECT_EQ(s->fn(), s->expected);
			KT_EXPECT_EQ(arch_irqs_enabled(), !ee_off);
			KT_EXPECT_EQ(steps, branch ? s->hits : 0);
			if (ee_off)
				arch_irq_restore(flags);
		}
		KT_EXPECT_EQ(kp.nhit, 2 * s->hits);
		unregister_kprobe(&kp);
	}
	single_step_hook = engine_step_hook;
}

/*
 * A fault in the copied instruction -- boosted (no post handler) with
 * MSR_EE on or off, or stepped -- reaches the probe's fault handler with
 * nip back at the probe site and EE as the hit found it.
 */
static unsigned long fault_nip, faults;
unsigned long pp_illegal(void);

static int skip_illegal(struct kprobe *p, struct pt_regs *regs, int trapnr)
{
	(void)p;
	faults++;
	fault_nip = regs->nip;
	KT_EXPECT_EQ(trapnr, 0x700);
	regs->gpr[3] = 42;
	regs->nip += 4;
	return 1;
}

static void pp_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
}

KTEST(ppc64_fault_in_copied_instruction)
{
	unsigned long site = func_entry(pp_illegal) + 4;

	for (int way = 0; way < 3; way++) {        /* boosted EE on, EE off, stepped */
		struct kprobe kp = { .addr = (kprobe_opcode_t *)site, .pre_handler = pp_pre,
				     .post_handler = way == 2 ? pp_post : NULL,
				     .fault_handler = skip_illegal };
		unsigned long flags = way == 1 ? arch_irq_save() : 0;
		bool ee = arch_irqs_enabled();

		KT_EXPECT_EQ(ee, way != 1);
		faults = 0;
		KT_ASSERT(register_kprobe(&kp) == 0);
		KT_EXPECT_EQ(pp_illegal(), 42);
		KT_EXPECT_EQ(arch_irqs_enabled(), ee);
		unregister_kprobe(&kp);
		if (way == 1)
			arch_irq_restore(flags);
		KT_EXPECT_EQ(faults, 1);
		KT_EXPECT_EQ(fault_nip, site);
		KT_EXPECT(kprobe_running() == NULL);
	}
}

KTEST(ppc64_refused_instructions)
{
	probe_refused_sweep("pp_refused", pp_refused_sites);
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
