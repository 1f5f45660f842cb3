/*
 * The shell commands on probe events: "enable", "disable", "events"
 * (and "probes"), "define", "trace" and "explain".  The events
 * themselves, and the lines that define and delete them, are in
 * events/events.c.
 */
#include "internal.h"
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/printk.h>
#include <shell/shell.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

/* Is there an event in group?  A group exists only while one of its
 * events does: there is no list of groups to keep. */
static bool group_exists(const char *group)
{
	for (struct event *ev = events; ev; ev = ev->next)
		if (strcmp(ev->group, group) == 0)
			return true;
	return false;
}

/* Enable or disable every event of group (NULL: every event).  One
 * that fails is said on the console and the rest go on; the first
 * error is returned. */
static int set_group_enabled(const char *group, bool on)
{
	int result = 0;

	for (struct event *ev = events; ev; ev = ev->next)
		if (event_in_group(ev, group)) {
			int err = event_set_enabled(ev, on);
			if (err && !result)
				result = err;
		}
	return result;
}

/*
 * "enable WHAT": all; GRP/EVENT; GRP/ followed by '*' (the group); or
 * a bare word, which names an event or, if no event is called that, a
 * group (as Linux's events/GROUP/enable does).  A word that names both
 * is refused: write GRP/EVENT for the event, or the '*' form for the
 * group.
 */
static int enable_disable(int argc, char **argv, bool on)
{
	const char *what = argv[1], *slash;
	char group[EVENT_NAME_LEN];
	struct event *ev;
	bool ambiguous = false;

	if (argc != 2)
		return shell_error(-EINVAL, "usage: %s EVENT|GROUP|all\n", argv[0]);
	if (strcmp(what, "all") == 0)
		return set_group_enabled(NULL, on);
	slash = strchr(what, '/');
	if (slash && strcmp(slash + 1, "*") == 0) {
		/* A longer name than any group can have is no group. */
		if ((size_t)(slash - what) < sizeof(group)) {
			strlcpy(group, what, (size_t)(slash - what) + 1);
			if (group_exists(group))
				return set_group_enabled(group, on);
		}
		return shell_error(-ENOENT, "%s: no group '%.*s' (see 'events')\n", argv[0],
				   (int)(slash - what), what);
	}
	/* GRP/EVENT is one event; a bare word may name an event of any
	 * group (ambiguous if several have one), or a group. */
	ev = slash ? event_lookup(what) : event_find(NULL, what, &ambiguous);
	if (!slash && group_exists(what)) {
		if (ev || ambiguous)
			return shell_error(-EINVAL, "%s: '%s' is both an event and a group: write GROUP/%s"
					   " for the event, or %s/* for the group\n", argv[0], what, what, what);
		return set_group_enabled(what, on);
	}
	if (ambiguous)
		return shell_error(-EINVAL, "%s: several groups have an event '%s': write GROUP/%s\n",
				   argv[0], what, what);
	if (!ev)
		return shell_error(-ENOENT, "%s: no event '%s' (see 'events')\n", argv[0], what);
	return event_set_enabled(ev, on);
}

static int cmd_enable(int argc, char **argv) { return enable_disable(argc, argv, true); }
static int cmd_disable(int argc, char **argv) { return enable_disable(argc, argv, false); }
SHELL_COMMAND("enable", "enable EVENT|GROUP|all",
	      "start recording an event, a group's events, or all", cmd_enable);
SHELL_COMMAND("disable", "disable EVENT|GROUP|all",
	      "stop recording an event, a group's events, or all", cmd_disable);

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
		       !ev->enabled ? "disabled" : kprobe_optimized(ev->addr) ? "jmp-opt" : "enabled",
		       ev->hits, ev->missed(ev));
		/* The line as typed: copy it, edit it, define it again. */
		printk("    %s\n", ev->definition);
		/* A type's own lines (the latency histogram). */
		if (ev->type->show)
			ev->type->show(ev);
	}
	return 0;
}
SHELL_COMMAND("events", "events", "list events: type, site, state, hits, misses", cmd_events);

/* SHELL_COMMAND() names its entry after the function: one of its own. */
static int cmd_probes(int argc, char **argv) { return cmd_events(argc, argv); }
SHELL_COMMAND("probes", "probes", "the same as events", cmd_probes);

/* "help define": the event syntax, and the probe types there are. */
static int cmd_define(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("Define an event by typing its line (new events start disabled):\n");
	/* From the types' table: a new type is listed with no edit here. */
	for (const struct probe_type *const *t = __start_probetypes; t < __stop_probetypes; t++)
		printk("  %-50s %s\n", (*t)->usage, (*t)->name);
	printk("  %-50s delete an event\n  %-50s delete every event (of GRP)\n",
	       "-:[GRP/]EVENT", "-:* or -:GRP/*");
	printk("MAXACTIVE: return instances, 0..4096 (0 or none: the default, 10).\n"
	       "enable, disable: EVENT, GRP/EVENT, GRP or GRP/* (every event of GRP), all.\n");
	printk("FETCHARGS: [NAME=]ARG[:TYPE], ARG one of %%REG @ADDR @SYM[+|-offs] $stackN $stack\n"
	       "  $argN $retval (return probes) $comm +|-OFFS(ARG); TYPE u8..u64 s8..s64\n"
	       "  x8..x64 string symbol (default: the native word in hex)\n");
	return 0;
}
SHELL_COMMAND("define", "define",
	      "define and delete probe events (p:, r:, l:, -:, -:*)", cmd_define);

static int cmd_trace(int argc, char **argv)
{
	if (argc == 1)
		trace_print();
	else if (argc == 2 && strcmp(argv[1], "clear") == 0)
		trace_clear();
	else if (argc == 2 && strcmp(argv[1], "follow") == 0)
		trace_follow();
	else
		return shell_usage("trace [clear|follow]");
	return 0;
}
SHELL_COMMAND("trace", "trace [clear|follow]",
	      "print the trace buffer, empty it, or stream new records (Ctrl-C stops)", cmd_trace);

/* "on" or "off", the only word after the command: 1 or 0, else -1. */
static int on_off(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "on") == 0)
		return 1;
	return argc == 2 && strcmp(argv[1], "off") == 0 ? 0 : -1;
}

static int cmd_explain(int argc, char **argv)
{
	int on = on_off(argc, argv);

	if (on < 0)
		return shell_usage("explain on|off");
	/* The engine reads the flag on every hit: it takes effect at once. */
	kprobes_explain = on;
	printk("explain mode %s\n", kprobes_explain ? "on: every probe hit is narrated" : "off");
	return 0;
}
SHELL_COMMAND("explain", "explain on|off", "narrate each step of every probe hit", cmd_explain);

/* Jump optimisation (probe/optprobes.c): every site follows at once. */
static int cmd_optimize(int argc, char **argv)
{
	int on = on_off(argc, argv);

	if (on < 0)
		return shell_usage("optimize on|off");
	if (kprobes_set_optimize(on))
		return shell_error(-EINVAL, "optimize: this architecture has no jump-optimised probes (-EINVAL)\n");
	printk("jump optimisation %s\n", kprobes_optimize ? "on: probes that qualify become a jmp" : "off");
	return 0;
}
SHELL_COMMAND("optimize", "optimize on|off", "turn probe sites into jumps where they qualify", cmd_optimize);
