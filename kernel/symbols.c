/*
 * Symbol lookup over the table the build generated (tools/gensyms.py).
 *
 * The table is sorted by address, so an address is found by binary
 * search.  Names are found by a linear scan: it happens when a human
 * types a name, not on any hot path.
 */
#include <sonde/symbols.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/arch.h>
#include <sonde/nokprobe.h>

/* Emitted by tools/gensyms.py into the .ksyms section (empty in link 1). */
extern const struct ksym ksyms_table[];
extern const unsigned long ksyms_count;

/* By index, for walks in address order (tab completion, tests). */
int ksym_count(void) { return (int)ksyms_count; }
const struct ksym *ksym_at(int i) { return &ksyms_table[i]; }

const struct ksym *ksym_by_name(const char *name)
{
	for (unsigned long i = 0; i < ksyms_count; i++)
		if (strcmp(ksyms_table[i].name, name) == 0)
			return &ksyms_table[i];
	return NULL;
}

/* __kprobes: backtraces and explain mode look up addresses mid-hit. */
__kprobes const struct ksym *ksym_by_addr(unsigned long addr)
{
	unsigned long lo = 0, hi = ksyms_count;

	/* An empty table (the first link's) has nothing to search. */
	if (!ksyms_count || addr < ksyms_table[0].addr)
		return NULL;
	/* Find the last symbol whose address is <= addr. */
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;
		if (ksyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &ksyms_table[lo];
}

__kprobes int ksym_format(unsigned long addr, char *buf, size_t size)
{
	const struct ksym *s = ksym_by_addr(addr);

	/* Outside the kernel image no symbol applies. */
	if (!s || addr >= (unsigned long)_kernel_end)
		return snprintk(buf, size, "0x%lx", addr);
	return snprintk(buf, size, "%s+0x%lx", s->name, addr - s->addr);
}
