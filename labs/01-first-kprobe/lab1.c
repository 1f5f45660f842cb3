/*
 * Lab 1, part B: your first kprobe client, in C.  Built into the kernel
 * with EXTRA_KTESTS (make grade LAB=1 does it for you); the tests that
 * call these functions are in test_lab1.c, next to this file.
 *
 * See README.md in this folder for the steps.
 */
#include <sonde/errno.h>
#include <sonde/kprobes.h>

int fib(int n);                     /* shell/workloads.c */

/* How many calls of fib your pre handler saw, and the argument of the
 * latest one. */
unsigned long lab1_calls;
long lab1_last_n;

static int lab1_pre(struct kprobe *p, struct pt_regs *regs)   /* LAB 1: BEGIN count */
{
	(void)p;
	lab1_calls++;
	lab1_last_n = (long)regs_get_argument(regs, 0);
	return 0;
}

struct kprobe lab1_probe = { .symbol_name = "fib", .pre_handler = lab1_pre };   /* LAB 1: END count */

/* Register lab1_probe: 0, or the error register_kprobe() gave. */
int lab1_start(void)
{
	return register_kprobe(&lab1_probe);    /* LAB 1: BEGIN start */ /* LAB 1: END start */
}

void lab1_stop(void)
{
	unregister_kprobe(&lab1_probe);         /* LAB 1: BEGIN stop */ /* LAB 1: END stop */
}

static int lab1_nested_pre(struct kprobe *p, struct pt_regs *regs)   /* LAB 1: BEGIN nested */
{
	(void)p;
	(void)regs;
	fib(3);                             /* hits fib's probe again, inside this one */
	return 0;
}

struct kprobe lab1_nested = { .symbol_name = "fib", .pre_handler = lab1_nested_pre };   /* LAB 1: END nested */

/* LAB 1: STUB count
 * // LAB 1: step 3: write lab1_pre(), a pre handler that adds one to
 * // lab1_calls and keeps fib's first argument in lab1_last_n, and make
 * // lab1_probe a kprobe on the symbol "fib" that uses it.
 * struct kprobe lab1_probe;
 */

/* LAB 1: STUB start
 *	return -ENOSYS;     // LAB 1: step 3: register lab1_probe
 */

/* LAB 1: STUB stop
 *	// LAB 1: step 3: unregister lab1_probe
 */

/* LAB 1: STUB nested
 * // LAB 1: step 5: write lab1_nested_pre(), a pre handler that calls
 * // fib(3) itself, and make lab1_nested a kprobe on "fib" that uses it.
 * struct kprobe lab1_nested;
 */
