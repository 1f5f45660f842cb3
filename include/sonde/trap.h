/*
 * The generic half of trap handling.  Each port's trap entry saves a
 * struct pt_regs and calls one of these; they decide what happens.
 */
#ifndef SONDE_TRAP_H
#define SONDE_TRAP_H

#include <sonde/types.h>
#include <arch/regs.h>

/* true: handled, resume the (changed) regs; false: reported as
 * unexpected.  The probe engine installs them; tests may swap them. */
typedef bool (*trap_hook_t)(struct pt_regs *regs);
extern trap_hook_t breakpoint_hook;    /* int3, trap, ta 0x70, break   */
extern trap_hook_t single_step_hook;   /* #DB with TF, MSR_SE trace... */

/* Any other fault goes here first (the engine's: a probe's
 * fault_handler); false: trap_unexpected() reports it. */
extern bool (*fault_hook)(struct pt_regs *regs, unsigned long trapnr);

/* A fault (exception) the port does not handle itself. */
void trap_fault(struct pt_regs *regs, unsigned long vector, const char *name,
		unsigned long code);

/* A breakpoint instruction trapped. */
void trap_breakpoint(struct pt_regs *regs);
/* A single-step (trace) trap arrived. */
void trap_single_step(struct pt_regs *regs);

/* panic()'s report for a trap nobody handles ("page fault", the
 * hardware's error code), then a failing power-off. */
__noreturn void trap_unexpected(struct pt_regs *regs, unsigned long vector,
				const char *name, unsigned long code);

/* The port calls it at the end of every interrupt: preemption. */
void trap_irq_exit(struct pt_regs *regs);

/* Stack traces: ip, then the real return addresses (past kretprobe
 * trampolines) from fp on; _save starts at itself.  The count. */
int stack_trace_from(unsigned long ip, unsigned long fp, unsigned long *out, int max);
int stack_trace_save(unsigned long *out, int max);

/* A return address found on a stack -> the real one (the probe
 * engine's: past its trampoline; *nth counts them on this walk). */
extern unsigned long (*unwind_fixup_return)(unsigned long addr, int *nth);

#endif
