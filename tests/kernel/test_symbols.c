/* Tests of the kernel's own symbol table. */
#include <sonde/ktest.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <arch/regs.h>

int ktest_symbol_target(int x);
int ktest_symbol_target(int x) { return x * 3 + 1; }

static int ktest_static_function(int x) { return x + 2; }
int ktest_symbol_object = 5;

KTEST(symbol_lookup_by_name)
{
	const struct ksym *s = ksym_by_name("ktest_symbol_target");

	KT_ASSERT(s != NULL);
	KT_EXPECT(s->addr == func_entry(ktest_symbol_target));
	KT_EXPECT(s->size > 0);
	KT_EXPECT(ksym_is_function(s));

	s = ksym_by_name("ktest_static_function");     /* static names too */
	KT_ASSERT(s != NULL);
	KT_EXPECT(s->addr == func_entry(ktest_static_function));
	KT_EXPECT(ktest_static_function(1) == 3);

	s = ksym_by_name("ktest_symbol_object");
	KT_ASSERT(s != NULL);
	KT_EXPECT(s->addr == (unsigned long)&ktest_symbol_object);
	KT_EXPECT(!ksym_is_function(s));

	KT_EXPECT(ksym_by_name("no_such_symbol_anywhere") == NULL);
	KT_EXPECT(ksym_by_name("kmain") != NULL);
}

KTEST(symbol_lookup_by_address)
{
	unsigned long f = func_entry(ktest_symbol_target);
	const struct ksym *s = ksym_by_addr(f + 2);
	char buf[64];

	KT_ASSERT(s != NULL);
	KT_EXPECT(strcmp(s->name, "ktest_symbol_target") == 0);
	ksym_format(f + 2, buf, sizeof(buf));
	KT_EXPECT(strcmp(buf, "ktest_symbol_target+0x2") == 0);
	ksym_format(f, buf, sizeof(buf));
	KT_EXPECT(strcmp(buf, "ktest_symbol_target+0x0") == 0);
	ksym_format(1, buf, sizeof(buf));               /* below the kernel */
	KT_EXPECT(strcmp(buf, "0x1") == 0);

	/* The table is sorted, and every entry finds itself. */
	for (int i = 1; i < ksym_count(); i++)
		KT_EXPECT(ksym_at(i - 1)->addr <= ksym_at(i)->addr);
	for (int i = 0; i < ksym_count(); i++)
		KT_EXPECT(ksym_by_addr(ksym_at(i)->addr)->addr == ksym_at(i)->addr);
}
