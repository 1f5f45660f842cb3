/*
 * Many probes at once: 1,000 sites registered, hit, and unregistered,
 * after which every byte of the kernel's text must be as it was.
 *
 * The sites are every instruction boundary of functions that are not
 * running while this test runs: the other tests' bodies and the shell's
 * commands.  Each probe counts its hits, and we call a few of those
 * functions with the probes in place.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

#define NR_MANY 1000

/* FNV-1a over the kernel's code (x86_common/test_optprobes.c uses it too). */
uint32_t text_checksum(void);
uint32_t text_checksum(void)
{
	uint32_t h = 2166136261u;

	for (const uint8_t *p = (const uint8_t *)_text_start; p < (const uint8_t *)_text_end; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static bool is_victim(const struct ksym *s)
{
	if (!ksym_is_function(s) || s->size == 0 || kprobe_on_blacklist(s->addr))
		return false;
	if (strcmp(s->name, "ktest_fn_thousand_probes_restore_text") == 0)
		return false;                          /* ourselves */
	return strncmp(s->name, "ktest_fn_", 9) == 0 || strncmp(s->name, "cmd_", 4) == 0;
}

static unsigned long many_hits;
static int count_many(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; many_hits++; return 0; }

int ktest_many_target(int x);
__attribute__((noipa, used)) int ktest_many_target(int x) { return x * 2 + 1; }

KTEST(thousand_probes_restore_text)
{
	struct kprobe *probes = kmalloc(NR_MANY * sizeof(*probes));
	struct kprobe target = { .symbol_name = "ktest_many_target", .pre_handler = count_many };
	uint32_t before = text_checksum();
	int n = 0, refused = 0;

	KT_ASSERT(probes != NULL);
	int sites_before = kprobes_count();
	for (int i = 0; i < ksym_count() && n < NR_MANY; i++) {
		const struct ksym *s = ksym_at(i);
		if (!is_victim(s))
			continue;
		for (unsigned long off = 0; off < s->size && n < NR_MANY; off++) {
			struct kprobe *p = &probes[n];
			memset(p, 0, sizeof(*p));
			p->addr = (kprobe_opcode_t *)(s->addr + off);
			p->pre_handler = count_many;
			int err = register_kprobe(p);
			if (err == 0)
				n++;
			else if (err == -EILSEQ || err == -EINVAL)
				refused++;            /* mid-instruction, or unsafe */
			else
				ktest_fail(__FILE__, __LINE__, "%s+%lu: %s", s->name, off,
					   errno_name(err));
		}
	}
	KT_EXPECT_EQ(n, NR_MANY);
	KT_EXPECT_EQ(kprobes_count(), sites_before + n);
	KT_EXPECT(text_checksum() != before);     /* the breakpoints are in */

	/* One more probe among a thousand still fires, once per call. */
	many_hits = 0;
	KT_ASSERT(register_kprobe(&target) == 0);
	KT_EXPECT_EQ(ktest_many_target(20), 41);
	KT_EXPECT_EQ(many_hits, 1);
	unregister_kprobe(&target);

	for (int i = 0; i < n; i++)
		unregister_kprobe(&probes[i]);
	KT_EXPECT_EQ(kprobes_count(), sites_before);
	KT_EXPECT_EQ(text_checksum(), before);    /* every byte restored */
	kfree(probes);
}
