/*
 * In-kernel tests: KTEST(name) { ... KT_EXPECT(cond); ... }, run by
 * test=all (or NAME, or A,B), each in a task of its own and checked for
 * leaks, with TAP on the console (docs/architecture.md, "The test
 * runner").
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

/* A count compared before and after every test, declared by its owner:
 * LEAK_COUNTER("probe site(s) left registered", kprobes_count). */
struct leak_counter {
	const char *what;
	int (*count)(void);
};
#define LEAK_COUNTER(what_, count_)                                       \
	static const struct leak_counter leak_counter_##count_             \
	__attribute__((used, section(".table.leakcounters"), aligned(sizeof(void *)))) = { \
		.what = what_, .count = count_ }

/* Run "all", a name, or "a,b,c": how many failed, or -ENOENT. */
int ktest_run(const char *spec);
/* Print every test name. */
void ktest_list(void);

#endif
