/*
 * What the files of events/ share among themselves (and with the
 * in-kernel tests), but not with the shell or anyone else.
 */
#ifndef EVENTS_INTERNAL_H
#define EVENTS_INTERNAL_H

#include <events/events.h>

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

/* The trace buffer (events/trace.c), a ring of records (kernel/ring.c). */
extern struct ring trace_ring;
void trace_print(void);
void trace_clear(void);
void trace_follow(void);

#endif
