/*
 * jprobes: a probe whose handler has the probed function's own
 * prototype, so it can read the arguments by name.
 *
 * The jprobe is a kprobe with two architecture handlers:
 * setjmp_pre_handler sends the CPU into jp->entry, which sees the same
 * arguments and ends with jprobe_return().  x86 and ppc64 run the entry
 * below the hit's trap frame, on a copy of the stack top, and resume that
 * frame with no trap; on sparc64 and ia64 a breakpoint reaches
 * longjmp_break_handler, which puts the saved registers and stack back.
 * Then the probed instruction runs as for any kprobe, all else untouched.
 *
 * Unlike 2005, a jprobe may share its address with kprobes and
 * kretprobes: the aggregate runs it last (probe/kprobes.c).  The entry
 * may unregister its own jprobe: the engine kept the jprobe and its
 * break handler when the entry began, so jprobe_return() still returns.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>

int register_jprobe(struct jprobe *jp)
{
	if (!jp->entry)
		return -EINVAL;
	jp->kp.pre_handler = setjmp_pre_handler;
	jp->kp.break_handler = longjmp_break_handler;
	return register_kprobe(&jp->kp);
}

void unregister_jprobe(struct jprobe *jp)
{
	unregister_kprobe(&jp->kp);
}
