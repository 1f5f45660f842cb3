/*
 * Lab 5's graded in-kernel tests: they define 'c' events with the shell's
 * event code and call functions of their own, from two callers.  Do not
 * change this file; your course staff grade with their own copy.
 */
#include <events/events.h>
#include <shell/shell.h>
#include <sonde/errno.h>
#include <sonde/ktest.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

#define PROBED __attribute__((noipa, used, optimize("no-optimize-sibling-calls")))

unsigned long callers_calls_from(const struct event *ev, unsigned long func);

PROBED int lab5_leaf(int x) { return x + 1; }
PROBED int lab5_from_a(int x) { return lab5_leaf(x) + lab5_leaf(x + 1); }
PROBED int lab5_from_b(int x) { return lab5_leaf(x) * 2; }

static unsigned long start_of(const char *name)
{
	const struct ksym *s = ksym_by_name(name);

	return s ? s->addr : 0;
}

/* The event line, or a failure that says which step is missing. */
static bool define(const char *line)
{
	int err = event_command(line);

	if (err == -ENOSYS) {
		ktest_fail(__FILE__, __LINE__, "LAB 5: create() in labs/05-probe-type/"
			   "type_callers.c does not register the kretprobe yet (step 3)");
		return false;
	}
	if (err) {
		ktest_fail(__FILE__, __LINE__, "LAB 5: the 'c' event line was refused");
		return false;
	}
	return true;
}

KTEST(lab5_counts_the_calls_per_caller)
{
	struct event *ev;

	if (!define("c:lab5/who lab5_leaf"))
		return;
	ev = event_lookup("lab5/who");
	KT_ASSERT(ev != NULL);
	KT_EXPECT(strcmp(ev->type->name, "callers") == 0);
	KT_EXPECT(!ev->enabled);                     /* events start disabled */
	KT_EXPECT_EQ(lab5_from_a(1), 5);
	KT_EXPECT_EQ(ev->hits, 0);                   /* ... and count nothing */

	char on[] = "enable lab5/who", off[] = "disable lab5/who";
	KT_ASSERT(shell_execute(on) == 0);
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(lab5_from_a(i), 2 * i + 3);
	KT_EXPECT_EQ(lab5_from_b(4), 10);
	KT_EXPECT_EQ(lab5_from_b(5), 12);
	KT_ASSERT(shell_execute(off) == 0);
	KT_EXPECT_EQ(lab5_from_b(6), 14);            /* disabled: not counted */

	if (ev->hits == 0)
		ktest_fail(__FILE__, __LINE__, "LAB 5: no call was counted: write "
			   "count_return() in labs/05-probe-type/type_callers.c (step 4)");
	KT_EXPECT_EQ(ev->hits, 8);
	KT_EXPECT_EQ(callers_calls_from(ev, start_of("lab5_from_a")), 6);
	KT_EXPECT_EQ(callers_calls_from(ev, start_of("lab5_from_b")), 2);
	KT_EXPECT_EQ(ev->missed(ev), 0);
	ev->type->show(ev);                          /* the table, for the log */
	KT_EXPECT_EQ(event_command("-:lab5/who"), 0);
}

KTEST(lab5_refuses_offsets_and_fetch_arguments)
{
	int off = event_command("c:lab5/off lab5_leaf+4");
	int arg = event_command("c:lab5/arg lab5_leaf n=$arg1");

	if (off != -EINVAL || arg != -EINVAL) {
		ktest_fail(__FILE__, __LINE__, "LAB 5: check() in labs/05-probe-type/"
			   "type_callers.c must refuse SYM+OFFSET and fetch arguments "
			   "with -EINVAL (step 2)");
		if (!off)
			event_command("-:lab5/off");
		if (!arg)
			event_command("-:lab5/arg");
		return;
	}
	/* SYM+0 is the function itself, and a MAXACTIVE is taken. */
	if (!define("c4:lab5/zero lab5_leaf+0"))
		return;
	KT_EXPECT_EQ(event_lookup("lab5/zero")->maxactive, 4);
	KT_EXPECT_EQ(event_command("-:lab5/zero"), 0);
}
