/*
 * The registers of a trap frame, by name and in a dump.
 *
 * Names are for fetch arguments (%r3 in an event line): r0..r31 as
 * Linux's kprobe_events names them on powerpc (gpr0..gpr31 too), plus
 * nip, msr, lr (or link), ctr, cr (or ccr), xer, sp for r1, trap, dar
 * and dsisr.  A register's number (what arch_reg_lookup returns) is N
 * for rN, and 32 + its row in the table below for the others.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>
#include <sonde/string.h>

#define NR_GPRS 32
#define REG(name, field) { name, offsetof(struct pt_regs, field) }

static const struct { const char *name; size_t offset; } reg_table[] = {
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
		if (!*d && n < NR_GPRS)
			return n;
	}
	for (int i = 0; i < (int)ARRAY_SIZE(reg_table); i++)
		if (strcmp(reg_table[i].name, name) == 0)
			return NR_GPRS + i;
	return -1;
}

unsigned long arch_reg_value(const struct pt_regs *regs, int reg)
{
	if (reg < NR_GPRS)
		return regs->gpr[reg];
	return *(const unsigned long *)((const char *)regs + reg_table[reg - NR_GPRS].offset);
}

/* Every register of a trap frame, as a panic report prints them. */
__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	printk("NIP: %016lx MSR: %016lx TRAP: %04lx\n", r->nip, r->msr, r->trap);
	printk("LR:  %016lx CTR: %016lx CR: %08lx XER: %08lx\n",
	       r->link, r->ctr, r->ccr, r->xer);
	printk("DAR: %016lx DSISR: %08lx\n", r->dar, r->dsisr);
	for (int i = 0; i < 32; i += 4)
		printk("GPR%02d: %016lx %016lx %016lx %016lx\n", i,
		       r->gpr[i], r->gpr[i + 1], r->gpr[i + 2], r->gpr[i + 3]);
}
