/*
 * Probe events when memory runs out (issue 8, item 6).
 *
 * An event line must not need much memory (a short line, a few hundred
 * bytes, never a run of contiguous pages), an error must be returned
 * (and printed: see the "error: out of memory" lines in the log), and
 * once the memory is freed the shell must work again -- which needs the
 * heap to give the pages of its size classes back to the page
 * allocator, or memory freed as small objects could never hold anything
 * else.
 *
 * Filling all of RAM sounds slow, but it is one pass of zeroing it: well
 * under a second under QEMU.
 */
#include <sonde/ktest.h>
#include <sonde/errno.h>
#include <events/events.h>
#include <sonde/mm.h>

/* A list threaded through the memory it holds. */
struct hold {
	struct hold *next;
};

/* Take single pages until there are none: *list, and how many. */
static size_t take_all_pages(struct hold **list)
{
	size_t n = 0;
	struct hold *h;

	while ((h = page_alloc(1)) != NULL) {
		h->next = *list;
		*list = h;
		n++;
	}
	return n;
}

/* Take objects of size bytes until kmalloc fails. */
static size_t take_all_objects(struct hold **list, size_t size)
{
	size_t n = 0;
	struct hold *h;

	while ((h = kmalloc(size)) != NULL) {
		h->next = *list;
		*list = h;
		n++;
	}
	return n;
}

/* Empty every size class's free list too: then no kmalloc can succeed. */
static void drain_classes(struct hold **list)
{
	for (size_t size = 16; size <= 2032; size *= 2)
		take_all_objects(list, size);
	take_all_objects(list, 2032);
}

static void free_objects(struct hold *list)
{
	while (list) {
		struct hold *next = list->next;
		kfree(list);
		list = next;
	}
}

static void free_pages(struct hold *list)
{
	while (list) {
		struct hold *next = list->next;
		page_free(list, 1);
		list = next;
	}
}

/*
 * With every page taken, a line fails with -ENOMEM.  Then only single,
 * scattered pages are given back (every other page of the ones held,
 * so no two are next to each other): an event line must fit in those.
 * It did not while each line allocated a 50 KB spec (13 pages in a row).
 */
KTEST(event_line_needs_little_memory)
{
	struct hold *pages = NULL, *objects = NULL, *keep = NULL;
	size_t n = take_all_pages(&pages);

	drain_classes(&objects);
	KT_EXPECT(n > 100);
	KT_EXPECT(kmalloc(16) == NULL);
	KT_EXPECT_EQ(event_command("p:oom/small fib"), -ENOMEM);
	KT_EXPECT(event_lookup("oom/small") == NULL);

	/* Give back 16 pages, none next to another. */
	for (int given = 0; pages && given < 16; given++) {
		struct hold *h = pages, *next = h->next;
		pages = next ? next->next : NULL;
		if (next) {
			next->next = keep;
			keep = next;
		}
		page_free(h, 1);
	}
	KT_EXPECT_EQ(event_command("p:oom/small fib"), 0);
	KT_EXPECT(event_lookup("oom/small") != NULL);
	KT_EXPECT_EQ(event_command("-:oom/small"), 0);

	free_pages(pages);
	free_pages(keep);
	free_objects(objects);
}

/*
 * Fill memory with small objects, free them all, and the memory must be
 * usable for anything again: an event line, a big object.  Before the
 * heap gave its pages back, they stayed in the size class for good.
 */
KTEST(memory_freed_by_small_objects_is_usable_again)
{
	struct hold *objects = NULL;
	size_t n = take_all_objects(&objects, 1000);
	void *big;

	drain_classes(&objects);
	KT_EXPECT(n > 1000);
	KT_EXPECT(page_alloc(1) == NULL);
	KT_EXPECT_EQ(event_command("p:oom/again fib"), -ENOMEM);
	KT_EXPECT_EQ(event_command("r4:oom/again fib"), -ENOMEM);
	free_objects(objects);

	KT_EXPECT_EQ(event_command("p:oom/again fib"), 0);
	KT_EXPECT_EQ(event_command("-:oom/again"), 0);
	big = kmalloc(256 * 1024);
	KT_EXPECT(big != NULL);
	kfree(big);
	/* Pages of several in a row, like a task's stack. */
	big = page_alloc(16);
	KT_EXPECT(big != NULL);
	if (big)
		page_free(big, 16);
}

/*
 * The issue's own scenario: return-probe events with 4096 instances
 * each (about 1 MB apiece with the saved arguments) until memory runs
 * out.  The line that fails must say so and leave nothing behind; the
 * instances it had taken are freed, and with them whole pages, so a
 * small event fits at once.  Then one line deletes them all and memory
 * is back to what it was (a group delete: "-:oomev/" and a star).
 */
KTEST(events_exhaust_memory_then_work_again)
{
	struct mem_stats before, after;
	char line[64];
	int n, err = 0;

	mem_get_stats(&before);
	for (n = 0; n < 100000; n++) {
		snprintk(line, sizeof(line), "r4096:oomev/e%d fib a=$arg1", n);
		err = event_command(line);
		if (err)
			break;
	}
	KT_EXPECT_EQ(err, -ENOMEM);
	KT_EXPECT(n > 10);
	snprintk(line, sizeof(line), "oomev/e%d", n);
	KT_EXPECT(event_lookup(line) == NULL);         /* nothing half-made */
	KT_EXPECT_EQ(event_command("p:oomev/new fib"), 0);
	KT_EXPECT_EQ(event_command("-:oomev/*"), 0);
	KT_EXPECT(event_lookup("oomev/e0") == NULL);
	KT_EXPECT_EQ(event_command("p:oomev/new fib"), 0);
	KT_EXPECT_EQ(event_command("-:oomev/new"), 0);
	mem_get_stats(&after);
	KT_EXPECT_EQ(after.heap_objects, before.heap_objects);
	/* At most one empty page per size class stays with the heap. */
	KT_EXPECT(after.heap_pages <= before.heap_pages + 7);
}
