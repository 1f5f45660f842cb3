/*
 * The floor row of `bench` (tests/kernel/bench.c) on ia64: a function
 * with a "break 0x80200" in it, and a breakpoint hook that only
 * resumes.  The break faults with the ip at itself, so the hook moves
 * it on by a slot: its bundle's slot 1 here, so slot 2 is next.
 */
#include <sonde/arch.h>
#include "../bench.h"

/* As bench_target, plus the break; noipa for the same reasons. */
int bench_target_break(int x);
__attribute__((noipa, used)) int bench_target_break(int x)
{
	__asm__ volatile(".align 16\n"
			 ".globl bench_break_bundle\n"
			 "bench_break_bundle:\n\t"
			 "{ .mii\n\tnop.m 0\n\tbreak.i 0x80200\n\tnop.i 0 ;;\n\t}" : : : "memory");
	return x + 1;
}
extern char bench_break_bundle[];

static bool bench_bp_hook(struct pt_regs *regs)
{
	/* Only our own break; any other breakpoint (an enabled probe that
	 * happens to be hit) goes to the probe engine as usual. */
	if (instruction_pointer(regs) == (unsigned long)bench_break_bundle + 1) {
		set_instruction_pointer(regs, (unsigned long)bench_break_bundle + 2);
		return true;
	}
	return bench_saved_hook && bench_saved_hook(regs);
}

const struct bench_floor bench_floor = { bench_target_break, bench_bp_hook, NULL };
