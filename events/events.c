/*
 * Probe events: the list of defined events, and the lines that define
 * and delete them.  The shell commands that list, enable and trace them
 * are in events/commands.c.
 *
 * A definition line is parsed by event_parse() (events/parse.c);
 * then the symbols are resolved here and the probe type registers its
 * probes, disabled.  Every error is reported the way Linux's error_log
 * does it: a message, the line, and a caret under the bad spot.  A
 * failed definition leaves nothing behind.
 */
#include "internal.h"
#include <sonde/bootargs.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/ring.h>
#include <shell/shell.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

struct event *events;                 /* in definition order */
/* Trace records name their event by id, and a record can outlive its
 * event: so an id is never given out twice. */
static int next_event_id = 1;

/* ------------------------------------------------------------ lookups */

struct event *event_by_id(int id)
{
	for (struct event *ev = events; ev; ev = ev->next)
		if (ev->id == id)
			return ev;
	return NULL;
}

struct event *event_find(const char *group, const char *name, bool *ambiguous)
{
	struct event *found = NULL;
	int n = 0;

	for (struct event *ev = events; ev; ev = ev->next)
		if (strcmp(ev->name, name) == 0 && event_in_group(ev, group)) {
			found = ev;
			n++;
		}
	/* Several only with group NULL: names are unique within a group. */
	if (ambiguous)
		*ambiguous = n > 1;
	return n == 1 ? found : NULL;
}

struct event *event_lookup(const char *text)
{
	char group[EVENT_NAME_LEN];
	const char *slash = strchr(text, '/');

	if (!slash)
		return event_find(NULL, text, NULL);
	if ((size_t)(slash - text) >= sizeof(group))
		return NULL;              /* longer than any group's name */
	strlcpy(group, text, (size_t)(slash - text) + 1);
	return event_find(group, slash + 1, NULL);
}

bool event_in_group(const struct event *ev, const char *group)
{
	return !group || strcmp(ev->group, group) == 0;
}

/* ------------------------------------------------------------ errors */

/* error: MESSAGE (-ERRNO) / the line / a caret under column pos.  The
 * parser's errors come here as parse_error fields, ours directly. */
static int fail(const char *line, int err, int pos, const char *msg)
{
	printk("error: %s (-%s)\n  %s\n  ", msg, errno_name(err), line);
	/* An error "at the end" (a missing site) points just past it. */
	if (pos > (int)strlen(line))
		pos = (int)strlen(line);
	for (int i = 0; i < pos; i++)
		printk(" ");
	printk("^\n");
	return err;
}

/* ------------------------------------------------------------ defining */

/* Does an address the line gave fit in a pointer?  (On i386 one of
 * 2^32 or more would otherwise be cut to its low 32 bits.) */
static bool fits_address(uint64_t addr)
{
	return addr <= (uint64_t)(unsigned long)-1;
}

/* Resolve @SYM fetch terms to addresses, and check that every address
 * and offset fits the machine's word. */
static int resolve_fetch_terms(const char *line, struct event_spec *spec, struct parse_error *e)
{
	for (int i = 0; i < spec->nargs; i++)
		for (int n = spec->args[i].root; n >= 0; n = spec->nodes[n].child) {
			struct fetch_node *node = &spec->nodes[n];
			int pos = spec->args[i].pos;
			char name[EVENT_SYM_LEN];
			const struct ksym *s;

			/* An offset's size, a negative one's too (no overflow
			 * on INT64_MIN), must fit a word. */
			if (node->kind == FETCH_DEREF &&
			    !fits_address(node->value < 0 ? 0 - (uint64_t)node->value : (uint64_t)node->value))
				return parse_error_set(e, -ERANGE, pos, "offset out of range");
			if (node->kind == FETCH_SYM) {
				/* The parser kept only where the name is in the line. */
				strlcpy(name, line + node->sym_pos, MIN((size_t)node->sym_len + 1, sizeof(name)));
				s = ksym_by_name(name);
				if (!s)
					return parse_error_set(e, -ENOENT, pos, "unknown symbol in a fetch argument");
				node->kind = FETCH_MEM;
				node->value += (int64_t)s->addr;
			}
			if (node->kind == FETCH_MEM && !fits_address((uint64_t)node->value))
				return parse_error_set(e, -ERANGE, pos, "address out of range");
		}
	return 0;
}

