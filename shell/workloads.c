/*
 * The shell's "spawn" and "kill", and the demo workloads: small,
 * readable functions written to be probed.
 *
 *   spawn fib N        fib(N), recursively: kretprobe recursion, $retval
 *   spawn sleeper T    nap(T) sleeps T ticks: several at once show maxactive
 *   spawn worker N     worker -> stage1 -> stage2 -> stage3, N rounds:
 *                      a call chain, with a string argument for ":string"
 *   spawn forever      never returns until killed: per-task cleanup
 *
 * Without a trailing '&' the shell waits for the workload and prints
 * its result; with '&' it runs in the background (see "ps", "kill").
 */
#include <shell/shell.h>
#include <sonde/errno.h>
#include <sonde/nokprobe.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/task.h>

/* noipa and no sibling-call optimisation: keep every call a real call
 * (GCC would turn part of fib's recursion into a loop), so a probe on
 * these fires once per call written in the source. */
#define WORKLOAD_FN __attribute__((noipa, used, optimize("no-optimize-sibling-calls")))

WORKLOAD_FN int fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

WORKLOAD_FN int nap(int ticks)
{
	task_sleep((unsigned)ticks);
	return ticks;
}

WORKLOAD_FN int stage3(int x, const char *label)
{
	return x * 3 + (int)strlen(label);
}

WORKLOAD_FN int stage2(int x)
{
	return stage3(x + 2, "stage two") + 1;
}

WORKLOAD_FN int stage1(int x)
{
	return stage2(x * 2);
}

/* An argument only to look like the others. */
WORKLOAD_FN int forever(int unused)
{
	(void)unused;
	for (;;)
		task_sleep(10);
}

/* A task's function takes a void *: these pass the number on, so that
 * the workloads themselves keep plain C signatures ($arg1 is N). */
static int run_fib(void *arg) { return fib((int)(intptr_t)arg); }
static int run_sleeper(void *arg) { return nap((int)(intptr_t)arg); }
static int run_forever(void *arg) { return forever((int)(intptr_t)arg); }
/* Neither returns (until killed): a return probe would hold an instance
 * for nothing. */
NOKRETPROBE(forever);
NOKRETPROBE(run_forever);

static int run_worker(void *arg)
{
	int sum = 0;

	for (int i = 0; i < (int)(intptr_t)arg; i++)
		sum += stage1(i);
	return sum;
}

/* default_arg is N when none is typed.  max_arg keeps a run short, and
 * fib's recursion within a task's stack. */
static const struct workload {
	const char *name;
	int (*run)(void *arg);
	int default_arg, max_arg;
	const char *help;
} workloads[] = {
	{ "fib", run_fib, 10, 25, "fib N: recursive Fibonacci (default 10)" },
	{ "sleeper", run_sleeper, 20, 100000, "sleeper T: sleep T ticks inside nap() (default 20)" },
	{ "worker", run_worker, 3, 1000, "worker N: N rounds of stage1 -> stage2 -> stage3 (default 3)" },
	{ "forever", run_forever, 0, 0, "forever: sleep in forever() until killed" },
};

static int cmd_spawn(int argc, char **argv)
{
	const struct workload *w = NULL;
	bool background = argc > 1 && strcmp(argv[argc - 1], "&") == 0;
	uint64_t arg;
	int pid, code;

	/* "&" is a word of its own, the last, as in sh; drop it. */
	if (background)
		argc--;
	for (unsigned i = 0; argc >= 2 && i < ARRAY_SIZE(workloads); i++)
		if (strcmp(argv[1], workloads[i].name) == 0)
			w = &workloads[i];
	if (!w || argc > 3) {
		if (argc >= 2 && !w)
			printk("spawn: no workload '%s'\n", argv[1]);
		else if (argc > 3)
			printk("spawn: %s takes one number, not %d arguments\n", argv[1], argc - 2);
		printk("workloads (add '&' to run in the background):\n");
		for (unsigned i = 0; i < ARRAY_SIZE(workloads); i++)
			printk("  %s\n", workloads[i].help);
		return -EINVAL;
	}
	arg = (uint64_t)w->default_arg;
	if (argc == 3 && (parse_u64(argv[2], &arg) || arg > (uint64_t)w->max_arg))
		return shell_error(-EINVAL, "spawn: %s takes a number from 0 to %d\n", w->name, w->max_arg);
	/* Waiting for forever would never end.  A detached task is reaped
	 * when it ends; the other one by task_wait(), which gives its result. */
	background |= w->run == run_forever;
	pid = background ? task_create_detached(w->run, (void *)(intptr_t)arg, w->name)
			 : task_create(w->run, (void *)(intptr_t)arg, w->name);
	if (pid < 0)
		return shell_error(pid, "spawn: cannot create a task (-%s)\n", errno_name(pid));
	if (background) {
		printk("[%d] %s started\n", pid, w->name);
		return 0;
	}
	task_wait(pid, &code);
	printk("[%d] %s %llu -> %d\n", pid, w->name, (unsigned long long)arg, code);
	return 0;
}
SHELL_COMMAND("spawn", "spawn WORKLOAD [N] [&]",
	      "run a demo workload: fib N, sleeper T, worker N, forever ('&': background)",
	      cmd_spawn);

static int cmd_kill(int argc, char **argv)
{
	uint64_t pid;
	int err;

	/* A pid is an int: a larger number is not a pid at all. */
	if (argc != 2 || parse_u64(argv[1], &pid) || pid > 0x7fffffff)
		return shell_usage("kill PID");
	/* Killing the shell would leave no prompt to type at. */
	if ((int)pid == current->pid)
		return shell_error(-EPERM, "kill: that is the shell itself; refusing\n");
	/* task_kill() fails two ways: no such task, or the idle task. */
	err = task_kill((int)pid);
	if (err)
		printk("kill: %llu: %s\n", (unsigned long long)pid,
		       err == -ESRCH ? "no such task (-ESRCH)" :
		       "the idle task cannot be killed (-EPERM)");
	return err;
}
SHELL_COMMAND("kill", "kill PID", "end a task (it exits through task_exit)", cmd_kill);
