/*
 * The floor row of `bench` (tests/kernel/bench.c) on ia64: n/a until
 * the port has a probe layer (issue 11, part 4).
 */
#include "../bench.h"

const struct bench_floor bench_floor = { NULL, NULL };
