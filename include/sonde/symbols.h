/*
 * The kernel's own symbol table.  The build links the kernel twice:
 * the first link is read with nm, tools/gensyms.py turns its symbols
 * into a table, and the second link places that table at the very end
 * of the image, so no other address moves (see the Makefile).
 */
#ifndef SONDE_SYMBOLS_H
#define SONDE_SYMBOLS_H

#include <sonde/types.h>

struct ksym {
	unsigned long addr;
	unsigned long size;
	const char *name;
	char type;          /* nm's letter: 'T' function, 'D'/'B'/'R' object */
};

/* Exact name -> symbol, or NULL.  Local (static) names are included. */
const struct ksym *ksym_by_name(const char *name);
/* The symbol containing addr (or the nearest one before it), or NULL. */
const struct ksym *ksym_by_addr(unsigned long addr);

/* Format addr as "name+0xoff" (or just the hex) into buf. */
int ksym_format(unsigned long addr, char *buf, size_t size);

/* Number of symbols, and the i-th one in address order. */
int ksym_count(void);
const struct ksym *ksym_at(int i);

static inline bool ksym_is_function(const struct ksym *s)
{
	return s->type == 'T' || s->type == 't';
}

#endif
