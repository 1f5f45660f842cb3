/*
 * A ring of variable-size records that drops the oldest to make room
 * (kernel/ring.c): the trace buffer's storage.  A record is whole
 * 64-bit words and starts with its size in bytes, a uint16_t.  Write
 * with interrupts off; the other calls are safe against such a writer.
 *
 * The oldest records go a block of RING_BLOCKS at a time (ring.c), as
 * ftrace drops a page: claiming room is a comparison and a bump.
 */
#ifndef SONDE_RING_H
#define SONDE_RING_H

#include <sonde/types.h>

#define RING_BLOCKS 8

struct ring {
	uint8_t *buf;
	size_t size;                     /* bytes, a multiple of 8 * RING_BLOCKS */
	size_t block;                    /* size / RING_BLOCKS: the largest record */
	uint8_t *w, *wend;               /* the next record's place; its block's end */
	uint64_t wblock, tail;           /* free-running byte counts: w's block, the oldest */
	unsigned long written;           /* records kept since the last clear */
	unsigned long dropped;           /* of them, dropped since, and ... */
	unsigned long too_large;         /* ... those never kept: larger than a block */
	unsigned long first[RING_BLOCKS];  /* `written` when each block began */
};
struct ring_saved;

int ring_init(struct ring *r);                   /* size bytes; -ENOMEM */

/* Out of line, once a block: move on, dropping the oldest block if it
 * must, and claim size bytes there (NULL: no buffer, or too large). */
void *ring_next_block(struct ring *r, size_t size);

/*
 * A record is written in place: ring_reserve() claims size bytes at the
 * head and says where to write them.  NULL: dropped, with no buffer (no
 * memory at boot), or counted apart if larger than a block, so that the
 * reader can say so.  The caller has interrupts off (a probe hit does)
 * until the record is written: no reader sees it half done.  Inline:
 * it is on every probe hit that records.
 */
static inline void *ring_reserve(struct ring *r, size_t size)
{
	uint8_t *at = r->w;

	if ((size_t)(r->wend - at) < size)   /* also with no buffer: both NULL */
		return ring_next_block(r, size);
	r->w = at + size;
	r->written++;
	return at;
}
static inline unsigned long ring_records(const struct ring *r)   /* held now */
{
	return r->written - (r->dropped - r->too_large);
}
void ring_write(struct ring *r, const void *rec);    /* a record built elsewhere */
/* Copy the record at *pos (the oldest, if *pos was dropped) into rec,
 * a buffer of the largest record's size, and move *pos past it; false
 * at the head. */
bool ring_read(struct ring *r, uint64_t *pos, void *rec);
uint64_t ring_head(const struct ring *r);        /* where the next record goes */
void ring_clear(struct ring *r);
/* Set the records aside and clear (NULL: no memory); put them back,
 * in place of whatever is there then, and free s. */
struct ring_saved *ring_save(struct ring *r);
void ring_restore(struct ring *r, struct ring_saved *s);

#endif
