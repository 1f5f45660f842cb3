/*
 * A port's probe-site sweep, shared by the per-port tests: a table of
 * functions (in the port's probe_targets.S) with one probe site each,
 * what the function returns and how often the probe must fire; and a
 * list of offsets that register_kprobe() must refuse.
 */
#ifndef TESTS_SITE_SWEEP_H
#define TESTS_SITE_SWEEP_H

struct probe_site {
	unsigned long (*fn)(void);
	unsigned long offset, expected, hits;   /* the layout probe_targets.S writes */
};

/* Probe each site with a pre and a post handler; the function must still
 * compute its result, with and without the probe, and the step must end
 * back in real code. */
void probe_site_sweep(const struct probe_site *sites);
/* Every offset of sym in offsets (ended by -1) must get -EINVAL. */
void probe_refused_sweep(const char *sym, const long *offsets);

#endif
