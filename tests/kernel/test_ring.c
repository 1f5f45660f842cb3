/*
 * kernel/ring.c on its own, with a ring of its own (not the trace's):
 * records of mixed sizes written round and round a small buffer must
 * come back oldest first, none missing between the oldest and the
 * newest, with every record counted as kept or dropped; a reader left
 * behind restarts at the oldest; save and restore give back the same
 * records.
 */
#include <sonde/ktest.h>
#include <sonde/mm.h>
#include <sonde/ring.h>
#include <sonde/string.h>

/* A test record: its size first, as the ring requires, then its number. */
struct rec {
	uint16_t size;
	uint16_t pad;
	uint32_t seq;
	uint64_t words[7];
};

/* Sizes that do not divide the block: blocks end with a gap. */
static uint16_t size_of(uint32_t seq) { return (uint16_t)(8 + 8 * (seq % 8)); }

static void put(struct ring *r, uint32_t seq)
{
	struct rec *at = ring_reserve(r, size_of(seq));

	if (at) {
		at->size = size_of(seq);
		at->seq = seq;
	}
}

/* Read everything from *pos on: true if the records are consecutive
 * and the last is `last`. */
static bool read_all(struct ring *r, uint64_t *pos, uint32_t *first, uint32_t last, unsigned long *n)
{
	struct rec rec;
	bool ok = true, any = false;
	uint32_t prev = 0;

	*n = 0;
	while (ring_read(r, pos, &rec)) {
		ok &= rec.size == size_of(rec.seq) && (!any || rec.seq == prev + 1);
		if (!any)
			*first = rec.seq;
		prev = rec.seq;
		any = true;
		(*n)++;
	}
	return ok && any && prev == last;
}

KTEST(ring_wraps_drops_whole_blocks_and_counts_every_record)
{
	struct ring r = { .size = 1024 };       /* blocks of 128 bytes */
	uint64_t pos = 0;
	uint32_t first = 0;
	unsigned long n;

	KT_ASSERT(ring_init(&r) == 0);
	KT_EXPECT_EQ(r.block, 128);
	for (uint32_t seq = 1; seq <= 12; seq++)        /* 400 bytes: no block is reused */
		put(&r, seq);
	KT_EXPECT_EQ(r.dropped, 0);
	KT_EXPECT(read_all(&r, &pos, &first, 12, &n));
	KT_EXPECT_EQ(first, 1);
	KT_EXPECT_EQ(n, 12);

	/* Round and round: the oldest go a block at a time. */
	for (uint32_t seq = 13; seq <= 1000; seq++)
		put(&r, seq);
	KT_EXPECT(r.dropped > 0);
	KT_EXPECT_EQ(ring_records(&r) + r.dropped, 1000);
	/* This reader was left behind: it restarts at the oldest kept. */
	KT_EXPECT(read_all(&r, &pos, &first, 1000, &n));
	KT_EXPECT_EQ(n, ring_records(&r));
	KT_EXPECT_EQ(first, r.dropped + 1);
	/* At most a block's worth of the buffer is not in use. */
	KT_EXPECT(ring_head(&r) - r.tail > r.size - r.block);

	/* Larger than a block: counted apart, nothing else lost. */
	unsigned long kept = ring_records(&r);
	KT_EXPECT(ring_reserve(&r, r.block + 8) == NULL);
	KT_EXPECT_EQ(r.too_large, 1);
	KT_EXPECT_EQ(ring_records(&r), kept);

	/* Set aside, cleared, put back: the same records. */
	struct ring_saved *s = ring_save(&r);
	KT_ASSERT(s != NULL);
	KT_EXPECT_EQ(ring_records(&r), 0);
	put(&r, 5000);
	ring_restore(&r, s);
	pos = 0;
	KT_EXPECT(read_all(&r, &pos, &first, 1000, &n));
	KT_EXPECT_EQ(n, kept);
	kfree(r.buf);
}

/* No buffer (no memory at boot): every reservation fails, and nothing counts. */
KTEST(ring_without_a_buffer_keeps_nothing)
{
	struct ring r = { .size = 1024 };
	uint64_t pos = 0;
	struct rec rec;

	ring_clear(&r);
	KT_EXPECT(ring_reserve(&r, 16) == NULL);
	KT_EXPECT_EQ(r.dropped, 0);
	KT_EXPECT_EQ(ring_records(&r), 0);
	KT_EXPECT(!ring_read(&r, &pos, &rec));
}
