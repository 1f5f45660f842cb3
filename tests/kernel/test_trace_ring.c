/*
 * The trace ring's overflow accounting: a record larger than one of
 * the ring's blocks (an eighth of it) cannot be stored, and must be
 * counted as dropped.
 *
 * The harness boots with the default 16 KiB ring, whose 2 KiB blocks
 * hold even the largest record.  So the test shrinks the ring for a moment through the
 * trace_buf= handler: the ring was allocated at boot with its full size,
 * so using only its first 1024 bytes is safe, and the size is put back
 * afterwards.  Like "bench", it empties the trace buffer.
 */
#include <sonde/ktest.h>
#include <sonde/bootargs.h>
#include <events/events.h>
#include <shell/shell.h>
#include <sonde/string.h>

#include <sonde/ring.h>
#include <sonde/task.h>
#include "events/internal.h"     /* trace_ring, trace_clear, trace_print */

/* The figures "trace" starts with. */
static void trace_stats(size_t *size, unsigned long *records, unsigned long *dropped)
{
	*size = trace_ring.size;
	*records = ring_records(&trace_ring);
	*dropped = trace_ring.dropped;
}

__attribute__((noipa, used)) int ring_target(int a) { return a + 1; }

static int run(const char *line)
{
	char buf[SHELL_LINE_MAX];

	strlcpy(buf, line, sizeof(buf));
	return shell_execute(buf);
}

KTEST(trace_record_larger_than_the_ring_is_dropped)
{
	static char line[EVENT_LINE_MAX];
	char arg[32];
	size_t size, small_size;
	unsigned long records, dropped;

	trace_stats(&size, &records, &dropped);
	bootargs_parse("trace_buf=1024");
	trace_clear();
	trace_stats(&small_size, &records, &dropped);
	KT_EXPECT_EQ(small_size, 1024);

	/* 120 arguments: 9 bytes each in the record before any string, so
	 * more than the whole 1024 bytes, let alone a block of 128 --
	 * reachable only through the C API, whose lines may be longer
	 * than the shell's. */
	size_t n = strlcpy(line, "p:ringtest/big ring_target", sizeof(line));
	for (int i = 0; i < 120; i++)
		n += strlcpy(line + n, " $comm", sizeof(line) - n);
	KT_ASSERT(n < sizeof(line));
	KT_EXPECT_EQ(event_command(line), 0);
	KT_EXPECT_EQ(event_command("p:ringtest/small ring_target a=$arg1"), 0);
	KT_EXPECT_EQ(run("enable ringtest/big"), 0);
	KT_EXPECT_EQ(run("enable ringtest/small"), 0);

	KT_EXPECT_EQ(ring_target(1), 2);          /* one record too big, one fine */
	KT_EXPECT_EQ(ring_target(2), 3);
	trace_stats(&small_size, &records, &dropped);
	KT_EXPECT_EQ(records, 2);                 /* the small ones */
	KT_EXPECT_EQ(dropped, 2);                 /* the big ones, counted */
	trace_print();                            /* the report, in the log */

	KT_EXPECT_EQ(run("disable ringtest/big"), 0);
	KT_EXPECT_EQ(run("disable ringtest/small"), 0);
	KT_EXPECT_EQ(event_command("-:ringtest/big"), 0);
	KT_EXPECT_EQ(event_command("-:ringtest/small"), 0);

	snprintk(arg, sizeof(arg), "trace_buf=%zu", size);
	bootargs_parse(arg);
	trace_clear();
	trace_stats(&small_size, &records, &dropped);
	KT_EXPECT_EQ(small_size, size);
}

/*
 * The terms the hit's own loop fetches (events/trace.c, leaf()) and the
 * same words reached through +OFFS(...), which only the general walk
 * (fetch()) reads, must agree: $stackN (one check for the record, on
 * the task's stack) against +OFFS($stack) (a checked read each), and
 * $argN and a register against what the caller passed.
 */
__attribute__((noipa, used)) long fetch_target(long *p, long b) { return *p + b; }

#if defined(__x86_64__)
#define ARG1_REG " r=%di"
#elif defined(__powerpc64__)
#define ARG1_REG " r=%r3"
#elif defined(__sparc__)
#define ARG1_REG " r=%o0"
#elif defined(__ia64__)
#define ARG1_REG " r=%r32"
#else
#define ARG1_REG ""            /* i386: every argument is on the stack */
#endif

KTEST(trace_fetch_terms_agree_with_the_general_walk)
{
	static long word = 0x5a5a;
	static uint64_t rec[2048 / 8];
	const struct trace_record *r = (const struct trace_record *)rec;
	char line[EVENT_LINE_MAX];
	uint64_t pos = 0;
	int w = (int)sizeof(long);

	snprintk(line, sizeof(line), "p:ktfetch/t fetch_target a=$arg1 b=$arg2 s0=$stack0 s3=$stack3"
		 " w0=+0($stack) w3=+%d($stack) p=+0($arg1) sp=$stack%s", 3 * w, ARG1_REG);
	KT_EXPECT_EQ(event_command(line), 0);
	KT_EXPECT_EQ(run("enable ktfetch/t"), 0);
	trace_clear();
	KT_EXPECT_EQ(fetch_target(&word, 7), 0x5a5a + 7);
	KT_EXPECT_EQ(run("disable ktfetch/t"), 0);
	KT_ASSERT(ring_read(&trace_ring, &pos, rec));
	KT_EXPECT_EQ(r->head.nargs, sizeof(ARG1_REG) > 1 ? 9 : 8);
	KT_EXPECT_EQ(r->data[0], (uint64_t)(unsigned long)&word);
	KT_EXPECT_EQ(r->data[1], 7);
	KT_EXPECT_EQ(r->data[2], r->data[4]);
	KT_EXPECT_EQ(r->data[3], r->data[5]);
	KT_EXPECT_EQ(r->data[6], 0x5a5a);
	/* $stack was on this task's stack: the loop read $stackN itself. */
	KT_EXPECT(r->data[7] - (unsigned long)current->stack < TASK_STACK_SIZE);
	if (sizeof(ARG1_REG) > 1)
		KT_EXPECT_EQ(r->data[8], r->data[0]);
	KT_EXPECT_EQ(event_command("-:ktfetch/t"), 0);
	trace_clear();
}
