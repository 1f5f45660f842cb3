/*
 * kmalloc and kfree.
 *
 * Small objects come from size classes of 32..2048 bytes.  A class
 * takes a whole page from the page allocator when it runs dry, cuts it
 * into equal chunks and keeps them on a free list; freed chunks go back
 * on that list.  Anything bigger gets its own run of pages.
 *
 * A class page whose chunks are all free again goes back to the page
 * allocator, so memory freed by one kind of object (say, thousands of
 * small ones) can be used by another (a task's stack, a big object).
 * The free list is doubly linked, so taking a page's chunks off it is
 * quick.  One empty page per class is kept while it holds the class's
 * only free chunks: a class used for one object at a time does not
 * take and give back a page on every kmalloc/kfree.
 *
 * Every object starts with a 16-byte header saying which kind it is,
 * so kfree() needs no lookup.  The magic number catches frees of
 * pointers that kmalloc never returned, and double frees.
 */
#include <sonde/mm.h>
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/string.h>

#define HEAP_MAGIC_LIVE 0x4b4d414cu   /* "KMAL" */
#define HEAP_MAGIC_FREE 0x46524545u   /* "FREE" */
#define NR_CLASSES 7                  /* 32, 64, ..., 2048 */
#define MIN_CHUNK 32

struct header {
	uint32_t magic;
	uint32_t class_or_pages;   /* class index, or page count if big */
	uint32_t requested;        /* the size asked for, for the stats */
	uint32_t big;              /* 1 if this object owns whole pages */
};
_Static_assert(sizeof(struct header) == 16, "objects must stay 16-byte aligned");

struct free_chunk {             /* fits the smallest class, 32 bytes */
	struct header hdr;
	struct free_chunk *next, *prev;
};

_Static_assert(sizeof(struct free_chunk) <= MIN_CHUNK, "a free chunk must fit the smallest class");

static struct free_chunk *free_lists[NR_CLASSES];
static size_t free_chunks[NR_CLASSES];      /* on each list */
static size_t live_objects, live_bytes;
static size_t heap_pages;                   /* pages taken from page_alloc */

static size_t class_size(int c) { return (size_t)MIN_CHUNK << c; }
static size_t chunks_per_page(int c) { return PAGE_SIZE / class_size(c); }

static void push_free(int c, struct free_chunk *f)
{
	f->hdr.magic = HEAP_MAGIC_FREE;
	f->prev = NULL;
	f->next = free_lists[c];
	if (f->next)
		f->next->prev = f;
	free_lists[c] = f;
	free_chunks[c]++;
}

static void unlink_free(int c, struct free_chunk *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		free_lists[c] = f->next;
	if (f->next)
		f->next->prev = f->prev;
	free_chunks[c]--;
}

/* Refill a class from a fresh page; false if memory is exhausted. */
static bool grow_class(int c)
{
	char *page = page_alloc(1);
	size_t sz = class_size(c);

	if (!page)
		return false;
	heap_pages++;
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz)
		push_free(c, (struct free_chunk *)(page + off));
	return true;
}

/*
 * Give page back if every chunk on it is free and the class has free
 * chunks elsewhere too.  Chunks never cross a page (the sizes divide
 * PAGE_SIZE), so a chunk's page is its address rounded down.
 */
static void maybe_release(int c, char *page)
{
	size_t sz = class_size(c);

	/* Then this page holds all the class's free chunks: keep it. */
	if (free_chunks[c] <= chunks_per_page(c))
		return;
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz)
		if (((struct header *)(page + off))->magic != HEAP_MAGIC_FREE)
			return;                 /* a live object: keep it */
	for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz)
		unlink_free(c, (struct free_chunk *)(page + off));
	heap_pages--;
	page_free(page, 1);
}

void heap_init(void)
{
	/* Nothing to do: classes grow on first use.  Kept as a named step
	 * of boot so the order of initialisation reads clearly in kmain. */
}

void *kmalloc(size_t size)
{
	size_t need = size + sizeof(struct header);
	unsigned long flags;
	struct header *h = NULL;
	int c = 0;

	/* The header keeps sizes in 32 bits; no request this big could be
	 * met anyway. */
	if (size == 0 || size > 0x40000000)
		return NULL;
	if (need > class_size(NR_CLASSES - 1)) {
		size_t pages = ALIGN_UP(need, PAGE_SIZE) / PAGE_SIZE;
		/* Before the irq-off section: page_alloc zeroes the pages,
		 * which takes a while, and locks for itself. */
		h = page_alloc(pages);
		if (!h)
			return NULL;
		flags = arch_irq_save();
		heap_pages += pages;
		h->class_or_pages = (uint32_t)pages;
		h->big = 1;
	} else {
		while (class_size(c) < need)  /* the smallest that fits */
			c++;
		flags = arch_irq_save();
		if (!free_lists[c] && !grow_class(c)) {
			arch_irq_restore(flags);
			return NULL;
		}
		h = &free_lists[c]->hdr;
		unlink_free(c, free_lists[c]);
		h->class_or_pages = (uint32_t)c;
		h->big = 0;
		/* A recycled chunk holds its last owner's data; fresh pages
		 * (the big case) come zeroed from page_alloc. */
		memset(h + 1, 0, class_size(c) - sizeof(*h));
	}
	h->magic = HEAP_MAGIC_LIVE;
	h->requested = (uint32_t)size;
	live_objects++;
	live_bytes += size;
	arch_irq_restore(flags);
	return h + 1;
}

void kfree(void *p)
{
	struct header *h;
	unsigned long flags;

	if (!p)
		return;
	h = (struct header *)p - 1;
	flags = arch_irq_save();
	if (h->magic != HEAP_MAGIC_LIVE)
		panic("kfree(%p): %s", p, h->magic == HEAP_MAGIC_FREE ?
		      "double free" : "not a kmalloc() pointer");
	live_objects--;
	live_bytes -= h->requested;
	if (h->big) {
		size_t pages = h->class_or_pages;
		/* So a second kfree() of it says "double free" (until the
		 * pages are handed out again). */
		h->magic = HEAP_MAGIC_FREE;
		heap_pages -= pages;
		page_free(h, pages);
	} else {
		int c = (int)h->class_or_pages;
		push_free(c, (struct free_chunk *)h);
		maybe_release(c, (char *)ALIGN_DOWN((uintptr_t)h, PAGE_SIZE));
	}
	arch_irq_restore(flags);
}

/*
 * All the memory statistics, in one place.  They are here, not in
 * page.c, because the heap sits on top of the page allocator: it knows
 * which of the pages in use are its own, and the allocator below need
 * not know the heap exists.
 */
void mem_get_stats(struct mem_stats *s)
{
	unsigned long flags = arch_irq_save();
	size_t used;

	page_counts(&s->pages_total, &used);
	s->pages_used = used - heap_pages;
	s->heap_pages = heap_pages;
	s->heap_objects = live_objects;
	s->heap_bytes = live_bytes;
	arch_irq_restore(flags);
}
