/*
 * Register names for fetch arguments (%ax in an event line), shared by
 * both x86 ports.  Linux's kprobe_events names x86 registers without
 * their size prefix (%ax, %di, %r8); we also accept %rax and %eax, which
 * students tend to type.
 */
#include <sonde/arch.h>
#include <sonde/string.h>
#include <arch/regs.h>

#define REG(name, field) { name, (int)offsetof(struct pt_regs, field) }
#define REG_SP (-1)     /* i386 keeps no sp in the frame: computed */

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
	REG("bp", bp), REG("ebp", bp), { "sp", REG_SP }, { "esp", REG_SP },
	REG("ip", ip), REG("eip", ip), REG("flags", flags), REG("cs", cs),
#endif
};

int arch_reg_lookup(const char *name)
{
	for (unsigned i = 0; i < sizeof(reg_table) / sizeof(reg_table[0]); i++)
		if (strcmp(reg_table[i].name, name) == 0)
			return reg_table[i].offset == REG_SP ? 10000 : reg_table[i].offset;
	return -1;
}

unsigned long arch_reg_value(const struct pt_regs *regs, int index)
{
	if (index == 10000)
		return stack_pointer(regs);
	return *(const unsigned long *)((const char *)regs + index);
}
