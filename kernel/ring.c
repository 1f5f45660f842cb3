/*
 * A ring of variable-size records (include/sonde/ring.h).  It knows
 * nothing of what a record holds; the trace buffer (events/trace.c)
 * keeps its probe hits here.
 *
 * Places are free-running byte counts: the oldest record starts at
 * tail, and a byte's place in the buffer is its count modulo the size.
 * The buffer is RING_BLOCKS blocks; the writer fills one block, then
 * moves to the next, and a record never crosses a block's end, so it
 * is always written in one piece, in place.  A block whose rest the
 * writer left empty says so with a zero where the next size would be.
 */
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/ring.h>
#include <sonde/string.h>

/* Allocated once, at boot: never on a hit. */
int ring_init(struct ring *r)
{
	r->buf = kmalloc(r->size);
	ring_clear(r);
	return r->buf ? 0 : -ENOMEM;
}

void *ring_next_block(struct ring *r, size_t size)
{
	if (!r->buf)
		return NULL;                 /* no buffer: nothing counts */
	if (size > r->block) {           /* could never fit: counted apart */
		r->dropped++;
		r->too_large++;
		return NULL;
	}
	if (r->w < r->wend)
		*(uint16_t *)r->w = 0;       /* the rest of this block is empty */
	uint8_t *next = r->wend == r->buf + r->size ? r->buf : r->wend;
	size_t k = (size_t)(next - r->buf) / r->block;

	r->wblock += r->block;
	/* Gone all the way round: block k holds the oldest records, and
	 * block k + 1 began just after them, so their count is known. */
	if (r->wblock - r->tail >= r->size) {
		r->dropped += r->first[(k + 1) % RING_BLOCKS] - r->first[k];
		r->tail += r->block;
	}
	r->first[k] = r->written;
	r->w = next;
	r->wend = next + r->block;
	return ring_reserve(r, size);
}

/* A record built elsewhere, its size known only then: claimed and copied in. */
void ring_write(struct ring *r, const void *rec)
{
	uint16_t size = *(const uint16_t *)rec;
	void *at = ring_reserve(r, size);

	if (at)
		memcpy(at, rec, size);
}

uint64_t ring_head(const struct ring *r)
{
	return r->buf ? r->wblock + (size_t)(r->w - (r->wend - r->block)) : 0;
}

bool ring_read(struct ring *r, uint64_t *pos, void *rec)
{
	unsigned long flags = arch_irq_save();
	uint64_t head = ring_head(r);
	bool found = false;

	if (*pos < r->tail || *pos > head)   /* dropped, or cleared meanwhile */
		*pos = r->tail;
	while (*pos != head && !found) {
		const uint8_t *at = r->buf + (size_t)(*pos % r->size);
		uint16_t size = *(const uint16_t *)at;

		if (size == 0) {             /* on to the next block */
			*pos += r->block - (size_t)(*pos % r->block);
			continue;
		}
		memcpy(rec, at, size);
		*pos += size;
		found = true;
	}
	arch_irq_restore(flags);
	return found;
}

void ring_clear(struct ring *r)
{
	unsigned long flags = arch_irq_save();

	r->block = r->size / RING_BLOCKS;
	r->w = r->buf;
	r->wend = r->buf ? r->buf + r->block : NULL;
	r->wblock = r->tail = 0;
	r->written = r->dropped = r->too_large = 0;
	r->first[0] = 0;
	arch_irq_restore(flags);
}

/* The whole buffer and the ring's state, so that putting them back is
 * two copies.  The caller stops the writers first. */
struct ring_saved {
	struct ring r;
	uint8_t data[];
};

struct ring_saved *ring_save(struct ring *r)
{
	struct ring_saved *s = kmalloc(sizeof(*s) + (r->buf ? r->size : 0));

	if (s) {
		s->r = *r;
		if (r->buf)
			memcpy(s->data, r->buf, r->size);
		ring_clear(r);
	}
	return s;
}

void ring_restore(struct ring *r, struct ring_saved *s)
{
	unsigned long flags = arch_irq_save();

	/* Only into the same buffer, cut the same way (trace_buf= may
	 * have changed its size meanwhile). */
	if (r->buf && s->r.buf == r->buf && s->r.size == r->size) {
		memcpy(r->buf, s->data, r->size);
		*r = s->r;
	}
	arch_irq_restore(flags);
	kfree(s);
}
