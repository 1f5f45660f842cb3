/*
 * Rules of probe events and probe types (issue 8, items 14, 15, 16, 22):
 * return probes on functions that never return, the boot arguments'
 * error codes, MAXACTIVE 0, leading zeros in $stackN/$argN, and the
 * check that a probe type's prefix letter cannot shadow a shell command.
 * The printed side (messages, carets) is in tests/shell/event_rules.in.
 */
#include <sonde/ktest.h>
#include <sonde/bootargs.h>
#include <sonde/errno.h>
#include <events/events.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>

static int never_called(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	return 0;
}

/*
 * Every function that never returns refuses a return probe, -EPERM:
 * one would take an instance that is never given back until the task
 * ends, and its handler would never run.  A kprobe still goes there.
 */
KTEST(return_probes_refused_where_functions_never_return)
{
	static const char *const never_return[] = {
		"task_entry", "task_exit", "shell_main", "forever", "run_forever",
		"run_tests", "idle_loop", "panic", "ktest_abort", "kmain",
		"arch_poweroff", "arch_reboot", "trap_unexpected", "cmd_poweroff", "cmd_reboot",
		"arch_switch_to",   /* returns, but in another task */
	};

	for (unsigned i = 0; i < ARRAY_SIZE(never_return); i++) {
		struct kretprobe rp = { .kp.symbol_name = never_return[i],
					.kp.flags = KPROBE_FLAG_DISABLED,
					.handler = never_called };
		int err = register_kretprobe(&rp);

		if (err != -EPERM)
			ktest_fail(__FILE__, __LINE__, "register_kretprobe(%s) = %d, expected -EPERM",
				   never_return[i], err);
		if (err == 0)
			unregister_kretprobe(&rp);
	}
	KT_EXPECT_EQ(event_command("r:ktnr/a task_entry"), -EPERM);
	KT_EXPECT_EQ(event_command("r:ktnr/b forever"), -EPERM);
	KT_EXPECT_EQ(event_command("l:ktnr/c shell_main"), -EPERM);
	/* A kprobe on the same function is fine. */
	KT_EXPECT_EQ(event_command("p:ktnr/d forever"), 0);
	KT_EXPECT_EQ(event_command("-:ktnr/d"), 0);
}

extern const struct bootarg __start_bootargs[], __stop_bootargs[];

static int set_bootarg(const char *key, const char *value)
{
	for (const struct bootarg *a = __start_bootargs; a < __stop_bootargs; a++)
		if (strcmp(a->key, key) == 0)
			return a->set(value);
	return -ENOENT;
}

/* Not a number is -EINVAL; a number out of range is -ERANGE.  (Only bad
 * values here: a good one would change the running kernel.) */
KTEST(boot_numbers_say_einval_or_erange)
{
	KT_EXPECT_EQ(set_bootarg("hz", "100.5"), -EINVAL);
	KT_EXPECT_EQ(set_bootarg("hz", "abc"), -EINVAL);
	KT_EXPECT_EQ(set_bootarg("hz", ""), -EINVAL);
	KT_EXPECT_EQ(set_bootarg("hz", "5"), -ERANGE);
	KT_EXPECT_EQ(set_bootarg("hz", "1001"), -ERANGE);
	KT_EXPECT_EQ(set_bootarg("trace_buf", "abc"), -EINVAL);
	KT_EXPECT_EQ(set_bootarg("trace_buf", "16k"), -EINVAL);
	KT_EXPECT_EQ(set_bootarg("trace_buf", "100"), -ERANGE);
	KT_EXPECT_EQ(set_bootarg("trace_buf", "99999999999"), -ERANGE);
}

/* r0 is the default MAXACTIVE, as in Linux; leading zeros in $stackN
 * and $argN are just zeros. */
KTEST(maxactive_zero_and_leading_zeros)
{
	struct event *ev;

	KT_EXPECT_EQ(event_command("r0:ktz/r fib"), 0);
	ev = event_lookup("ktz/r");
	KT_ASSERT(ev != NULL);
	KT_EXPECT_EQ(((struct kretprobe *)ev->priv)->maxactive, KRETPROBE_DEFAULT_MAXACTIVE);
	KT_EXPECT_EQ(event_command("-:ktz/r"), 0);
	KT_EXPECT_EQ(event_command("p:ktz/p fib a=$stack00000 b=$stack01024 c=$arg00016 d=$arg01"), 0);
	ev = event_lookup("ktz/p");
	KT_ASSERT(ev != NULL);
	KT_EXPECT_EQ(ev->nodes[ev->args[0].root].value, 0);
	KT_EXPECT_EQ(ev->nodes[ev->args[1].root].value, 1024);
	KT_EXPECT_EQ(ev->nodes[ev->args[2].root].value, 16);
	KT_EXPECT_EQ(ev->nodes[ev->args[3].root].value, 1);
	KT_EXPECT_EQ(event_command("-:ktz/p"), 0);
	KT_EXPECT_EQ(event_command("p:ktz/p fib $stack000001025"), -ERANGE);
	KT_EXPECT_EQ(event_command("p:ktz/p fib $arg00017"), -ERANGE);
	KT_EXPECT_EQ(event_command("p:ktz/p fib $arg0000"), -ERANGE);
}

/* A made-up type per case, checked against the real shell commands. */
static const struct probe_type type_x = { .prefix = 'x', .name = "xtype" };
static const struct probe_type type_q = { .prefix = 'q', .name = "qtype" };
static const struct probe_type type_p2 = { .prefix = 'p', .name = "another_p" };
static const struct probe_type type_hash = { .prefix = '#', .name = "hash" };

static int check_types(const struct probe_type *a, const struct probe_type *b, char *why, size_t size)
{
	const struct probe_type *table[2] = { a, b };

	return probe_types_check(table, table + (b ? 2 : 1), why, size);
}

KTEST(probe_type_prefix_cannot_take_over_a_command)
{
	extern const struct probe_type *const __start_probetypes[], *const __stop_probetypes[];
	char why[160] = "";

	/* The kernel's own types pass (events_init() panics otherwise). */
	KT_EXPECT_EQ(probe_types_check(__start_probetypes, __stop_probetypes, why, sizeof(why)), 0);
	/* 'x' would turn "x fib 4" into an event line. */
	KT_EXPECT_EQ(check_types(&type_x, NULL, why, sizeof(why)), -EEXIST);
	KT_EXPECT(strchr(why, '\'') != NULL && strchr(why, '\'')[1] == 'x');
	KT_EXPECT_EQ(check_types(&type_q, NULL, why, sizeof(why)), 0);
	KT_EXPECT_EQ(check_types(&type_q, &type_p2, why, sizeof(why)), 0);
	KT_EXPECT_EQ(check_types(&type_p2, &type_p2, why, sizeof(why)), -EEXIST);
	KT_EXPECT_EQ(check_types(&type_hash, NULL, why, sizeof(why)), -EINVAL);
}

/* For tests/shell/event_rules.in: a string with a tab, a bell, an
 * escape sequence that would clear the screen, DEL, a backslash and a
 * UTF-8 é -- what a :string argument can meet in memory. */
__attribute__((used)) const char ktest_odd_string[] = "tab\tbell\a\x1b[2Jdel\x7f\\e\xc3\xa9!";