/* Why create() failed, for the message. */
static const char *create_error(const struct event *ev, int err)
{
	switch (err) {
	case -EILSEQ:
		return "not on an instruction boundary";
	case -EPERM:
		/* The kretprobe layer refuses functions that never return
		 * (and arch_switch_to, which returns in another task): a
		 * plain kprobe works there, so say which rule it was. */
		if (!kprobe_on_blacklist(ev->addr))
			return "no return probes here: the function never returns "
			       "(or returns in another task); 'p' works";
		return "this site cannot be probed (no-probe list)";
	case -EINVAL:
		return "cannot probe here (an unsafe instruction, a misaligned address, or not code)";
	case -ENOMEM:
		return "out of memory";
	default:
		return "the probe could not be registered";
	}
}

/* Name: given, or made from the site as Linux does (p_sym_0), with
 * anything that is not allowed in a name (cmd_x.cold) as '_'. */
static void default_name(struct event_spec *spec)
{
	if (spec->sym[0])
		snprintk(spec->event, sizeof(spec->event), "%c_%s_%lld", spec->type,
			 spec->sym, (long long)spec->offset);
	else
		snprintk(spec->event, sizeof(spec->event), "%c_0x%llx", spec->type,
			 (unsigned long long)spec->addr);
	for (char *c = spec->event; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_'))
			*c = '_';
	spec->name_pos = 0;
}

static int define(const char *line, struct event_spec *spec)
{
	const struct probe_type *type = probe_type_lookup(spec->type);
	struct parse_error e;
	struct event *ev, **pp;
	const struct ksym *s;
	int err;

	if (!spec->event[0])
		default_name(spec);
	if (event_find(spec->group, spec->event, NULL))
		return fail(line, -EEXIST, spec->name_pos, "an event with this name exists");
	if (spec->sym[0]) {
		s = ksym_by_name(spec->sym);
		if (!s)
			return fail(line, -ENOENT, spec->site_pos, "unknown symbol");
		if (!ksym_is_function(s))
			return fail(line, -EINVAL, spec->site_pos, "not a function (a data symbol)");
		if (s->size && (uint64_t)spec->offset >= s->size)
			return fail(line, -EINVAL, spec->site_pos,
				    "the offset is past the end of the function");
		spec->addr = s->addr + (uint64_t)spec->offset;
	} else if (!fits_address(spec->addr)) {
		return fail(line, -ERANGE, spec->site_pos, "address out of range");
	}
	if (resolve_fetch_terms(line, spec, &e))
		return fail(line, e.err, e.pos, e.msg);

	/* The event keeps its own copy of the line and of the arguments,
	 * in one block after the type's data: the spec is freed as soon
	 * as this returns. */
	size_t data = ALIGN_UP(type->priv_size, 16);   /* the fetch nodes' alignment */
	size_t nodes = sizeof(struct fetch_node) * (size_t)spec->nnodes;
	size_t args = sizeof(struct fetch_arg) * (size_t)spec->nargs;
	ev = kmalloc(sizeof(*ev) + data + nodes + args + strlen(line) + 1);
	if (!ev)
		return fail(line, -ENOMEM, 0, "out of memory");
	ev->type = type;
	ev->addr = (unsigned long)spec->addr;
	ev->maxactive = spec->maxactive;
	ev->nargs = spec->nargs;
	strlcpy(ev->group, spec->group, sizeof(ev->group));
	strlcpy(ev->name, spec->event, sizeof(ev->name));
	ev->nodes = memcpy(ev->priv + data, spec->nodes, nodes);
	ev->args = memcpy(ev->priv + data + nodes, spec->args, args);
	ev->definition = memcpy(ev->priv + data + nodes + args, line, strlen(line) + 1);
	trace_prepare(ev);
	err = type->create(ev);
	if (err) {
		fail(line, err, spec->site_pos, create_error(ev, err));
		kfree(ev);
		return err;
	}
	ev->head.event_id = ev->id = next_event_id++;     /* its records carry it */
	/* At the end: "events" lists them in the order they were made. */
	for (pp = &events; *pp; pp = &(*pp)->next)
		;
	*pp = ev;
	return 0;
}

int event_set_enabled(struct event *ev, bool on)
{
	int err;

	if (ev->enabled == on)
		return 0;
	/* Every type's data starts with the kprobe that arms it (a
	 * kretprobe's entry probe for r and l).  ev->enabled follows what
	 * it did, so "events" never says enabled for a disarmed probe. */
	err = on ? enable_kprobe((struct kprobe *)ev->priv) : disable_kprobe((struct kprobe *)ev->priv);
	if (err)
		printk("%s/%s: could not %s it (-%s)\n", ev->group, ev->name,
		       on ? "enable" : "disable", errno_name(err));
	else
		ev->enabled = on;
	return err;
}

/* ------------------------------------------------------------ deleting */

static void event_remove(struct event *ev)
{
	struct event **pp;

	for (pp = &events; *pp != ev; pp = &(*pp)->next)
		;
	*pp = ev->next;
	/* Unregisters the probes: after this no handler can reach ev. */
	if (ev->type->destroy)
		ev->type->destroy(ev);
	else
		unregister_kprobe((struct kprobe *)ev->priv);
	kfree(ev);
}

/*
 * A '*' for the event name deletes every event ("-:*"), or every event
 * of a group ("-:GRP/" then '*'), like Linux's "echo > kprobe_events".
 * Like Linux, it deletes nothing if one of them is enabled.
 */
static int delete_all(const char *line, const char *group)
{
	struct event *ev, *next;
	bool any = false;

	for (ev = events; ev; ev = ev->next) {
		if (!event_in_group(ev, group))
			continue;
		any = true;
		if (ev->enabled) {
			char why[96];
			snprintk(why, sizeof(why), "%s/%s is enabled: disable it (or all) first",
				 ev->group, ev->name);
			return fail(line, -EBUSY, 2, why);
		}
	}
	/* Checked first, so that it deletes all of them or none. */
	if (group && !any)
		return fail(line, -ENOENT, 2, "no event in this group");
	for (ev = events; ev; ev = next) {
		next = ev->next;
		if (event_in_group(ev, group))
			event_remove(ev);
	}
	return 0;
}

static int delete(const char *line, struct event_spec *spec)
{
	const char *group = spec->group_given ? spec->group : NULL;
	bool ambiguous;
	struct event *ev;

	if (strcmp(spec->event, "*") == 0)
		return delete_all(line, group);
	ev = event_find(group, spec->event, &ambiguous);
	if (ambiguous)
		return fail(line, -EINVAL, spec->name_pos,
			    "several groups have an event of this name: write GROUP/EVENT");
	if (!ev)
		return fail(line, -ENOENT, spec->name_pos, "no such event");
	if (ev->enabled)
		return fail(line, -EBUSY, spec->name_pos, "the event is enabled: disable it first");
	event_remove(ev);
	return 0;
}

/* ------------------------------------------------------------ parking */

/*
 * For commands that use the probe machinery themselves (test, bench):
 * disable the user's enabled events and set the trace's records aside,
 * then put both back as they were.  Ids, not pointers: what runs
 * meanwhile may delete events.
 */
struct events_parked {
	struct ring_saved *trace;        /* NULL: the trace was not kept */
	int n;
	int ids[];                       /* the events that were enabled */
};

struct events_parked *events_park(const char *who)
{
	struct events_parked *p;
	int n = 0;

	/* Count first: one allocation, which may fail before any change. */
	for (struct event *ev = events; ev; ev = ev->next)
		n += ev->enabled;
	p = kmalloc(sizeof(*p) + (size_t)n * sizeof(p->ids[0]));
	if (!p) {
		printk("%s: no memory to set your events and trace aside: "
		       "they will be changed\n", who);
		return NULL;
	}
	p->n = 0;
	for (struct event *ev = events; ev; ev = ev->next)
		if (ev->enabled && event_set_enabled(ev, false) == 0)
			p->ids[p->n++] = ev->id;
	p->trace = ring_save(&trace_ring);
	if (!p->trace)
		printk("%s: no memory to keep the trace's records: it will be changed\n", who);
	return p;
}

void events_unpark(struct events_parked *p)
{
	if (!p)
		return;
	if (p->trace)
		ring_restore(&trace_ring, p->trace);
	for (int i = 0; i < p->n; i++) {
		struct event *ev = event_by_id(p->ids[i]);
		if (ev)
			event_set_enabled(ev, true);
	}
	kfree(p);
}

/* ------------------------------------------------------------ lines */

/*
 * Does a line that starts with word belong to the type with this
 * prefix?  The letter alone ("p fib"), the letter and a modifier
 * ("r10 fib"), or a first word with a ':' ("p:ev fib").
 */
static bool head_is_event(const char *word, char prefix)
{
	const char *p = word + 1;

	if (word[0] != prefix)
		return false;
	while (*p && *p != ' ' && *p != '\t' && *p != ':')
		p++;
	return p == word + 1 || *p == ':' || (word[1] >= '0' && word[1] <= '9');
}

/* The shell hands us the lines this accepts (SHELL_LINE_HANDLER below). */
static bool is_event_line(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	/* A delete has no type letter. */
	if (line[0] == '-' && line[1] == ':')
		return true;
	return probe_type_lookup(line[0]) && head_is_event(line, line[0]);
}

int probe_types_check(const struct probe_type *const *begin,
		      const struct probe_type *const *end, char *why, size_t size)
{
	for (const struct probe_type *const *t = begin; t < end; t++) {
		char c = (*t)->prefix;

		/* '-' starts a delete, and a digit would read as a modifier. */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
			snprintk(why, size, "probe type %s: the prefix must be a letter", (*t)->name);
			return -EINVAL;
		}
		for (const struct probe_type *const *u = begin; u < t; u++)
			if ((*u)->prefix == c) {
				snprintk(why, size, "probe types %s and %s both use the prefix '%c'",
					 (*u)->name, (*t)->name, c);
				return -EEXIST;
			}
		/* The shell hands an event line to event_command() before
		 * it looks for a command, so such a command could never run. */
		for (const struct shell_command *cmd = __start_shellcmds; cmd < __stop_shellcmds; cmd++)
			if (head_is_event(cmd->name, c)) {
				snprintk(why, size, "probe type %s: lines starting with '%c' would take over"
					 " the shell command '%s'; pick another prefix letter",
					 (*t)->name, c, cmd->name);
				return -EEXIST;
			}
	}
	return 0;
}

