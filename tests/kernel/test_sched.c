/*
 * Tests of the scheduler and the task lifecycle: preemption, sleeping,
 * exit, kill and wait -- and that nothing leaks along the way (the
 * runner also checks pages, heap objects and tasks around every test).
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/task.h>

static volatile bool spin_stop;
static volatile unsigned long spins[2];

/* A task that never yields: only preemption can take the CPU from it. */
static int spinner(void *arg)
{
	int i = (int)(intptr_t)arg;

	while (!spin_stop)
		spins[i]++;
	return 0;
}

KTEST(preemption_runs_two_busy_tasks)
{
	int a, b;
	unsigned long a1, b1;

	spin_stop = false;
	spins[0] = spins[1] = 0;
	a = task_create(spinner, (void *)0, "spin0");
	b = task_create(spinner, (void *)1, "spin1");
	KT_ASSERT(a > 0 && b > 0);

	task_sleep(10);
	a1 = spins[0];
	b1 = spins[1];
	KT_EXPECT(a1 > 0);
	KT_EXPECT(b1 > 0);
	task_sleep(10);             /* and both keep going */
	KT_EXPECT(spins[0] > a1);
	KT_EXPECT(spins[1] > b1);
	KT_EXPECT(task_find(a)->ticks_run > 0);
	KT_EXPECT(task_find(b)->ticks_run > 0);

	spin_stop = true;
	KT_EXPECT_EQ(task_wait(a, NULL), 0);
	KT_EXPECT_EQ(task_wait(b, NULL), 0);
}

KTEST(sleep_wakes_after_n_ticks)
{
	static const unsigned int n[] = { 1, 2, 3, 5, 10 };

	for (unsigned i = 0; i < ARRAY_SIZE(n); i++) {
		uint64_t t0 = jiffies, dt;

		task_sleep(n[i]);
		dt = jiffies - t0;
		if (dt < n[i] || dt > n[i] + 1)
			ktest_fail(__FILE__, __LINE__, "task_sleep(%u) took %llu ticks",
				   n[i], (unsigned long long)dt);
	}
}

static int return_42(void *arg)
{
	(void)arg;
	return 42;
}

static int exit_7(void *arg)
{
	(void)arg;
	task_exit(7);
}

/* Takes memory and a child task, then exits without freeing the memory:
 * the exit path must not care, and the test frees it. */
static int sleep_long(void *arg)
{
	(void)arg;
	task_sleep(100000);
	return 0;
}

static int kill_self(void *arg)
{
	(void)arg;
	task_kill(current->pid);
	return 1;                   /* never reached */
}

/*
 * arch_clock_hz() is the trace clock's real rate (the trace's seconds
 * depend on it): over five timer ticks the clock advances five ticks'
 * worth, give or take the wake-up.  A port that got its rate wrong
 * (sparc64's %tick is not arch_cycles()'s x10) or had no calibration
 * fails here.
 */
KTEST(trace_clock_rate_matches_the_timer)
{
	task_sleep(1);                        /* start just after a tick */
	uint64_t c0 = arch_clock();
	task_sleep(5);
	uint64_t c1 = arch_clock(), hz = arch_clock_hz();
	uint64_t ticks_x10 = (c1 - c0) * tick_hz * 10 / hz;

	KT_EXPECT(hz >= 1000000);
	KT_EXPECT(ticks_x10 >= 45 && ticks_x10 <= 65);
}

KTEST(exit_and_wait_return_codes)
{
	int code = 0;

	KT_EXPECT_EQ(task_wait(task_create(return_42, NULL, "ret42"), &code), 0);
	KT_EXPECT_EQ(code, 42);
	KT_EXPECT_EQ(task_wait(task_create(exit_7, NULL, "exit7"), &code), 0);
	KT_EXPECT_EQ(code, 7);
	KT_EXPECT_EQ(task_wait(task_create(kill_self, NULL, "killself"), &code), 0);
	KT_EXPECT_EQ(code, TASK_KILLED);
}

KTEST(kill_sleeping_and_busy_tasks)
{
	int sleeper, busy, code = 0;
	uint64_t t0;

	sleeper = task_create(sleep_long, NULL, "sleeper");
	spin_stop = false;
	busy = task_create(spinner, (void *)0, "busy");
	task_sleep(2);               /* let both get going */

	t0 = jiffies;
	KT_EXPECT_EQ(task_kill(sleeper), 0);
	KT_EXPECT_EQ(task_wait(sleeper, &code), 0);
	KT_EXPECT_EQ(code, TASK_KILLED);
	KT_EXPECT(jiffies - t0 < 5);   /* it did not sleep out its 100000 */

	KT_EXPECT_EQ(task_kill(busy), 0);
	KT_EXPECT_EQ(task_wait(busy, &code), 0);
	KT_EXPECT_EQ(code, TASK_KILLED);
	spin_stop = true;
}

KTEST(task_errors_use_errno)
{
	int pid;

	KT_EXPECT_EQ(task_kill(99999), -ESRCH);
	KT_EXPECT_EQ(task_kill(0), -EPERM);           /* the idle task */
	KT_EXPECT_EQ(task_wait(99999, NULL), -ESRCH);
	KT_EXPECT_EQ(task_wait(current->pid, NULL), -EINVAL);

	pid = task_create_detached(return_42, NULL, "detached");
	KT_ASSERT(pid > 0);
	KT_EXPECT_EQ(task_wait(pid, NULL), -EINVAL);  /* nobody waits for it */
	task_sleep(2);                                 /* it exits and frees itself */
	KT_EXPECT(task_find(pid) == NULL);
}

/* Every resource comes back after many create/exit/kill/wait rounds. */
KTEST(exit_kill_wait_free_everything)
{
	struct mem_stats before, after;
	int tasks = tasks_alive();

	mem_get_stats(&before);
	for (int i = 0; i < 50; i++) {
		int pid = task_create(i % 2 ? return_42 : sleep_long, NULL, "churn");
		KT_ASSERT(pid > 0);
		if (i % 2 == 0) {
			task_yield();
			task_kill(pid);
		}
		KT_EXPECT_EQ(task_wait(pid, NULL), 0);
	}
	mem_get_stats(&after);
	KT_EXPECT_EQ(after.pages_used, before.pages_used);
	KT_EXPECT_EQ(after.heap_objects, before.heap_objects);
	KT_EXPECT_EQ(tasks_alive(), tasks);
}

static int hook_calls;

static void count_hook_exits(struct task *t)
{
	if (t->fn == return_42 && t->arg == (void *)&hook_calls)
		hook_calls++;
}

KTEST(exit_hook_sees_every_ending)
{
	static bool registered;
	int pid;

	if (!registered) {
		KT_ASSERT(task_register_exit_hook(count_hook_exits) == 0);
		registered = true;
	}
	hook_calls = 0;
	pid = task_create(return_42, &hook_calls, "hooked");
	task_wait(pid, NULL);
	KT_EXPECT_EQ(hook_calls, 1);
}
