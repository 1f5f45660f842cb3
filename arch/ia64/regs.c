/*
 * The registers of a trap frame, by name and in a dump.
 *
 * Names are for fetch arguments (%r32 in an event line): r0..r127,
 * numbered so, where r32.. are the interrupted frame's stacked
 * registers (at a function's entry: its arguments); then b0..b7, ip
 * (bundle | slot), sp (r12), gp (r1), psr, pfs and pr.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>
#include <sonde/string.h>
#include "ia64.h"

enum { REG_B0 = 128, REG_IP = 136, REG_PSR, REG_PFS, REG_PR };

static const struct { const char *name; int reg; } aliases[] = {
	{ "ip", REG_IP }, { "sp", 12 }, { "gp", 1 }, { "psr", REG_PSR },
	{ "pfs", REG_PFS }, { "pr", REG_PR },
};

/* rN (0..127) and bN (0..7) in decimal without leading zeros, or an alias. */
int arch_reg_lookup(const char *name)
{
	uint64_t n;

	if ((name[0] == 'r' || name[0] == 'b') && name[1] >= '0' && name[1] <= '9' &&
	    !(name[1] == '0' && name[2]) && parse_u64(name + 1, &n) == 0 &&
	    n < (name[0] == 'r' ? 128u : 8u))
		return name[0] == 'r' ? (int)n : REG_B0 + (int)n;
	for (int i = 0; i < (int)ARRAY_SIZE(aliases); i++)
		if (strcmp(aliases[i].name, name) == 0)
			return aliases[i].reg;
	return -1;
}

/* Step over n registers in a backing store, forwards or back. */
__kprobes unsigned long *rse_skip(unsigned long *p, long n)
{
	for (; n > 0; n--)
		if (rse_nat_slot(++p))
			p++;
	for (; n < 0; n++)
		if (rse_nat_slot(--p))
			p--;
	return p;
}

/* Where r32 + n of the frame cover saved is: its sof registers end
 * at bsp.  flushrs puts them there.  NULL if the frame has no such. */
__kprobes unsigned long *ia64_stacked_slot(const struct pt_regs *r, unsigned n)
{
	long sof = r->ifs & 0x7f;

	if ((long)n >= sof)
		return NULL;
	__asm__ volatile(";;\n\tflushrs\n\t;;" ::: "memory");
	return rse_skip(rse_skip((unsigned long *)r->bsp, -sof), n);
}

__kprobes unsigned long ia64_stacked_reg(const struct pt_regs *r, unsigned n)
{
	unsigned long *p = ia64_stacked_slot(r, n);

	return p ? *p : 0;
}

unsigned long arch_reg_value(const struct pt_regs *regs, int reg)
{
	if (reg < 32)
		return reg ? regs->r[reg] : 0;
	if (reg < 128)
		return ia64_stacked_reg(regs, reg - 32);
	if (reg < REG_IP)
		return regs->b[reg - REG_B0];
	switch (reg) {
	case REG_IP:  return instruction_pointer(regs);
	case REG_PSR: return regs->ipsr;
	case REG_PFS: return regs->pfs;
	default:      return regs->pr;
	}
}

/* Every register of a trap frame, as a panic report prints them. */
__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	int sof = r->ifs & 0x7f;

	printk("vector: %04lx iip: %016lx slot: %lu ipsr: %016lx\n", r->vector, r->iip,
	       (r->ipsr >> PSR_RI_SHIFT) & 3, r->ipsr);
	printk("isr: %016lx ifa: %016lx iim: %016lx\n", r->isr, r->ifa, r->iim);
	printk("ifs: %016lx pfs: %016lx bsp: %016lx pr: %016lx\n", r->ifs, r->pfs, r->bsp, r->pr);
	for (int i = 0; i < 8; i += 4)
		printk("b%d: %016lx %016lx %016lx %016lx\n", i,
		       r->b[i], r->b[i + 1], r->b[i + 2], r->b[i + 3]);
	for (int i = 0; i < 32 + sof && i < 64; i += 4)
		printk("r%-2d %016lx %016lx %016lx %016lx\n", i,
		       arch_reg_value(r, i), arch_reg_value(r, i + 1),
		       arch_reg_value(r, i + 2), arch_reg_value(r, i + 3));
}
