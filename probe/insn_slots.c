/*
 * Instruction slots: small pieces of executable memory where the engine
 * keeps the copied instruction of each probe, so it can single-step the
 * copy "out of line" while the original place holds the breakpoint.
 *
 * Slots come from whole pages; a page is given back as soon as its last
 * slot is freed, so registering and unregistering probes leaves the
 * page counters where they were.  All of Sonde's memory is mapped
 * executable and lies in the low 4 GiB, within +-2 GiB of the kernel, as
 * x86_64's RIP-relative fixups require.  The slot size is the
 * architecture's (ARCH_INSN_SLOT_SIZE).
 */
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/string.h>

#include "internal.h"

#define SLOTS_PER_PAGE (PAGE_SIZE / ARCH_INSN_SLOT_SIZE)

struct slot_page {
	char *page;
	unsigned int used;
	uint8_t in_use[SLOTS_PER_PAGE];
	struct slot_page *next;
};

static struct slot_page *slot_pages;

void *get_insn_slot(void)
{
	struct slot_page *sp;

	for (sp = slot_pages; sp; sp = sp->next)
		if (sp->used < SLOTS_PER_PAGE)
			break;
	if (!sp) {
		sp = kmalloc(sizeof(*sp));
		if (!sp)
			return NULL;
		sp->page = page_alloc(1);
		if (!sp->page) {
			kfree(sp);
			return NULL;
		}
		sp->next = slot_pages;
		slot_pages = sp;
	}
	for (unsigned int i = 0; i < SLOTS_PER_PAGE; i++)
		if (!sp->in_use[i]) {
			sp->in_use[i] = 1;
			sp->used++;
			return sp->page + i * ARCH_INSN_SLOT_SIZE;
		}
	return NULL;   /* not reached: the page had room */
}

void free_insn_slot(void *slot)
{
	struct slot_page **pp;

	for (pp = &slot_pages; *pp; pp = &(*pp)->next) {
		struct slot_page *sp = *pp;
		size_t off = (char *)slot - sp->page;

		if ((char *)slot < sp->page || off >= PAGE_SIZE)
			continue;
		sp->in_use[off / ARCH_INSN_SLOT_SIZE] = 0;
		if (--sp->used == 0) {
			*pp = sp->next;
			page_free(sp->page, 1);
			kfree(sp);
		}
		return;
	}
}
