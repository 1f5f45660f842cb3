/*
 * The floor row of `bench` (tests/kernel/bench.c) on sparc64: n/a until
 * the port has a probe layer (issue 10, part 4).
 */
#include "../bench.h"

const struct bench_floor bench_floor = { NULL, NULL, NULL };
