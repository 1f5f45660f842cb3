/*
 * What the `bench` command (bench.c) takes from the architecture: the
 * floor row, the cost of a breakpoint trap that does nothing at all.
 * Each port's test folder defines bench_floor (x86_common/bench_floor.c,
 * ppc64/bench_floor.c); the Makefile builds only ARCH's.
 */
#ifndef SONDE_TESTS_BENCH_H
#define SONDE_TESTS_BENCH_H

#include <sonde/trap.h>

struct bench_floor {
	/* bench_target with a bare breakpoint instruction in it */
	int (*target)(int x);
	/* Stands in for breakpoint_hook while target is measured: resumes
	 * after target's breakpoint, hands any other to bench_saved_hook. */
	trap_hook_t hook;
	/* bench_target behind a 5-byte nop, as Linux functions start (the
	 * ftrace site): a jump-optimised probe fits there.  NULL where the
	 * port does not optimise. */
	int (*opt_target)(int x);
};

/* target and hook are NULL where no floor is written yet ("n/a"). */
extern const struct bench_floor bench_floor;

/* The breakpoint hook in place before bench_floor.hook replaced it. */
extern trap_hook_t bench_saved_hook;

#endif
