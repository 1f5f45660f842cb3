/*
 * The trace ring's overflow accounting: a record larger than the whole
 * ring cannot be stored, and must be counted as dropped.
 *
 * The harness boots with the default 16 KiB ring, which holds even the
 * largest record.  So the test shrinks the ring for a moment through the
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
#include "events/internal.h"     /* trace_ring, trace_clear, trace_print */

/* The figures "trace" starts with. */
static void trace_stats(size_t *size, unsigned long *records, unsigned long *dropped)
{
	*size = trace_ring.size;
	*records = trace_ring.records;
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
	 * more than 1024 bytes -- reachable only through the C API, whose
	 * lines may be longer than the shell's. */
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
