/*
 * Lab 1's graded in-kernel tests: they call the functions you write in
 * lab1.c.  Do not change this file; your course staff grade with their
 * own copy.
 */
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/ktest.h>

int fib(int n);
extern unsigned long lab1_calls;
extern long lab1_last_n;
extern struct kprobe lab1_probe, lab1_nested;
int lab1_start(void);
void lab1_stop(void);

KTEST(lab1_counts_the_calls_of_fib)
{
	int err;

	lab1_calls = 0;
	err = lab1_start();
	if (err == -ENOSYS) {
		ktest_fail(__FILE__, __LINE__, "LAB 1: lab1_start() in "
			   "labs/01-first-kprobe/lab1.c does not register lab1_probe yet (step 3)");
		return;
	}
	KT_ASSERT(err == 0);
	KT_EXPECT_EQ(fib(10), 55);
	KT_EXPECT_EQ(lab1_calls, 177);          /* fib(10) calls fib 177 times */
	KT_EXPECT_EQ(fib(1), 1);                /* one call each: */
	KT_EXPECT_EQ(lab1_last_n, 1);           /* the argument is seen */
	KT_EXPECT_EQ(fib(0), 0);
	KT_EXPECT_EQ(lab1_last_n, 0);
	lab1_stop();
	KT_EXPECT_EQ(lab1_probe.nhit, 179);
	KT_EXPECT_EQ(lab1_probe.nmissed, 0);
	KT_EXPECT_EQ(fib(6), 8);
	KT_EXPECT_EQ(lab1_calls, 179);          /* unregistered: no more hits */
}

KTEST(lab1_a_handler_that_calls_fib_misses)
{
	if (!lab1_nested.pre_handler) {
		ktest_fail(__FILE__, __LINE__, "LAB 1: lab1_nested in "
			   "labs/01-first-kprobe/lab1.c has no pre handler yet (step 5)");
		return;
	}
	KT_ASSERT(register_kprobe(&lab1_nested) == 0);
	KT_EXPECT_EQ(fib(4), 3);
	unregister_kprobe(&lab1_nested);
	/* fib(4) makes 9 calls; each handler's fib(3) makes 5 more, which
	 * hit inside a handler: they run no handler, and count as missed. */
	KT_EXPECT_EQ(lab1_nested.nhit, 9);
	KT_EXPECT_EQ(lab1_nested.nmissed, 9 * 5);
}
