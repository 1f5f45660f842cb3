/*
 * The physical page allocator: one bit per 4 KiB page.
 *
 * A bitmap is the simplest allocator that can also hand out several
 * contiguous pages (task stacks are 4 pages).  It covers every page
 * from the lowest to the highest usable address the boot memory map
 * reported; holes, the kernel image and the bitmap itself are marked
 * used from the start and never freed.  Allocation is first-fit from
 * a moving hint, which is fast enough for a kernel of this size.
 */
#include <sonde/mm.h>
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/nokprobe.h>

static uint8_t *bitmap;           /* bit set = page in use */
static uintptr_t first_page;      /* address of the page bit 0 stands for */
static size_t nr_pages;           /* pages the bitmap covers */
static size_t next_hint;          /* where the next search starts */

/* Counts for mem_get_stats() (kernel/heap.c); used includes the heap's. */
static size_t pages_total, pages_used;

static bool test_bit(size_t i) { return bitmap[i / 8] & (1u << (i % 8)); }
static void set_bit(size_t i)  { bitmap[i / 8] |= (uint8_t)(1u << (i % 8)); }
static void clear_bit(size_t i) { bitmap[i / 8] &= (uint8_t)~(1u << (i % 8)); }

/* Trim a region to what we may use: above the kernel, within reach. */
static bool usable_range(const struct mem_region *r, uintptr_t *lo, uintptr_t *hi)
{
	uint64_t start = r->base, end = r->base + r->size;
	/* Below the kernel's end lie the image itself and what the
	 * firmware and loader left there: never handed out. */
	uint64_t floor = ALIGN_UP((uintptr_t)_kernel_end, PAGE_SIZE);
	uint64_t ceiling = 0xFFFFF000ull;   /* identity map ends at 4 GiB */

	if (start < floor)
		start = floor;
	if (end > ceiling)
		end = ceiling;
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (start >= end)
		return false;
	*lo = (uintptr_t)start;
	*hi = (uintptr_t)end;
	return true;
}

void page_init(const struct boot_info *bi)
{
	uintptr_t lo_all = UINTPTR_MAX, hi_all = 0, lo, hi;
	size_t bitmap_bytes, bitmap_pages;
	int i;

	/* First pass: the span of usable RAM, which sizes the bitmap. */
	for (i = 0; i < bi->nr_ram; i++) {
		if (!usable_range(&bi->ram[i], &lo, &hi))
			continue;
		lo_all = MIN(lo_all, lo);
		hi_all = MAX(hi_all, hi);
	}
	if (hi_all == 0)
		panic("page_init: the memory map has no usable RAM above the kernel");

	first_page = lo_all;
	nr_pages = (hi_all - lo_all) / PAGE_SIZE;
	bitmap_bytes = ALIGN_UP(nr_pages, 8) / 8;
	bitmap_pages = ALIGN_UP(bitmap_bytes, PAGE_SIZE) / PAGE_SIZE;

	/* The bitmap lives in the first usable pages: they are all free. */
	bitmap = (uint8_t *)first_page;
	/* Everything in use until a region says otherwise: so the holes
	 * between regions are never handed out. */
	memset(bitmap, 0xff, bitmap_bytes);

	for (i = 0; i < bi->nr_ram; i++) {
		if (!usable_range(&bi->ram[i], &lo, &hi))
			continue;
		for (uintptr_t a = lo; a < hi; a += PAGE_SIZE) {
			size_t idx = (a - first_page) / PAGE_SIZE;
			if (idx >= bitmap_pages) {    /* keep the bitmap's own pages */
				clear_bit(idx);
				pages_total++;
			}
		}
	}
	printk("mem: %lu KiB free in %d region(s), pages at %p-%p\n",
	       (unsigned long)(pages_total * (PAGE_SIZE / 1024)), bi->nr_ram,
	       (void *)lo_all, (void *)hi_all);
}

void *page_alloc(size_t n)
{
	unsigned long flags = arch_irq_save();
	size_t start, run = 0, tried = 0;
	void *p = NULL;

	if (n == 0 || n > nr_pages)
		goto out;
	/*
	 * Search from the hint, wrapping around once, and on past the hint
	 * by n pages: a free run that starts just before the hint is then
	 * found too.
	 */
	start = next_hint;
	for (size_t i = next_hint; tried < nr_pages + n; i++, tried++) {
		if (i == nr_pages) {        /* wrap: a run cannot span the end */
			i = 0;
			run = 0;
		}
		if (test_bit(i)) {
			run = 0;
			continue;
		}
		if (run++ == 0)
			start = i;
		if (run == n) {
			for (size_t j = start; j < start + n; j++)
				set_bit(j);
			/* Next time, start after this run: allocations in a
			 * row take pages in a row, without rescanning these. */
			next_hint = start + n < nr_pages ? start + n : 0;
			pages_used += n;
			p = (void *)(first_page + start * PAGE_SIZE);
			break;
		}
	}
out:
	arch_irq_restore(flags);
	/* The pages are ours now: zero them without holding off the tick. */
	if (p)
		memset(p, 0, n * PAGE_SIZE);
	return p;
}

void page_free(void *p, size_t n)
{
	unsigned long flags = arch_irq_save();
	size_t idx = ((uintptr_t)p - first_page) / PAGE_SIZE;

	/* A bad free is a kernel bug: stop at once rather than let it
	 * corrupt the bitmap and fail far away, later. */
	if ((uintptr_t)p % PAGE_SIZE || (uintptr_t)p < first_page || idx + n > nr_pages)
		panic("page_free: %p is not an allocated page", p);
	/* Page by page: freeing a run that is only partly in use is a
	 * double free too. */
	for (size_t j = idx; j < idx + n; j++) {
		if (!test_bit(j))
			panic("page_free: double free of page %p", (void *)(first_page + j * PAGE_SIZE));
		clear_bit(j);
	}
	pages_used -= n;
	arch_irq_restore(flags);
}

/*
 * May the kernel read [addr, addr+len)?  True inside the kernel image or
 * the RAM this allocator manages.  Probe fetch arguments ask before they
 * dereference a user-supplied address, so a bad one gives a fault
 * marker instead of a fault.
 */
__kprobes bool kernel_addr_readable(unsigned long addr, size_t len)
{
	unsigned long end = addr + len;

	if (end < addr)               /* wrapped past the top of memory */
		return false;
	if (addr >= (unsigned long)_kernel_start && end <= (unsigned long)_kernel_end)
		return true;
	return addr >= first_page && end <= first_page + nr_pages * PAGE_SIZE;
}

/* Byte by byte, each checked: a string may run into memory that is
 * not mapped, and that must be an error, not a trap. */
int kernel_strncpy(char *dst, const char *src, int max)
{
	int n = 0;

	for (; n < max; n++) {
		if (!kernel_addr_readable((unsigned long)src + n, 1))
			return -1;
		if (!src[n])
			break;
		dst[n] = src[n];
	}
	return n;
}

/* Read by mem_get_stats() with interrupts off, so the two agree. */
void page_counts(size_t *total, size_t *used)
{
	*total = pages_total;
	*used = pages_used;
}
