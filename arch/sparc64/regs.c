/*
 * The registers of a trap frame, by name and in a dump.
 *
 * Names are for fetch arguments (%o0 in an event line): g0..g7, o0..o7,
 * l0..l7 and i0..i7 of the interrupted window, numbered 0..31 in that
 * order, then sp (%o6 + 2047, the address, as $stack), fp (%i6), pc (TPC), npc (TNPC), tstate and y.
 * The frame holds %g and %o; %l and %i are still in the interrupted
 * window, so they are read from its save area at %sp + 2047 after a
 * flushw has put them there.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>
#include <sonde/string.h>
#include "sparc64.h"

#define NR_WINDOW_REGS 32
#define REG(name, field) { name, offsetof(struct pt_regs, field) }

static const struct { const char *name; size_t offset; } reg_table[] = {
	REG("sp", o[6]), REG("pc", tpc), REG("npc", tnpc), REG("tstate", tstate),
	REG("y", y),
};

int arch_reg_lookup(const char *name)
{
	static const char kinds[] = "goli";
	const char *k = name[0] ? strchr(kinds, name[0]) : NULL;

	if (k && name[1] >= '0' && name[1] <= '7' && !name[2])
		return (int)(k - kinds) * 8 + (name[1] - '0');
	if (strcmp(name, "fp") == 0)
		return 30;                     /* %i6 */
	for (int i = 0; i < (int)ARRAY_SIZE(reg_table); i++)
		if (strcmp(reg_table[i].name, name) == 0)
			return NR_WINDOW_REGS + i;
	return -1;
}

/*
 * Where register r (0..31: %g, %o, %l, %i) of the interrupted window
 * is: in the frame, or (%l, %i) in the save area flushw puts them in.
 * NULL for a broken %sp, which a report must not fault on again.
 */
__kprobes unsigned long *sparc64_reg(struct pt_regs *regs, int r)
{
	unsigned long a = regs->o[6] + STACK_BIAS;

	if (r < 8)
		return &regs->g[r];
	if (r < 16)
		return &regs->o[r - 8];
	if (a % 8 || a < KERNEL_VIRT || a >= KERNEL_VIRT + LOCKED_PAGES * (unsigned long)PAGE_4M)
		return NULL;
	__asm__ volatile("flushw" : : : "memory");
	return (unsigned long *)a + (r - 16);
}

/* Its value, or 0 where sparc64_reg() finds none. */
static __kprobes unsigned long reg_value(const struct pt_regs *regs, int r)
{
	const unsigned long *p = sparc64_reg((struct pt_regs *)regs, r);

	return p ? *p : 0;
}

unsigned long arch_reg_value(const struct pt_regs *regs, int reg)
{
	if (reg < NR_WINDOW_REGS)
		return reg_value(regs, reg);
	if (reg == NR_WINDOW_REGS)             /* sp: as $stack, without the bias */
		return stack_pointer(regs);
	return *(const unsigned long *)((const char *)regs + reg_table[reg - NR_WINDOW_REGS].offset);
}

/* Every register of a trap frame, as a panic report prints them. */
__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	unsigned long w[16];

	printk("TT: %03lx TL: %lu TPC: %016lx TNPC: %016lx\n", r->tt, r->tl, r->tpc, r->tnpc);
	printk("TSTATE: %016lx Y: %08lx\n", r->tstate, r->y);
	for (int i = 0; i < 16; i++)
		w[i] = reg_value(r, 16 + i);
	for (int i = 0; i < 8; i += 4) {
		printk("g%d: %016lx %016lx %016lx %016lx\n", i,
		       r->g[i], r->g[i + 1], r->g[i + 2], r->g[i + 3]);
		printk("o%d: %016lx %016lx %016lx %016lx\n", i,
		       r->o[i], r->o[i + 1], r->o[i + 2], r->o[i + 3]);
		printk("l%d: %016lx %016lx %016lx %016lx\n", i, w[i], w[i + 1], w[i + 2], w[i + 3]);
		printk("i%d: %016lx %016lx %016lx %016lx\n", i,
		       w[8 + i], w[9 + i], w[10 + i], w[11 + i]);
	}
}
