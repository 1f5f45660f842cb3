/*
 * x86_64 C glue: register dumps.  The boot hand-off and new task stacks
 * are shared with i386 (arch/x86_common/start.c).
 * Everything x86_64 shares with i386 is in arch/x86_common/.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>

__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	printk("RIP: %04lx:%016lx RFLAGS: %08lx\n", r->cs, r->ip, r->flags);
	printk("RSP: %04lx:%016lx RBP: %016lx\n", r->ss, r->sp, r->bp);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->ax, r->bx, r->cx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->dx, r->si, r->di);
	printk("R8:  %016lx R9:  %016lx R10: %016lx\n", r->r8, r->r9, r->r10);
	printk("R11: %016lx R12: %016lx R13: %016lx\n", r->r11, r->r12, r->r13);
	printk("R14: %016lx R15: %016lx\n", r->r14, r->r15);
}
