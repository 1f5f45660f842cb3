/* Tests of the page allocator and the heap. */
#include <sonde/ktest.h>
#include <sonde/mm.h>
#include <sonde/string.h>

KTEST(pages_are_aligned_zeroed_and_counted)
{
	struct mem_stats s0, s1;
	unsigned char *p, *q;

	mem_get_stats(&s0);
	p = page_alloc(4);
	q = page_alloc(1);
	KT_ASSERT(p && q);
	KT_EXPECT((uintptr_t)p % PAGE_SIZE == 0);
	KT_EXPECT(q < p || q >= p + 4 * PAGE_SIZE);       /* no overlap */
	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		if (p[i]) {
			ktest_fail(__FILE__, __LINE__, "page byte %zu not zero", i);
			break;
		}
	mem_get_stats(&s1);
	KT_EXPECT_EQ(s1.pages_used, s0.pages_used + 5);
	memset(p, 0xab, 4 * PAGE_SIZE);
	page_free(p, 4);
	page_free(q, 1);
	mem_get_stats(&s1);
	KT_EXPECT_EQ(s1.pages_used, s0.pages_used);
}

KTEST(kmalloc_sizes_and_reuse)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 1000, 2032, 2033, 5000, 20000 };
	void *p[ARRAY_SIZE(sizes)];
	struct mem_stats s0, s1;

	mem_get_stats(&s0);
	KT_EXPECT(kmalloc(0) == NULL);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KT_ASSERT(p[i] != NULL);
		KT_EXPECT((uintptr_t)p[i] % 16 == 0);
		KT_EXPECT(((unsigned char *)p[i])[sizes[i] - 1] == 0);  /* zeroed */
		memset(p[i], (int)i, sizes[i]);
	}
	mem_get_stats(&s1);
	KT_EXPECT_EQ(s1.heap_objects, s0.heap_objects + ARRAY_SIZE(sizes));
	/* No object overwrote another. */
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++)
		KT_EXPECT(((unsigned char *)p[i])[0] == i &&
			  ((unsigned char *)p[i])[sizes[i] - 1] == i);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);
	mem_get_stats(&s1);
	KT_EXPECT_EQ(s1.heap_objects, s0.heap_objects);
	KT_EXPECT_EQ(s1.heap_bytes, s0.heap_bytes);
	KT_EXPECT_EQ(s1.pages_used, s0.pages_used);

	/* A freed chunk is handed out again. */
	void *a = kmalloc(40);
	kfree(a);
	KT_EXPECT(kmalloc(40) == a);
	kfree(a);
}
