/*
 * Probe events: the list of defined events and the shell commands that
 * manage them (definitions, "events", "enable", "disable", "trace").
 *
 * A definition line is parsed by event_parse() (probe/event_parse.c);
 * then the symbols are resolved here and the probe type registers its
 * probes, disabled.  Every error is reported the way Linux's error_log
 * does it: a message, the line, and a caret under the bad spot.  A
 * failed definition leaves nothing behind.
 */
#include <sonde/events.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/shell.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

extern const struct probe_type *const __start_probetypes[], *const __stop_probetypes[];
void trace_print(void);
void trace_clear(void);
void trace_follow(void);
int trace_buffer_init(void);
struct trace_saved *trace_save(void);
void trace_restore(struct trace_saved *s);

static struct event *events;          /* in definition order */
static int next_event_id = 1;

static const struct probe_type *type_lookup(char prefix)
{
	for (const struct probe_type *const *t = __start_probetypes; t < __stop_probetypes; t++)
		if ((*t)->prefix == prefix)
			return *t;
	return NULL;
}

static const struct parse_env kernel_env = { arch_reg_lookup, type_lookup };
static struct event *event_by_spec(const char *text);

struct event *event_by_id(int id)
{
	for (struct event *ev = events; ev; ev = ev->next)
		if (ev->id == id)
			return ev;
	return NULL;
}

/*
 * The event GROUP/NAME, or with group NULL the only event called NAME
 * in any group.  NULL if there is none -- or several (*ambiguous).
 */
static struct event *event_find_checked(const char *group, const char *name, bool *ambiguous)
{
	struct event *found = NULL;

	*ambiguous = false;
	for (struct event *ev = events; ev; ev = ev->next)
		if (strcmp(ev->name, name) == 0 && (!group || strcmp(ev->group, group) == 0)) {
			if (found) {
				*ambiguous = true;
				return NULL;
			}
			found = ev;
		}
	return found;
}

static struct event *event_find(const char *group, const char *name)
{
	bool ambiguous;

	return event_find_checked(group, name, &ambiguous);
}

struct event *event_lookup(const char *text)
{
	return event_by_spec(text);
}

static struct event *event_by_spec(const char *text)
{
	char group[EVENT_NAME_LEN];
	const char *slash = strchr(text, '/');

	if (!slash)
		return event_find(NULL, text);
	if ((size_t)(slash - text) >= sizeof(group))
		return NULL;
	memcpy(group, text, (size_t)(slash - text));
	group[slash - text] = '\0';
	return event_find(group, slash + 1);
}

/* error: MESSAGE (-ERRNO) / the line / a caret under column pos. */
static int report(const char *line, const struct parse_error *e)
{
	int pos = e->pos;

	printk("error: %s (-%s)\n  %s\n  ", e->msg, errno_name(e->err), line);
	if (pos > (int)strlen(line))
		pos = (int)strlen(line);
	for (int i = 0; i < pos; i++)
		printk(" ");
	printk("^\n");
	return e->err;
}

static void event_free(struct event *ev)
{
	kfree(ev->definition);
	kfree(ev->args);
	kfree(ev->nodes);
	kfree(ev);
}

/* Resolve @SYM fetch terms to addresses. */
static int resolve_fetch_symbols(struct event_spec *spec, struct parse_error *e)
{
	for (int i = 0; i < spec->nargs; i++)
		for (int n = spec->args[i].root; n >= 0; n = spec->nodes[n].child) {
			struct fetch_node *node = &spec->nodes[n];
			const struct ksym *s;
			if (node->kind != FETCH_SYM)
				continue;
			s = ksym_by_name(node->sym);
			if (!s)
				return parse_error_set(e, -ENOENT, spec->args[i].pos, "unknown symbol in a fetch argument");
			node->kind = FETCH_MEM;
			node->value += (int64_t)s->addr;
		}
	return 0;
}

