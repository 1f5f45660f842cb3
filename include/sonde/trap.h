/*
 * The generic half of trap handling.  Each port's trap entry saves a
 * struct pt_regs and calls one of these; they decide what happens.
 */
#ifndef SONDE_TRAP_H
#define SONDE_TRAP_H

#include <sonde/types.h>
#include <arch/regs.h>

/*
 * A hook returns true when it handled the trap; the port then resumes
 * the (possibly modified) regs.  false means "not mine", and the trap
 * is reported as unexpected.  The probe engine installs these at init;
 * tests may replace them for a moment.
 */
typedef bool (*trap_hook_t)(struct pt_regs *regs);
extern trap_hook_t breakpoint_hook;    /* int3, trap, ta 0x70, break   */
extern trap_hook_t single_step_hook;   /* #DB with TF, MSR_SE trace... */

/*
 * Any other fault goes to fault_hook first (the probe engine's, which
 * passes it to a probe's fault_handler when a probe is active); only if
 * that returns false is it reported by trap_unexpected().
 */
extern bool (*fault_hook)(struct pt_regs *regs, unsigned long trapnr);

/* A fault (exception) the port does not handle itself. */
void trap_fault(struct pt_regs *regs, unsigned long vector, const char *name,
		unsigned long code);

/* A breakpoint instruction trapped. */
void trap_breakpoint(struct pt_regs *regs);
/* A single-step (trace) trap arrived. */
void trap_single_step(struct pt_regs *regs);

/*
 * A trap nobody handles: print what it was, the registers and a
 * backtrace, then power off with a failure status -- the same report
 * as panic() (both in kernel/panic.c).  name describes it ("page
 * fault"); code is the error code the hardware gave, if any.
 */
__noreturn void trap_unexpected(struct pt_regs *regs, unsigned long vector,
				const char *name, unsigned long code);

/*
 * Called by the port at the end of every interrupt, just before it
 * returns to the interrupted code: this is where preemption happens.
 */
void trap_irq_exit(struct pt_regs *regs);

/*
 * Stack traces (kernel/stacktrace.c): ip, then the return addresses
 * found by following frame pointers from fp, real ones even where a
 * kretprobe put its trampoline.  Returns the count.
 * stack_trace_save starts at its caller (entry 0 is stack_trace_save
 * itself, entry 1 the caller's caller's return address...).
 */
int stack_trace_from(unsigned long ip, unsigned long fp, unsigned long *out, int max);
int stack_trace_save(unsigned long *out, int max);

/*
 * Translate a return address found on a stack into the real one.  The
 * probe engine overrides this: kretprobes put the trampoline's address
 * there.  *nth counts the trampolines seen so far on this walk, and the
 * hook advances it.  By default the address is returned unchanged.
 */
extern unsigned long (*unwind_fixup_return)(unsigned long addr, int *nth);

#endif
