/*
 * The floor row of `bench` (tests/kernel/bench.c) on ppc64: not written
 * yet, so the row says n/a.  A ppc64 trap reports nip at the trap
 * itself, so its hook would have to step nip past it; and the ppc64
 * figures are not instruction counts anyway (docs/bench.md).
 */
#include "../bench.h"

const struct bench_floor bench_floor = { NULL, NULL, NULL };
