/*
 * Shared by events/events.c (the list of events, definitions, deletes)
 * and events/commands.c (the shell commands on them) only.
 */
#ifndef EVENTS_INTERNAL_H
#define EVENTS_INTERNAL_H

#include <events/events.h>

extern struct event *events;          /* in definition order */
extern const struct probe_type *const __start_probetypes[], *const __stop_probetypes[];

/*
 * The event GROUP/NAME, or with group NULL the only event called NAME
 * in any group.  NULL if there is none -- or several (*ambiguous).
 */
struct event *event_find_checked(const char *group, const char *name, bool *ambiguous);
/* Arm or disarm one event; a type's error is printed and returned. */
int event_set_enabled(struct event *ev, bool on);
/* Does ev belong to group (NULL: every group)? */
bool event_in_group(const struct event *ev, const char *group);

/* The trace buffer (events/trace.c). */
void trace_print(void);
void trace_clear(void);
void trace_follow(void);

#endif
