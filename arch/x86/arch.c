/*
 * i386 C glue: register dumps.  The boot hand-off and new task stacks
 * are shared with x86_64 (arch/x86_common/start.c).
 * Everything i386 shares with x86_64 is in arch/x86_common/.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>

__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	printk("EIP: %04lx:%08lx EFLAGS: %08lx\n", r->cs, r->ip, r->flags);
	printk("EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", r->ax, r->bx, r->cx, r->dx);
	printk("ESI: %08lx EDI: %08lx EBP: %08lx ESP: %08lx\n", r->si, r->di, r->bp,
	       stack_pointer(r));
}
