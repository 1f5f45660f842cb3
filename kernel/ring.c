/*
 * A ring of variable-size records (include/sonde/ring.h).  It knows
 * nothing of what a record holds; the trace buffer (events/trace.c)
 * keeps its probe hits here.
 *
 * head and tail are free-running byte counts: the oldest record starts
 * at tail, the next one goes at head, and a byte's place in the buffer
 * is its count modulo the size.  A record may wrap around the end; it
 * is copied in and out in two pieces, which keeps the arithmetic
 * trivial.
 */
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/ring.h>
#include <sonde/string.h>

/* Writing is on the probe hit path: whole words, plain loads and
 * stores.  The words may alias the record's fields (written as
 * int32_t, char[] ...). */
typedef uint64_t __attribute__((may_alias)) ring_word_t;

static inline void put(struct ring *r, uint64_t at, const void *src, size_t n)
{
	ring_word_t *dst = (ring_word_t *)r->buf;
	const ring_word_t *s = src;
	size_t w = (size_t)(at % r->size) / 8, words = r->size / 8;
	/* Up to the buffer's end, then the rest at its start. */
	size_t first = MIN(n / 8, words - w);

	for (size_t i = 0; i < first; i++)
		dst[w + i] = s[i];
	for (size_t i = first; i < n / 8; i++)
		dst[i - first] = s[i];
}

/* memcpy, in up to two pieces: reading is not on the hit path. */
static void get(const struct ring *r, uint64_t at, void *dst, size_t n)
{
	size_t off = (size_t)(at % r->size), first = MIN(n, r->size - off);

	memcpy(dst, r->buf + off, first);
	memcpy((uint8_t *)dst + first, r->buf, n - first);
}

/* Allocated once, at boot: never on a hit. */
int ring_init(struct ring *r)
{
	r->buf = kmalloc(r->size);
	return r->buf ? 0 : -ENOMEM;
}

/* A record written in scratch goes where ring_reserve() claimed room
 * for it last, in two pieces. */
void ring_wrap(struct ring *r, const void *rec)
{
	uint16_t size = *(const uint16_t *)rec;

	put(r, r->head - size, rec, size);
}

/* A record built elsewhere, its size known only then: claimed and copied in. */
void ring_write(struct ring *r, const void *rec)
{
	uint16_t size = *(const uint16_t *)rec;
	void *at = ring_reserve(r, size, (void *)rec);

	if (at == rec)
		ring_wrap(r, rec);
	else if (at)
		memcpy(at, rec, size);
}

bool ring_read(struct ring *r, uint64_t *pos, void *rec)
{
	unsigned long flags = arch_irq_save();
	bool found = false;

	if (*pos < r->tail || *pos > r->head)   /* dropped, or cleared meanwhile */
		*pos = r->tail;
	if (*pos != r->head) {
		uint16_t size;
		get(r, *pos, &size, sizeof(size));
		get(r, *pos, rec, size);
		*pos += size;
		found = true;
	}
	arch_irq_restore(flags);
	return found;
}

void ring_clear(struct ring *r)
{
	unsigned long flags = arch_irq_save();

	r->head = r->tail = r->records = r->dropped = r->too_large = 0;
	r->head_at = r->tail_at = 0;
	arch_irq_restore(flags);
}

/* Only the bytes in use are copied.  The caller stops the writers first. */
struct ring_saved {
	uint64_t bytes;
	unsigned long records, dropped;
	uint8_t data[];
};

struct ring_saved *ring_save(struct ring *r)
{
	uint64_t bytes = r->head - r->tail;
	struct ring_saved *s = kmalloc(sizeof(*s) + (size_t)bytes);

	if (s) {
		*s = (struct ring_saved){ bytes, r->records, r->dropped };
		get(r, r->tail, s->data, (size_t)bytes);
		ring_clear(r);
	}
	return s;
}

void ring_restore(struct ring *r, struct ring_saved *s)
{
	unsigned long flags = arch_irq_save();

	/* Saved oldest first: they now start at the buffer's beginning. */
	memcpy(r->buf, s->data, (size_t)s->bytes);
	r->tail = r->tail_at = 0;
	r->head = s->bytes;
	r->head_at = (size_t)s->bytes % r->size;
	r->records = s->records;
	r->dropped = s->dropped;
	arch_irq_restore(flags);
	kfree(s);
}
