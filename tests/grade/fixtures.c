/*
 * Fixtures for make grade's self-test (tests/grade/grade.txt): only a
 * kernel built for that test has them, never make test's.
 */
#include <sonde/ktest.h>
#include <sonde/printk.h>
#include <sonde/task.h>

KTEST(grade_fixture_passes)
{
	KT_EXPECT_EQ(1 + 1, 2);
}

KTEST(grade_fixture_fails)
{
	KT_EXPECT_EQ(1 + 1, 3);
}

KTEST(grade_fixture_panics)
{
	panic("grade fixture: a panic on purpose");
}

KTEST(grade_fixture_hangs)
{
	for (;;)
		task_sleep(100);
}
