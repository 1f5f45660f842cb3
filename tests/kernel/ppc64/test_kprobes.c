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