/*
 * At boot: check the probe types against each other and the shell's
 * commands (a mistake there is the kernel's own, so it panics), and
 * allocate the trace buffer once, its size set by trace_buf=.
 */
void events_init(void)
{
	char why[160];

	if (probe_types_check(__start_probetypes, __stop_probetypes, why, sizeof(why)))
		panic("events: %s", why);
	if (ring_init(&trace_ring))
		printk("trace: no memory for the trace buffer; events will not be recorded\n");
}

int event_command(const char *line)
{
	struct event_spec *spec;
	struct parse_error e;
	int err;

	/* The caret's columns count from the first non-blank, as the
	 * parser sees the line. */
	while (*line == ' ' || *line == '\t')
		line++;
	/* Sized for this line: a few hundred bytes for most lines. */
	spec = kmalloc(event_spec_size(line));
	if (!spec)
		return fail(line, -ENOMEM, 0, "out of memory");
	err = event_parse(line, spec, &e);
	if (err)
		fail(line, e.err, e.pos, e.msg);
	else if (spec->type == '-')
		err = delete(line, spec);
	else
		err = define(line, spec);
	kfree(spec);
	return err;
}

/*
 * kprobe_event=: event lines to define at boot, as in Linux.  The shell
 * runs them, shown as if typed, before its own shell_run= lines, and
 * each event a line defines is enabled at once, as Linux's are.
 */
static char boot_lines[BOOT_CMDLINE_MAX];
BOOTARG_STRING("kprobe_event", boot_lines,
	       "event lines (only) to define and enable at boot, ';'-separated, ',' for spaces");

static int event_boot_command(const char *line)
{
	int first_new = next_event_id, err = event_command(line);

	/* A define appends its event; a "-:" line makes none. */
	for (struct event *ev = events; !err && ev; ev = ev->next)
		if (ev->id >= first_new)
			err = event_set_enabled(ev, true);
	return err;
}

SHELL_LINE_HANDLER(is_event_line, event_command, event_boot_command, boot_lines,
		   "error: kprobe_event= takes event lines only (p:, r:, l:, -:); "
		   "line skipped (commands go in shell_run=)");
