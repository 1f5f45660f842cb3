/*
 * The floor row of `bench` (tests/kernel/bench.c) on x86: a function
 * with an int3 in it, and a breakpoint hook that only resumes.  int3 is
 * a trap: the saved ip is already past it, so "handled, resume" is all
 * there is to do.
 */
#include <sonde/arch.h>
#include "../bench.h"

/* As bench_target, plus the int3; noipa for the same reasons. */
int bench_target_int3(int x);
__attribute__((noipa, used)) int bench_target_int3(int x)
{
	__asm__ volatile("int3\n"
			 ".globl bench_after_int3\n"
			 "bench_after_int3:" : : : "memory");
	return x + 1;
}
extern char bench_after_int3[];

static bool bench_bp_hook(struct pt_regs *regs)
{
	/* Only our own int3; any other breakpoint (an enabled probe that
	 * happens to be hit) goes to the probe engine as usual. */
	if (instruction_pointer(regs) == (unsigned long)bench_after_int3)
		return true;
	return bench_saved_hook && bench_saved_hook(regs);
}

/* The jump-optimised row's target: a 5-byte nop, then bench_target's
 * body.  In assembly, so the nop is surely first. */
int bench_target_nop5(int x);
__asm__(".text\n.globl bench_target_nop5\n.type bench_target_nop5, @function\n"
	"bench_target_nop5:\n\t"
	".byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n\t"       /* nopl 0(%ax,%ax,1) */
#ifdef __x86_64__
	"lea 1(%rdi), %eax\n\t"
#else
	"mov 4(%esp), %eax\n\tadd $1, %eax\n\t"
#endif
	"ret\n"
	".size bench_target_nop5, . - bench_target_nop5");

const struct bench_floor bench_floor = { bench_target_int3, bench_bp_hook, bench_target_nop5 };
