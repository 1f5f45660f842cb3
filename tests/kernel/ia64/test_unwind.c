/*
 * The ia64 unwinder searches the backing store for saved b0s (trap.c),
 * so a frame that keeps a copy of a return address in a register, with
 * a frame-marker look-alike right after it, must not add an entry: the
 * saved ar.pfs has to be the caller's own, as its alloc says.  Here the
 * copy is the leaf's first argument and the look-alike its second, both
 * in stacked input registers above the real caller's saved b0.
 */
#include <sonde/ktest.h>
#include <sonde/trap.h>
#include <sonde/symbols.h>
#include <sonde/string.h>

static unsigned long unw_trace[16];
static int unw_n;

static __attribute__((noinline)) unsigned long unw_ret_addr(void)
{
	return (unsigned long)__builtin_return_address(0);
}

static __attribute__((noinline)) int unw_leaf(unsigned long ret, unsigned long marker)
{
	unw_n = stack_trace_save(unw_trace, 16);
	__asm__ volatile("" : : "r"(ret), "r"(marker));   /* kept in in0, in1 */
	return unw_n;
}

/* A return address into unw_mid, and a marker (sol 2, sof 2) that is
 * not unw_mid's. */
static __attribute__((noinline)) int unw_mid(void)
{
	return unw_leaf(unw_ret_addr(), 0x102) + 1;
}

static __attribute__((noinline)) int unw_top(void)
{
	return unw_mid() + 1;
}

static const char *unw_name(int i)
{
	const struct ksym *s = i < unw_n ? ksym_by_addr(unw_trace[i]) : NULL;

	return s ? s->name : "?";
}

KTEST(ia64_unwind_skips_stray_return_addresses)
{
	int i = 0;

	unw_top();
	while (i < unw_n && strcmp(unw_name(i), "unw_mid") != 0)
		i++;
	KT_ASSERT(i < unw_n);
	KT_EXPECT(strcmp(unw_name(i + 1), "unw_top") == 0);
}