static int define(const char *line, struct event_spec *spec)
{
	const struct probe_type *type = type_lookup(spec->type);
	struct parse_error e = { 0, 0, "" };
	struct event *ev;
	const struct ksym *s;
	int err;

	/* Name: given, or made from the site as Linux does (p_sym_0),
	 * with anything that is not allowed in a name (cmd_x.cold) as '_'. */
	if (!spec->event[0]) {
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
	if (event_find(spec->group, spec->event)) {
		parse_error_set(&e, -EEXIST, spec->name_pos, "an event with this name exists");
		return report(line, &e);
	}
	if (spec->sym[0]) {
		s = ksym_by_name(spec->sym);
		if (!s) {
			parse_error_set(&e, -ENOENT, spec->site_pos, "unknown symbol");
			return report(line, &e);
		}
		if (!ksym_is_function(s)) {
			parse_error_set(&e, -EINVAL, spec->site_pos, "not a function (a data symbol)");
			return report(line, &e);
		}
		if (s->size && (uint64_t)spec->offset >= s->size) {
			parse_error_set(&e, -EINVAL, spec->site_pos, "the offset is past the end of the function");
			return report(line, &e);
		}
		spec->addr = s->addr + (uint64_t)spec->offset;
	}
	if ((err = resolve_fetch_symbols(spec, &e)))
		return report(line, &e);

	ev = kmalloc(sizeof(*ev) + type->priv_size);
	if (!ev)
		return -ENOMEM;
	ev->type = type;
	ev->addr = (unsigned long)spec->addr;
	ev->maxactive = spec->maxactive;
	ev->nargs = spec->nargs;
	strlcpy(ev->group, spec->group, sizeof(ev->group));
	strlcpy(ev->name, spec->event, sizeof(ev->name));
	ev->definition = kmalloc(strlen(line) + 1);
	ev->args = kmalloc(sizeof(struct fetch_arg) * (size_t)(spec->nargs ? spec->nargs : 1));
	ev->nodes = kmalloc(sizeof(struct fetch_node) * (size_t)(spec->nnodes ? spec->nnodes : 1));
	if (!ev->definition || !ev->args || !ev->nodes) {
		event_free(ev);
		return -ENOMEM;
	}
	strlcpy(ev->definition, line, strlen(line) + 1);
	memcpy(ev->args, spec->args, sizeof(struct fetch_arg) * (size_t)spec->nargs);
	memcpy(ev->nodes, spec->nodes, sizeof(struct fetch_node) * (size_t)spec->nnodes);

	err = type->create(ev);
	if (err) {
		const char *why = err == -EILSEQ ? "not on an instruction boundary" :
				  err == -EPERM ? "this site cannot be probed (no-probe list)" :
				  err == -EINVAL ? "cannot probe here (an unsafe instruction, a misaligned address, or not code)" :
				  "the probe could not be registered";
		parse_error_set(&e, err, spec->site_pos, why);
		event_free(ev);
		return report(line, &e);
	}
	ev->id = next_event_id++;
	struct event **pp = &events;
	while (*pp)
		pp = &(*pp)->next;
	*pp = ev;
	return 0;
}

static int delete(const char *line, struct event_spec *spec)
{
	struct parse_error e = { 0, 0, "" };
	bool ambiguous;
	struct event *ev = event_find_checked(spec->group_given ? spec->group : NULL,
					      spec->event, &ambiguous);
	struct event **pp;

	if (!ev) {
		parse_error_set(&e, ambiguous ? -EINVAL : -ENOENT, spec->name_pos, ambiguous ?
				"several groups have an event of this name: write GROUP/EVENT" :
				"no such event");
		return report(line, &e);
	}
	if (ev->enabled) {
		parse_error_set(&e, -EBUSY, spec->name_pos, "the event is enabled: disable it first");
		return report(line, &e);
	}
	for (pp = &events; *pp != ev; pp = &(*pp)->next)
		;
	*pp = ev->next;
	ev->type->destroy(ev);
	event_free(ev);
	return 0;
}

/* At boot: the trace buffer is allocated once, its size set by trace_buf=. */
void events_init(void)
{
	if (trace_buffer_init())
		printk("trace: no memory for the trace buffer; events will not be recorded\n");
}

/*
 * For commands that use the probe machinery themselves (test, bench):
 * disable the user's enabled events and set the trace's records aside,
 * then put both back as they were.
 */
struct events_parked {
	struct trace_saved *trace;       /* NULL: the trace was not kept */
	int n;
	int ids[];                       /* the events that were enabled */
};

static int set_enabled(struct event *ev, bool on);

struct events_parked *events_park(const char *who)
{
	struct events_parked *p;
	int n = 0;

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
		if (ev->enabled && set_enabled(ev, false) == 0)
			p->ids[p->n++] = ev->id;
	p->trace = trace_save();
	if (!p->trace)
		printk("%s: no memory to keep the trace's records: it will be changed\n", who);
	return p;
}

void events_unpark(struct events_parked *p)
{
	if (!p)
		return;
	if (p->trace)
		trace_restore(p->trace);
	for (int i = 0; i < p->n; i++) {
		struct event *ev = event_by_id(p->ids[i]);
		if (ev)
			set_enabled(ev, true);
	}
	kfree(p);
}

bool is_event_line(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (line[0] == '-' && line[1] == ':')
		return true;
	/* A type letter, then its modifier (digits), then ':' or a blank. */
	if (!type_lookup(line[0]))
		return false;
	const char *p = line + 1;
	while (*p && *p != ' ' && *p != ':')
		p++;
	return p == line + 1 || *p == ':' || (line[1] >= '0' && line[1] <= '9');
}

int event_command(const char *line)
{
	struct event_spec *spec = kmalloc(sizeof(*spec));
	struct parse_error e;
	int err;

	while (*line == ' ' || *line == '\t')
		line++;
	if (!spec)
		return -ENOMEM;
	err = event_parse(line, spec, &e, &kernel_env);
	if (err)
		report(line, &e);
	else if (spec->type == '-')
		err = delete(line, spec);
	else
		err = define(line, spec);
	kfree(spec);
	return err;
}

/* --------------------------------------------------------- commands */

static int set_enabled(struct event *ev, bool on)
{
	int err;

	if (ev->enabled == on)
		return 0;
	err = ev->type->enable(ev, on);
	if (err)
		printk("%s/%s: could not %s it (-%s)\n", ev->group, ev->name,
		       on ? "enable" : "disable", errno_name(err));
	else
		ev->enabled = on;
	return err;
}

static int enable_disable(int argc, char **argv, bool on)
{
	struct event *ev;

	if (argc != 2) {
		printk("usage: %s EVENT|all\n", argv[0]);
		return -EINVAL;
	}
	if (strcmp(argv[1], "all") == 0) {
		for (ev = events; ev; ev = ev->next)
			set_enabled(ev, on);
		return 0;
	}
	ev = event_by_spec(argv[1]);
	if (!ev) {
		bool ambiguous = false;

		if (!strchr(argv[1], '/'))
			event_find_checked(NULL, argv[1], &ambiguous);
		if (ambiguous) {
			printk("%s: several groups have an event '%s': write GROUP/%s\n",
			       argv[0], argv[1], argv[1]);
			return -EINVAL;
		}
		printk("%s: no event '%s' (see 'events')\n", argv[0], argv[1]);
		return -ENOENT;
	}
	return set_enabled(ev, on);
}

static int cmd_enable(int argc, char **argv) { return enable_disable(argc, argv, true); }
static int cmd_disable(int argc, char **argv) { return enable_disable(argc, argv, false); }
SHELL_COMMAND("enable", "enable EVENT|all", "start recording an event (or all)", cmd_enable);
SHELL_COMMAND("disable", "disable EVENT|all", "stop recording an event (or all)", cmd_disable);

static int cmd_events(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!events) {
		printk("no events defined (type 'define' to see how)\n");
		return 0;
	}
	printk("%-28s %-9s %-28s %-8s %8s %8s\n", "EVENT", "TYPE", "SITE", "STATE", "HITS", "MISSES");
	for (struct event *ev = events; ev; ev = ev->next) {
		char name[2 * EVENT_NAME_LEN], site[64];
		snprintk(name, sizeof(name), "%s/%s", ev->group, ev->name);
		ksym_format(ev->addr, site, sizeof(site));
		printk("%-28s %-9s %-28s %-8s %8lu %8lu\n", name, ev->type->name, site,
		       ev->enabled ? "enabled" : "disabled", ev->hits, ev->missed(ev));
		printk("    %s\n", ev->definition);
		if (ev->type->show)
			ev->type->show(ev);
	}
	return 0;
}
SHELL_COMMAND("events", "events", "list events: type, site, state, hits, misses", cmd_events);

