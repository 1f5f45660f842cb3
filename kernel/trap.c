/*
 * The generic side of traps: the port's dispatcher calls these, and
 * each offers the trap to the hook a subsystem installed (the probe
 * engine, at kprobes_init).  A trap no hook takes is reported by
 * trap_unexpected() (kernel/panic.c), which powers off.
 */
#include <sonde/trap.h>
#include <sonde/nokprobe.h>

/*
 * Until kprobes_init() installs its own, no hook claims a trap: every
 * such trap is unexpected.  (A hook is always there to call: the hit
 * path need not test for NULL.)
 */
static __kprobes bool no_hook(struct pt_regs *regs)
{
	(void)regs;
	return false;
}
trap_hook_t breakpoint_hook = no_hook;
trap_hook_t single_step_hook = no_hook;

bool (*fault_hook)(struct pt_regs *regs, unsigned long trapnr);

/* A breakpoint or step trap no hook claimed, reported by its own vector
 * (out of line: the hit path above it stays as short as it was). */
static __kprobes __noreturn void unclaimed(struct pt_regs *regs, const char *what)
{
	trap_unexpected(regs, trap_vector(regs), what, 0);
}

__kprobes void trap_breakpoint(struct pt_regs *regs)
{
	if (breakpoint_hook(regs))
		return;
	unclaimed(regs, "breakpoint (no probe here)");
}

__kprobes void trap_single_step(struct pt_regs *regs)
{
	if (single_step_hook(regs))
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
