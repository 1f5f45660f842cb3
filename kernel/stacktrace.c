/*
 * Stack traces: the return addresses on a stack, found by following
 * frame pointers (the kernel is built with -fno-omit-frame-pointer).
 *
 * How to step from one frame to the next is the port's business
 * (arch_unwind_frame); this file only walks, and asks the probe engine
 * (through unwind_fixup_return) to put back the real return addresses
 * where kretprobes replaced them with their trampoline.  The walk runs
 * inside probe handlers and panic reports, so it is __kprobes.
 */
#include <sonde/trap.h>
#include <sonde/arch.h>
#include <sonde/nokprobe.h>

static unsigned long no_fixup(unsigned long addr, int *nth)
{
	(void)nth;
	return addr;
}
unsigned long (*unwind_fixup_return)(unsigned long addr, int *nth) = no_fixup;

/*
 * Walk the stack: ip first, then each return address found by following
 * frame pointers from fp, with kretprobe trampolines replaced by the
 * real addresses.  At most max entries go into out; returns how many.
 */
__kprobes int stack_trace_from(unsigned long ip, unsigned long fp,
			       unsigned long *out, int max)
{
	unsigned long ret, next;
	/* Which trampoline is which: the nth one on this stack is the nth
	 * pending return of this task, so the count goes with the walk. */
	int n = 0, trampolines = 0;

	if (max > 0)
		out[n++] = unwind_fixup_return(ip, &trampolines);
	while (n < max && arch_unwind_frame(fp, &ret, &next)) {
		/* A return address of 0 ends the chain (task_entry's frame). */
		if (!ret)
			break;
		out[n++] = unwind_fixup_return(ret, &trampolines);
		if (next <= fp)       /* stacks grow down: callers live higher */
			break;
		fp = next;
	}
	return n;
}

__kprobes int stack_trace_save(unsigned long *out, int max)
{
	/* Start from our own frame: entry 1 is the return into our caller. */
	return stack_trace_from(func_entry(stack_trace_save),
				(unsigned long)__builtin_frame_address(0), out, max);
}
