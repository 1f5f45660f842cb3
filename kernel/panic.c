/*
 * When the kernel stops: panic(), and a trap nobody handled
 * (trap_unexpected).  Both print the same report -- what happened, the
 * registers, a symbolised backtrace -- and power off with the panic
 * status, which is how the test harness tells a panic from a verdict.
 *
 * The report runs in the worst of states (a fault in a probe handler,
 * a corrupted heap), so it uses only printk, the symbol table and the
 * stack walk, and all of it is on the no-probe list.
 */
#include <sonde/printk.h>
#include <sonde/arch.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>
#include <sonde/nokprobe.h>

/* Print "  [<addr>] name+0xoff" lines, walking frames from fp. */
static __kprobes void backtrace_from(unsigned long ip, unsigned long fp)
{
	unsigned long trace[32];
	int n = stack_trace_from(ip, fp, trace, 32);
	char buf[96];

	printk("Backtrace:\n");
	for (int i = 0; i < n; i++) {
		ksym_format(trace[i], buf, sizeof(buf));
		printk("  [<%p>] %s\n", (void *)trace[i], buf);
	}
}

/* The one report: "PANIC: message", registers, backtrace, power off. */
static __kprobes __noreturn void vreport(struct pt_regs *regs, const char *fmt, va_list ap)
{
	/* Both callers have turned interrupts off, for good: no tick, no
	 * other task, may run while the machine stops. */
	printk("\nPANIC: ");
	vprintk(fmt, ap);
	printk("\n");
	arch_dump_regs(regs);
	backtrace_from(instruction_pointer(regs), frame_pointer(regs));
	printk("PANIC: powering off\n");
	arch_poweroff(POWEROFF_PANIC);
}

static __kprobes __noreturn void report(struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(regs, fmt, ap);
}

__kprobes void panic(const char *fmt, ...)
{
	static bool in_panic;
	struct pt_regs regs = { 0 };   /* what a port does not capture reads 0 */
	va_list ap;

	arch_irq_disable();
	if (in_panic)           /* a panic while panicking: just stop */
		arch_poweroff(POWEROFF_PANIC);
	in_panic = true;
	/* The caller's registers, as a trap frame would have them. */
	arch_capture_regs(&regs);
	va_start(ap, fmt);
	vreport(&regs, fmt, ap);
}
NOKRETPROBE(panic);

__kprobes void trap_unexpected(struct pt_regs *regs, unsigned long vector,
			       const char *name, unsigned long code)
{
	static bool reporting;
	char where[96];

	arch_irq_disable();
	/* Checked before anything that could fault again (ksym_format). */
	if (reporting) {
		printk("\nPANIC: another fault (%s) while reporting one; powering off\n", name);
		arch_poweroff(POWEROFF_PANIC);
	}
	reporting = true;
	ksym_format(instruction_pointer(regs), where, sizeof(where));
	/* A trap before sched_init() has no current task. */
	report(regs, "unexpected trap: %s (vector %lu, error code 0x%lx)\n"
	       "  at %s in task %d (%s)", name, vector, code, where,
	       current ? current->pid : -1, current ? current->name : "?");
}
NOKRETPROBE(trap_unexpected);
