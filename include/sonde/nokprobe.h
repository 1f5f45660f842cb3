/*
 * Marking code the probe engine must never probe.
 *
 * A breakpoint in code that the breakpoint's own handling runs would
 * recurse forever, so the trap path, the probe engine and what they
 * call are off limits.  Whole files of the engine (probe/ and each
 * architecture's kprobes code) are placed in the no-probe range by the
 * linker scripts; single functions elsewhere are marked with __kprobes,
 * which puts them in the same range (.kprobes.text).  register_kprobe()
 * refuses any address in it with -EPERM.
 */
#ifndef SONDE_NOKPROBE_H
#define SONDE_NOKPROBE_H

#define __kprobes __attribute__((section(".kprobes.text"), noinline))

/*
 * Functions that never return (task_exit, panic, ...): a return probe
 * on one would leave an instance that is never consumed, so
 * register_kretprobe() refuses them with -EPERM.
 */
#define NOKRETPROBE(fn)                                                   \
	static const void *const nokretprobe_##fn                          \
	__attribute__((used, section(".table.nokretprobe"),                \
		       aligned(sizeof(void *)))) = (const void *)(fn)

#endif
