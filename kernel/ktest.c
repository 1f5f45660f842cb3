/*
 * The in-kernel test runner.
 *
 * Each test runs in a task of its own, so a test that aborts (or is
 * killed) ends cleanly through task_exit, and the runner can check that
 * the test gave back every page, heap object, task and whatever else a
 * LEAK_COUNTER counts.
 */
#include <sonde/ktest.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/string.h>
#include <sonde/task.h>
#include <sonde/nokprobe.h>

/* Every KTEST() and LEAK_COUNTER(), gathered by the linker script. */
extern const struct ktest __start_ktests[], __stop_ktests[];
extern const struct leak_counter __start_leakcounters[], __stop_leakcounters[];

/* More than the kernel and the probe engine declare, with room to spare. */
#define MAX_LEAK_COUNTERS 8

/* One test runs at a time (the runner waits for each), so one counter. */
static int failures;   /* failures recorded by the running test */

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failures++;
	printk("#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

void ktest_abort(void)
{
	/* Ends the test's task: the runner's task_wait() gets the -1. */
	task_exit(-1);
}
NOKRETPROBE(ktest_abort);

static int test_task(void *arg)
{
	const struct ktest *t = arg;

	/* A failure is recorded by ktest_fail(), not by the exit code: a
	 * non-zero code means the test was cut short (KT_ASSERT exits -1). */
	t->fn();
	return 0;
}

/* Does spec ("all", "name" or "a,b,c") select this test? */
static bool selected(const char *spec, const char *name)
{
	size_t n = strlen(name);

	if (strcmp(spec, "all") == 0)
		return true;
	for (const char *p = spec; *p; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		/* A whole item must match: test=mm does not run mm_big. */
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (end != NULL);
	}
	return false;
}

/* The kernel's own leak counters; other subsystems declare theirs. */
static int pages_used(void)
{
	struct mem_stats s;

	mem_get_stats(&s);
	return (int)s.pages_used;
}

static int heap_objects(void)
{
	struct mem_stats s;

	mem_get_stats(&s);
	return (int)s.heap_objects;
}
LEAK_COUNTER("page(s) not freed", pages_used);
LEAK_COUNTER("heap object(s) not freed", heap_objects);
LEAK_COUNTER("task(s) left behind", tasks_alive);

/* Run one test with a leak check; returns true if it passed. */
static bool run_one(const struct ktest *t, int number)
{
	const struct leak_counter *c;
	int before[MAX_LEAK_COUNTERS];
	int pid, code = 0;

	BUG_ON(__stop_leakcounters - __start_leakcounters > MAX_LEAK_COUNTERS);
	/* Counted before the test task exists, so it counts as a leak
	 * only if it is left behind. */
	for (c = __start_leakcounters; c < __stop_leakcounters; c++)
		before[c - __start_leakcounters] = c->count();

	failures = 0;
	/* Line 0 in the messages below: the runner found it, not a line
	 * of the test. */
	pid = task_create(test_task, (void *)t, t->name);
	if (pid < 0)
		ktest_fail(t->file, 0, "could not create the test task (%d)", pid);
	else
		task_wait(pid, &code);
	if (code != 0 && failures == 0)
		ktest_fail(t->file, 0, "test task exited with code %d", code);

	for (c = __start_leakcounters; c < __stop_leakcounters; c++) {
		int diff = c->count() - before[c - __start_leakcounters];
		if (diff)
			ktest_fail(t->file, 0, "leak check: %d %s", diff, c->what);
	}

	printk("%s %d - %s\n", failures ? "not ok" : "ok", number, t->name);
	return failures == 0;
}

int ktest_run(const char *spec)
{
	const struct ktest *t;
	int total = 0, number = 0, passed = 0, failed = 0;

	/* TAP wants the plan (1..N) before the first result. */
	for (t = __start_ktests; t < __stop_ktests; t++)
		total += selected(spec, t->name);
	printk("TAP version 13\n1..%d\n", total);
	if (total == 0) {
		printk("# no test matches '%s' (try test=all)\n", spec);
		/* Counted as a failure: a typo in test= must not pass. */
		printk("# 0 passed, 1 failed\n");
		return -ENOENT;
	}
	for (t = __start_ktests; t < __stop_ktests; t++) {
		if (!selected(spec, t->name))
			continue;
		if (run_one(t, ++number))
			passed++;
		else
			failed++;
	}
	printk("# %d passed, %d failed\n", passed, failed);
	return failed;
}

void ktest_list(void)
{
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++)
		printk("  %s\n", t->name);
}
