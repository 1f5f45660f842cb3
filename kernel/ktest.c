/*
 * The in-kernel test runner.
 *
 * Each test runs in a task of its own, so a test that aborts (or is
 * killed) ends cleanly through task_exit, and the runner can check that
 * the test gave back every page, heap object and task it took.
 */
#include <sonde/ktest.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/string.h>
#include <sonde/task.h>
#include <sonde/nokprobe.h>
#include <sonde/kprobes.h>

extern const struct ktest __start_ktests[], __stop_ktests[];

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
	task_exit(-1);
}
NOKRETPROBE(ktest_abort);

static int test_task(void *arg)
{
	const struct ktest *t = arg;

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
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (end != NULL);
	}
	return false;
}

/* Run one test with a leak check; returns true if it passed. */
static bool run_one(const struct ktest *t, int number)
{
	struct mem_stats before, after;
	int tasks_before = tasks_alive();
	int probes_before = kprobes_count();
	int pid, code = 0;

	failures = 0;
	mem_get_stats(&before);
	pid = task_create(test_task, (void *)t, t->name);
	if (pid < 0)
		ktest_fail(t->file, 0, "could not create the test task (%d)", pid);
	else
		task_wait(pid, &code);
	if (code != 0 && failures == 0)
		ktest_fail(t->file, 0, "test task exited with code %d", code);

	mem_get_stats(&after);
	if (after.pages_used != before.pages_used)
		ktest_fail(t->file, 0, "leak check: %ld page(s) not freed",
			   (long)(after.pages_used - before.pages_used));
	if (after.heap_objects != before.heap_objects)
		ktest_fail(t->file, 0, "leak check: %ld heap object(s) not freed",
			   (long)(after.heap_objects - before.heap_objects));
	if (tasks_alive() != tasks_before)
		ktest_fail(t->file, 0, "leak check: %d task(s) left behind",
			   tasks_alive() - tasks_before);
	if (kprobes_count() != probes_before)
		ktest_fail(t->file, 0, "leak check: %d probe site(s) left registered",
			   kprobes_count() - probes_before);

	printk("%s %d - %s\n", failures ? "not ok" : "ok", number, t->name);
	return failures == 0;
}

int ktest_run(const char *spec)
{
	const struct ktest *t;
	int total = 0, number = 0, passed = 0, failed = 0;

	for (t = __start_ktests; t < __stop_ktests; t++)
		total += selected(spec, t->name);
	printk("TAP version 13\n1..%d\n", total);
	if (total == 0) {
		printk("# no test matches '%s' (try test=all)\n", spec);
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
