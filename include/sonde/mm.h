/*
 * Memory: a physical page allocator (kernel/page.c) built from the
 * boot memory map, and a heap (kernel/heap.c) on top of it.  All RAM
 * is identity-mapped, so a physical address is a usable pointer.
 */
#ifndef SONDE_MM_H
#define SONDE_MM_H

#include <sonde/types.h>
#include <sonde/arch.h>

#define PAGE_SIZE 4096UL

void page_init(const struct boot_info *bi);
/* n physically contiguous, page-aligned pages, zeroed; NULL if none. */
void *page_alloc(size_t n);
void page_free(void *p, size_t n);
/* Pages managed, and pages handed out (the heap's included). */
void page_counts(size_t *total, size_t *used);

void heap_init(void);
/* Zeroed memory for size bytes, aligned to 16; NULL if out of memory. */
void *kmalloc(size_t size);
void kfree(void *p);

/* What is in use right now; tests compare two snapshots for leaks. */
struct mem_stats {
	size_t pages_total;     /* pages the allocator manages            */
	size_t pages_used;      /* pages handed out, heap pages excluded  */
	size_t heap_pages;      /* pages the heap holds for its objects   */
	size_t heap_objects;    /* live kmalloc() objects                 */
	size_t heap_bytes;      /* bytes those objects asked for          */
};
void mem_get_stats(struct mem_stats *s);     /* kernel/heap.c */

/* Is [addr, addr+len) kernel image or managed RAM (safe to read)? */
bool kernel_addr_readable(unsigned long addr, size_t len);

/* Read a 1, 2, 4 or 8-byte value at addr, if it is safe.  Plain loads
 * (on the probe hit path), right on a big-endian machine too. */
static inline bool kernel_read(unsigned long addr, size_t bytes, uint64_t *out)
{
	if (!kernel_addr_readable(addr, bytes))
		return false;
	switch (bytes) {
	case 1: *out = *(const uint8_t *)addr; break;
	case 2: *out = *(const uint16_t *)addr; break;
	case 4: *out = *(const uint32_t *)addr; break;
	default: *out = *(const uint64_t *)addr; break;
	}
	return true;
}
/* Copy the string at src, at most max bytes, without its NUL: its
 * length, or -1 if it runs into memory that is not safe to read. */
int kernel_strncpy(char *dst, const char *src, int max);

#endif