static int cmd_probes(int argc, char **argv) { return cmd_events(argc, argv); }
SHELL_COMMAND("probes", "probes", "the same as events", cmd_probes);

/* "help define": the event syntax, and the probe types there are. */
static int cmd_define(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("Define an event by typing its line (new events start disabled):\n");
	for (const struct probe_type *const *t = __start_probetypes; t < __stop_probetypes; t++)
		printk("  %-50s %s\n", (*t)->usage, (*t)->name);
	printk("  %-50s delete an event\n", "-:[GRP/]EVENT");
	printk("FETCHARGS: [NAME=]ARG[:TYPE], ARG one of %%REG @ADDR @SYM[+|-offs] $stackN $stack\n"
	       "  $argN $retval (return probes) $comm +|-OFFS(ARG); TYPE u8..u64 s8..s64\n"
	       "  x8..x64 string symbol (default: the native word in hex)\n");
	return 0;
}
SHELL_COMMAND("define", "define", "how to define probe events (p:, r:, l:, -:)", cmd_define);

static int cmd_trace(int argc, char **argv)
{
	if (argc == 1)
		trace_print();
	else if (argc == 2 && strcmp(argv[1], "clear") == 0)
		trace_clear();
	else if (argc == 2 && strcmp(argv[1], "follow") == 0)
		trace_follow();
	else {
		printk("usage: trace [clear|follow]\n");
		return -EINVAL;
	}
	return 0;
}
SHELL_COMMAND("trace", "trace [clear|follow]",
	      "print the trace buffer, empty it, or stream new records (Ctrl-C stops)", cmd_trace);

static int cmd_explain(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off"))) {
		printk("usage: explain on|off\n");
		return -EINVAL;
	}
	kprobes_explain = strcmp(argv[1], "on") == 0;
	printk("explain mode %s\n", kprobes_explain ? "on: every probe hit is narrated" : "off");
	return 0;
}
SHELL_COMMAND("explain", "explain on|off", "narrate each step of every probe hit", cmd_explain);
