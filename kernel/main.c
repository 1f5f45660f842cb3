/*
 * kmain: where every architecture's boot path ends up.
 *
 * Read it top to bottom: it is the order in which the kernel comes to
 * life.  When it is done, the boot flow becomes the idle task.
 */
#include <sonde/arch.h>
#include <sonde/bootargs.h>
#include <sonde/errno.h>
#include <sonde/ktest.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <shell/shell.h>
#include <sonde/string.h>
#include <sonde/task.h>
#include <sonde/kprobes.h>
#include <events/events.h>
#include <sonde/nokprobe.h>

/*
 * test=...: run tests, not the shell.  As long as a whole boot argument.
 * Copied, because the value lives in the parser's buffer, which is gone
 * by the time the test task runs.
 */
static char test_spec[BOOT_CMDLINE_MAX];

static int set_test(const char *v)
{
	if (!*v)
		return -EINVAL;
	if (strlen(v) >= sizeof(test_spec))
		return -E2BIG;            /* never drop names silently */
	strlcpy(test_spec, v, sizeof(test_spec));
	return 0;
}
BOOTARG("test", set_test, "run in-kernel tests: test=all, test=NAME or test=A,B");

static int set_hz(const char *v)
{
	uint64_t hz;
	int err = parse_u64(v, &hz);     /* -EINVAL: not a whole number */

	if (err)
		return err;
	/* At least 19: below that the PC's PIT divisor does not fit 16 bits. */
	if (hz < 19 || hz > 1000)
		return -ERANGE;
	tick_hz = (unsigned int)hz;
	return 0;
}
BOOTARG("hz", set_hz, "timer ticks per second, 19..1000 (default 100)");

/* The test runner task: run, report, power off with the verdict. */
static int run_tests(void *arg)
{
	/* A task, not kmain itself: the tests sleep, and kmain's flow must
	 * become the idle task for anything to run. */
	int failed = ktest_run(arg);

	arch_poweroff(failed == 0 ? POWEROFF_TEST_PASS : POWEROFF_TEST_FAIL);
}
NOKRETPROBE(run_tests);

void kmain(struct boot_info *bi)
{
	printk("\nSonde: a teaching kernel with a probe engine (%s, %s)\n",
	       ARCH_NAME, bi->loader ? bi->loader : "unknown loader");
	/* Echoed, so that a log shows what this boot was given. */
	if (bi->cmdline[0])
		printk("command line: %s\n", bi->cmdline);

	arch_trap_init();             /* from here on, faults are reported */
	bootargs_parse(bi->cmdline);  /* before what its keys (hz=...) set up */
	page_init(bi);
	heap_init();
	sched_init();                 /* this flow becomes the idle task */
	kprobes_init();               /* hooks, and the trampoline's probe */
	events_init();                /* the trace buffer for probe events */
	arch_timer_init(tick_hz);
	printk("timer: %u Hz\n", tick_hz);

	if (test_spec[0])
		task_create_detached(run_tests, test_spec, "ktest");
	else
		task_create_detached(shell_main, NULL, "shell");

	idle_loop();                  /* enables interrupts; never returns */
}
NOKRETPROBE(kmain);
