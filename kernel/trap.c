/*
 * The generic side of traps: breakpoint and single-step hooks, the
 * report for a trap nobody expected, and symbolised backtraces.
 */
#include <sonde/trap.h>
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/nokprobe.h>
#include <sonde/kprobes.h>

trap_hook_t breakpoint_hook;
trap_hook_t single_step_hook;

bool (*fault_hook)(struct pt_regs *regs, unsigned long trapnr);

static unsigned long no_fixup(unsigned long addr, int *nth)
{
	(void)nth;
	return addr;
}
unsigned long (*unwind_fixup_return)(unsigned long addr, int *nth) = no_fixup;

/* A breakpoint or step trap no hook claimed, reported by its own vector
 * (out of line: the hit path above it stays as short as it was). */
static __kprobes __noreturn void unclaimed(struct pt_regs *regs, const char *what)
{
	trap_unexpected(regs, trap_vector(regs), what, 0);
}

__kprobes void trap_breakpoint(struct pt_regs *regs)
{
	if (breakpoint_hook && breakpoint_hook(regs))
		return;
	unclaimed(regs, "breakpoint (no probe here)");
}

__kprobes void trap_single_step(struct pt_regs *regs)
{
	if (single_step_hook && single_step_hook(regs))
		return;
	unclaimed(regs, "single-step trap (no step in progress)");
}

__kprobes void trap_fault(struct pt_regs *regs, unsigned long vector,
			  const char *name, unsigned long code)
{
	if (fault_hook && fault_hook(regs, vector))
		return;
	trap_unexpected(regs, vector, name, code);
}

__kprobes void trap_unexpected(struct pt_regs *regs, unsigned long vector,
			       const char *name, unsigned long code)
{
	static bool reporting;
	char where[96];

	arch_irq_disable();
	if (reporting) {              /* a fault while reporting a fault */
		printk("\nPANIC: another fault (%s) while reporting one; powering off\n", name);
		arch_poweroff(POWEROFF_PANIC);
	}
	reporting = true;
	ksym_format(instruction_pointer(regs), where, sizeof(where));
	printk("\nPANIC: unexpected trap: %s (vector %lu, error code 0x%lx)\n"
	       "  at %s in task %d (%s)\n",
	       name, vector, code, where, current ? current->pid : -1,
	       current ? current->name : "?");
	if (kprobe_running()) {
		ksym_format((unsigned long)kprobe_running()->addr, where, sizeof(where));
		printk("  while handling the probe at %s\n", where);
	}
	arch_dump_regs(regs);
	backtrace_from(instruction_pointer(regs), frame_pointer(regs));
	printk("PANIC: powering off\n");
	arch_poweroff(POWEROFF_PANIC);
}

/* Print one line of a backtrace. */
static __kprobes void print_frame(unsigned long addr)
{
	char buf[96];

	ksym_format(addr, buf, sizeof(buf));
	printk("  [<%p>] %s\n", (void *)addr, buf);
}

/*
 * Walk the stack: ip first, then each return address found by following
 * frame pointers from fp, with kretprobe trampolines replaced by the
 * real addresses.  At most max entries go into out; returns how many.
 */
__kprobes int stack_trace_from(unsigned long ip, unsigned long fp,
			       unsigned long *out, int max)
{
	unsigned long ret, next;
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
	return stack_trace_from(func_entry(stack_trace_save),
				(unsigned long)__builtin_frame_address(0), out, max);
}

__kprobes void backtrace_from(unsigned long ip, unsigned long fp)
{
	unsigned long trace[32];
	int n = stack_trace_from(ip, fp, trace, 32);

	printk("Backtrace:\n");
	for (int i = 0; i < n; i++)
		print_frame(trace[i]);
}

__kprobes void dump_stack(void)
{
	/* Start at our own frame: its return address is our caller. */
	backtrace_from(func_entry(dump_stack),
		       (unsigned long)__builtin_frame_address(0));
}
NOKRETPROBE(trap_unexpected);
