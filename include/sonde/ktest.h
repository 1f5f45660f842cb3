/*
 * In-kernel tests.
 *
 *   KTEST(sleep_wakes_on_time)
 *   {
 *           uint64_t t0 = jiffies;
 *           task_sleep(3);
 *           KT_EXPECT(jiffies - t0 >= 3);
 *   }
 *
 * A test is a function registered by KTEST(); the linker collects them
 * into one table.  Booting with test=all (or test=NAME, or a comma
 * list) runs them in order, each in a task of its own, and prints TAP
 * on the console:
 *
 *   TAP version 13
 *   1..2
 *   ok 1 - sleep_wakes_on_time
 *   not ok 2 - something
 *   #   tests/kernel/foo.c:42: expected a == b (3 != 4)
 *   # 1 passed, 1 failed
 *
 * Each test is wrapped in a leak check: every LEAK_COUNTER (pages,
 * heap objects and tasks from kernel/ktest.c, probe sites from the
 * probe engine) is read before and after, and a difference fails the
 * test.  The kernel then powers off with POWEROFF_TEST_PASS or
 * POWEROFF_TEST_FAIL.
 */
#ifndef SONDE_KTEST_H
#define SONDE_KTEST_H

#include <sonde/types.h>
#include <sonde/printk.h>

struct ktest {
	const char *name;
	void (*fn)(void);
	const char *file;
};

#define KTEST(name_)                                                      \
	static void ktest_fn_##name_(void);                                \
	static const struct ktest ktest_##name_                            \
	__attribute__((used, section(".table.ktests"), aligned(sizeof(void *)))) = {   \
		.name = #name_, .fn = ktest_fn_##name_, .file = __FILE__ }; \
	static void ktest_fn_##name_(void)

/* Record a failure (the test goes on). */
void ktest_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4);

#define KT_EXPECT(cond) do { if (!(cond)) \
	ktest_fail(__FILE__, __LINE__, "expected %s", #cond); } while (0)

/* Compare two integers and show both values when they differ. */
#define KT_EXPECT_EQ(a, b) do {                                           \
	long long a_ = (long long)(a), b_ = (long long)(b);               \
	if (a_ != b_) ktest_fail(__FILE__, __LINE__,                      \
		"expected %s == %s (%lld != %lld)", #a, #b, a_, b_); } while (0)

/* Stop the test here if cond is false (it ends the test's task). */
#define KT_ASSERT(cond) do { if (!(cond)) {                              \
	ktest_fail(__FILE__, __LINE__, "assertion %s failed", #cond);     \
	ktest_abort(); } } while (0)
__noreturn void ktest_abort(void);

/*
 * A count the runner compares before and after every test, declared by
 * the subsystem that owns it, so the runner needs no list of them:
 *
 *   LEAK_COUNTER("probe site(s) left registered", kprobes_count);
 *
 * fails a test after which kprobes_count() differs, with the message
 * "leak check: 1 probe site(s) left registered".
 */
struct leak_counter {
	const char *what;
	int (*count)(void);
};
#define LEAK_COUNTER(what_, count_)                                       \
	static const struct leak_counter leak_counter_##count_             \
	__attribute__((used, section(".table.leakcounters"), aligned(sizeof(void *)))) = { \
		.what = what_, .count = count_ }

/*
 * Run the tests selected by spec ("all", a name, or "a,b,c").
 * Returns the number that failed, or -ENOENT if spec matched none.
 */
int ktest_run(const char *spec);
/* Print every test name. */
void ktest_list(void);

#endif
