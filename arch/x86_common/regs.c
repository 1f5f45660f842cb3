/*
 * The registers of a trap frame, by name and in a dump; shared by the
 * i386 and x86_64 ports, whose struct pt_regs use the same field names.
 *
 * Names are for fetch arguments (%ax in an event line).  Linux's
 * kprobe_events names x86 registers without their size prefix (%ax,
 * %di, %r8); we also accept %rax and %eax, which students tend to type.
 * A register's number (what arch_reg_lookup returns) is its row in the
 * table below.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>
#include <sonde/string.h>

#define REG(name, field) { name, (int)offsetof(struct pt_regs, field) }

static const struct { const char *name; int offset; } reg_table[] = {
#ifdef __x86_64__
	REG("ax", ax), REG("rax", ax), REG("bx", bx), REG("rbx", bx),
	REG("cx", cx), REG("rcx", cx), REG("dx", dx), REG("rdx", dx),
	REG("si", si), REG("rsi", si), REG("di", di), REG("rdi", di),
	REG("bp", bp), REG("rbp", bp), REG("sp", sp), REG("rsp", sp),
	REG("r8", r8), REG("r9", r9), REG("r10", r10), REG("r11", r11),
	REG("r12", r12), REG("r13", r13), REG("r14", r14), REG("r15", r15),
	REG("ip", ip), REG("rip", ip), REG("flags", flags), REG("cs", cs), REG("ss", ss),
#else
	REG("ax", ax), REG("eax", ax), REG("bx", bx), REG("ebx", bx),
	REG("cx", cx), REG("ecx", cx), REG("dx", dx), REG("edx", dx),
	REG("si", si), REG("esi", si), REG("di", di), REG("edi", di),
	REG("bp", bp), REG("ebp", bp), REG("sp", sp), REG("esp", sp),
	REG("ip", ip), REG("eip", ip), REG("flags", flags), REG("cs", cs),
#endif
};

int arch_reg_lookup(const char *name)
{
	for (int i = 0; i < (int)ARRAY_SIZE(reg_table); i++)
		if (strcmp(reg_table[i].name, name) == 0)
			return i;
	return -1;
}

unsigned long arch_reg_value(const struct pt_regs *regs, int reg)
{
	return *(const unsigned long *)((const char *)regs + reg_table[reg].offset);
}

/* Every register of a trap frame, as a panic report prints them. */
__kprobes void arch_dump_regs(const struct pt_regs *r)
{
#ifdef __x86_64__
	printk("RIP: %04lx:%016lx RFLAGS: %08lx\n", r->cs, r->ip, r->flags);
	printk("RSP: %04lx:%016lx RBP: %016lx\n", r->ss, r->sp, r->bp);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->ax, r->bx, r->cx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->dx, r->si, r->di);
	printk("R8:  %016lx R9:  %016lx R10: %016lx\n", r->r8, r->r9, r->r10);
	printk("R11: %016lx R12: %016lx R13: %016lx\n", r->r11, r->r12, r->r13);
	printk("R14: %016lx R15: %016lx\n", r->r14, r->r15);
#else
	printk("EIP: %04lx:%08lx EFLAGS: %08lx\n", r->cs, r->ip, r->flags);
	printk("EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", r->ax, r->bx, r->cx, r->dx);
	printk("ESI: %08lx EDI: %08lx EBP: %08lx ESP: %08lx\n", r->si, r->di, r->bp,
	       r->sp);
#endif
}
