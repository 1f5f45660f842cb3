/*
 * What the files of events/ share among themselves (and with the
 * in-kernel tests), but not with the shell or anyone else.
 */
#ifndef EVENTS_INTERNAL_H
#define EVENTS_INTERNAL_H

#include <events/events.h>
#include <sonde/task.h>

extern struct event *events;          /* in definition order */

/*
 * The event GROUP/NAME, or with group NULL the only event called NAME
 * in any group.  NULL if there is none -- or several (then *ambiguous
 * is set, if ambiguous is not NULL).
 */
struct event *event_find(const char *group, const char *name, bool *ambiguous);
/* The event with this id (trace records keep ids), or NULL: deleted. */
struct event *event_by_id(int id);
/* Arm or disarm one event; a type's error is printed and returned. */
int event_set_enabled(struct event *ev, bool on);
/* Does ev belong to group (NULL: every group)? */
bool event_in_group(const struct event *ev, const char *group);

/* One record of the trace (events/trace.c, whose in-kernel test reads
 * them too); its data: see the comment above record_size() there. */
struct trace_record {
	struct record_head head;          /* size first: the ring reads it */
	int32_t pid;
	char comm[TASK_NAME_LEN];
	uint64_t time;                    /* arch_clock()                   */
	unsigned long caller;             /* the site is the event's addr */
	uint64_t extra;                   /* a type's own value (latency)   */
	uint64_t data[];
};

/* The trace buffer (events/trace.c), a ring of records (kernel/ring.c). */
extern struct ring trace_ring;
void trace_print(void);
void trace_clear(void);
void trace_follow(void);

#endif
