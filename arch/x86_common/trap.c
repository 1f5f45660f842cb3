/*
 * x86 trap dispatch, shared by the i386 and x86_64 ports.  The port's
 * assembly saves a struct pt_regs (whose fields have the same names in
 * both ports), hands a breakpoint to the probe engine's hook itself and
 * calls x86_trap() for the rest: debug traps go to the generic hook,
 * IRQ 0 to the scheduler's tick, and the others are reported.
 */
#include <sonde/arch.h>
#include <sonde/task.h>
#include <sonde/trap.h>
#include <sonde/mm.h>
#include <sonde/nokprobe.h>
#include "flags.h"
#include "idt.h"
#include "pic.h"

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved (15)", "x87 floating-point error",
	"alignment check", "machine check", "SIMD floating-point error",
	"virtualization exception", "control protection", "reserved (22)",
	"reserved (23)", "reserved (24)", "reserved (25)", "reserved (26)",
	"reserved (27)", "hypervisor injection", "VMM communication",
	"security exception", "reserved (31)",
};

#define DR6_SINGLE_STEP (1ul << 14)   /* BS: the trap flag caused this #DB */
void x86_optprobe_hit(struct pt_regs *regs);   /* kprobes_opt.c */

/* Every vector but a breakpoint some hook claimed: trap_entry.S hands
 * those, every probe hit, to breakpoint_hook itself. */
__kprobes void x86_trap(struct pt_regs *regs)
{
	unsigned long vector = regs->vector;

	if (vector == X86_VEC_DEBUG) {
		unsigned long dr6;
		__asm__ volatile("mov %%db6, %0" : "=r"(dr6));
		__asm__ volatile("mov %0, %%db6" : : "r"(0ul));
		if (!(dr6 & DR6_SINGLE_STEP))
			trap_unexpected(regs, vector, "debug trap (not a single-step)", dr6);
		trap_single_step(regs);
	} else if (vector == X86_VEC_DETOUR) {
		x86_optprobe_hit(regs);
	} else if (vector == X86_VEC_BREAKPOINT) {   /* the hook said no: */
		trap_breakpoint(regs);    /* it is asked again, and reported as on every port */
	} else if (vector >= X86_VEC_IRQ0) {
		unsigned irq = vector - X86_VEC_IRQ0;
		if (pic_is_spurious(irq))
			return;
		pic_eoi(irq);             /* before we may switch tasks */
		if (irq == 0)
			timer_tick();
		trap_irq_exit(regs);
	} else {
		trap_fault(regs, vector, exception_names[vector], regs->error_code);
	}
}

void arch_trap_init(void)
{
	idt_init();
	pic_init();
}

/* ---- interrupt control, the cycle counter, idling ---- */

__kprobes unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushf; pop %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

__kprobes void arch_irq_restore(unsigned long flags)
{
	if (flags & X86_FLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

__kprobes void arch_irq_enable(void)  { __asm__ volatile("sti" : : : "memory"); }
__kprobes void arch_irq_disable(void) { __asm__ volatile("cli" : : : "memory"); }

__kprobes bool arch_irqs_enabled(void)
{
	unsigned long flags;

	__asm__ volatile("pushf; pop %0" : "=r"(flags));
	return flags & X86_FLAGS_IF;
}

/* "sti; hlt" cannot be split by an interrupt: sti takes effect only
 * after the next instruction, so no wake-up is lost in between. */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

/* The same counter as the trace's clock (<arch/kprobes.h>). */
uint64_t arch_cycles(void)
{
	return arch_clock();
}

/*
 * Stack unwinding with frame pointers: [fp] is the caller's fp and
 * [fp + one word] the return address.
 *
 * One frame is special: the one trap_entry.S called (x86_trap's or the
 * breakpoint hook's), whose return address it knows.  Above it lies the
 * trap frame, and the code that was interrupted: so the next "return
 * address" is the interrupted ip, and the next frame pointer is the
 * interrupted bp.  That is how a backtrace taken in a probe handler
 * continues into the probed code.
 */
extern char x86_trap_called[], x86_hook_called[];

__kprobes bool arch_unwind_frame(unsigned long fp, unsigned long *ret, unsigned long *next_fp)
{
	unsigned long *frame = (unsigned long *)fp;

	/* A frame pointer must be aligned and inside memory we own: a
	 * corrupt one must end the backtrace, not fault inside it. */
	if (!fp || fp % sizeof(long) || !kernel_addr_readable(fp, 3 * sizeof(long)))
		return false;
	if (frame[1] == (unsigned long)x86_trap_called ||
	    frame[1] == (unsigned long)x86_hook_called) {
		/* i386 passed regs on the stack: the frame starts past it. */
		struct pt_regs *regs = (struct pt_regs *)&frame[sizeof(long) == 8 ? 2 : 3];
		*ret = regs->ip;
		*next_fp = regs->bp;
		return true;
	}
	*next_fp = frame[0];
	*ret = frame[1];
	return true;
}
