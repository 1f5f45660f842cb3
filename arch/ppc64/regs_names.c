/*
 * Register names for fetch arguments (%r3 in an event line): r0..r31 as
 * Linux's kprobe_events names them on powerpc, plus nip, msr, lr (or
 * link), ctr, cr (or ccr), xer, and sp for r1.
 */
#include <sonde/arch.h>
#include <sonde/string.h>
#include <arch/regs.h>

#define REG(name, field) { name, (int)offsetof(struct pt_regs, field) }

static const struct { const char *name; int offset; } reg_table[] = {
	REG("nip", nip), REG("msr", msr), REG("lr", link), REG("link", link),
	REG("ctr", ctr), REG("cr", ccr), REG("ccr", ccr), REG("xer", xer),
	REG("sp", gpr[1]), REG("trap", trap), REG("dar", dar), REG("dsisr", dsisr),
};

int arch_reg_lookup(const char *name)
{
	/* rN (or gprN), N = 0..31, without leading zeros. */
	const char *d = strncmp(name, "gpr", 3) == 0 ? name + 3 : name + (name[0] == 'r');
	if (d != name && d[0] >= '0' && d[0] <= '9' && !(d[0] == '0' && d[1])) {
		int n = 0;
		for (; *d >= '0' && *d <= '9' && n < 100; d++)
			n = n * 10 + (*d - '0');
		if (!*d && n < 32)
			return (int)offsetof(struct pt_regs, gpr) + n * 8;
	}
	for (unsigned i = 0; i < sizeof(reg_table) / sizeof(reg_table[0]); i++)
		if (strcmp(reg_table[i].name, name) == 0)
			return reg_table[i].offset;
	return -1;
}

unsigned long arch_reg_value(const struct pt_regs *regs, int index)
{
	return *(const unsigned long *)((const char *)regs + index);
}
