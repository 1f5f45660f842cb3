/*
 * The test that proves the latency probe type works -- the last step of
 * docs/adding-a-probe-type.md.  It defines an "l" event, checks that it
 * starts disabled and records nothing, enables it, calls the function
 * four times, and checks that exactly four calls were measured.
 */
#include <sonde/ktest.h>
#include <events/events.h>
#include <shell/shell.h>
#include <sonde/string.h>

int lat_work(int n);
__attribute__((noipa, used)) int lat_work(int n)
{
	volatile int sum = 0;

	for (int i = 0; i < n; i++)
		sum += i;
	return n;
}

KTEST(latency_type_measures_every_call)
{
	struct event *ev;

	KT_ASSERT(event_command("l:lat/work lat_work") == 0);
	ev = event_lookup("lat/work");
	KT_ASSERT(ev != NULL);
	KT_EXPECT(strcmp(ev->type->name, "latency") == 0);
	KT_EXPECT(!ev->enabled);                     /* events start disabled */

	KT_EXPECT_EQ(lat_work(10), 10);
	KT_EXPECT_EQ(ev->hits, 0);                   /* ... and record nothing */

	char on[] = "enable lat/work", off[] = "disable lat/work";
	KT_ASSERT(shell_execute(on) == 0);
	for (int n = 1; n <= 1000; n *= 10)
		KT_EXPECT_EQ(lat_work(n), n);
	KT_ASSERT(shell_execute(off) == 0);

	KT_EXPECT_EQ(ev->hits, 4);                   /* one per call */
	KT_EXPECT_EQ(ev->missed(ev), 0);
	ev->type->show(ev);                          /* the histogram, for the log */
	KT_EXPECT_EQ(event_command("-:lat/work"), 0);
}
