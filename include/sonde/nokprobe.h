/*
 * Code the probe engine must never probe: a breakpoint there would
 * recurse in its own handling.  probe/ and the ports' kprobes code are
 * placed in the no-probe range by the linker scripts; __kprobes puts a
 * single function there (-EPERM for a probe; docs/probes.md).
 */
#ifndef SONDE_NOKPROBE_H
#define SONDE_NOKPROBE_H

#define __kprobes __attribute__((section(".kprobes.text"), noinline))

/* A function that never returns: a return probe's instance there
 * would never be consumed (-EPERM). */
#define NOKRETPROBE(fn)                                                   \
	static const void *const nokretprobe_##fn                          \
	__attribute__((used, section(".table.nokretprobe"),                \
		       aligned(sizeof(void *)))) = (const void *)(fn)

#endif
