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
#include "../site_sweep.h"

extern const struct probe_site ia_sites[];
extern const long ia_refused_sites[];

KTEST(ia64_slots_templates_and_branches)
{
	probe_site_sweep(ia_sites);
}

KTEST(ia64_refused_slots)
{
	probe_refused_sweep("ia_refused", ia_refused_sites);
}
