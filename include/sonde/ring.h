/*
 * A ring of variable-size records that drops the oldest to make room
 * (kernel/ring.c): the trace buffer's storage.  A record is whole
 * 64-bit words and starts with its size in bytes, a uint16_t.  Write
 * with interrupts off; the other calls are safe against such a writer.
 */
#ifndef SONDE_RING_H
#define SONDE_RING_H

#include <sonde/types.h>

struct ring {
	uint8_t *buf;
	size_t size;                     /* bytes, a multiple of 8 */
	uint64_t head, tail;             /* free-running byte counts */
	size_t head_at, tail_at;         /* their places in buf: no division */
	unsigned long records, dropped;
	unsigned long too_large;         /* of dropped: larger than the whole ring */
};
struct ring_saved;

int ring_init(struct ring *r);                   /* size bytes; -ENOMEM */

/*
 * A record is written in place: ring_reserve() claims size bytes at the
 * head, dropping the oldest records until they fit, and says where to
 * write them -- in the buffer, or in scratch (a buffer of the largest
 * record's size) if they would wrap around its end, and then
 * ring_wrap() copies them in.  NULL: dropped, with no buffer (no memory
 * at boot), or counted apart if larger than the whole ring, so that the
 * reader can say so.  The caller has interrupts off (a probe hit does)
 * until the record is written: no reader sees it half done.  Inline:
 * it is on every probe hit that records.
 */
static inline void *ring_reserve(struct ring *r, size_t size, void *scratch)
{
	size_t tail_at = r->tail_at, used = (size_t)(r->head - r->tail);   /* <= r->size */
	unsigned long drop = 0;

	if (!r->buf || size > r->size) {
		r->dropped += r->buf != NULL;        /* no buffer: nothing counts */
		r->too_large += r->buf != NULL;
		return NULL;
	}
	/* In locals: the loop reads the buffer, which the compiler cannot
	 * tell from r's fields (the head only after it: fewer held).  A
	 * record's size is its first field, never split by the end. */
	while (used + size > r->size) {
		size_t n = *(const uint16_t *)(r->buf + tail_at);
		used -= n;
		tail_at += n;
		if (tail_at >= r->size)
			tail_at -= r->size;
		drop++;
	}
	size_t at = r->head_at;
	r->tail = r->head - used;
	r->tail_at = tail_at;
	r->head += size;
	r->head_at = at + size < r->size ? at + size : at + size - r->size;
	r->records += 1 - drop;
	r->dropped += drop;
	return at + size <= r->size ? r->buf + at : scratch;
}
void ring_wrap(struct ring *r, const void *rec);
void ring_write(struct ring *r, const void *rec);    /* both, for a built record */
/* Copy the record at *pos (the oldest, if *pos was dropped) into rec,
 * a buffer of the largest record's size, and move *pos past it; false
 * at the head. */
bool ring_read(struct ring *r, uint64_t *pos, void *rec);
void ring_clear(struct ring *r);
/* Set the records aside and clear (NULL: no memory); put them back,
 * in place of whatever is there then, and free s. */
struct ring_saved *ring_save(struct ring *r);
void ring_restore(struct ring *r, struct ring_saved *s);

#endif
