/*
 * Jump-optimised probes on x86 (probe/optprobes.c,
 * arch/x86_common/kprobes_opt.c): which sites become a jmp, that the
 * relocated instructions compute what the originals did, that the
 * bytes come back exactly, and that hits through a detour behave as
 * int3 hits do (regs, nmissed, kretprobes).  Every test turns
 * optimisation on for itself and puts the setting back afterwards.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/task.h>

typedef int (*target_fn)(void);

int op_plain(void), op_jmp8(void), op_jcc8_taken(void), op_jcc8_not(void);
int op_jmp32(void), op_jcc32(void), op_call(void), op_pushf(void);
int op_target_inside(void), op_near_end(void), op_unrelocatable(void), op_indirect(void);
#ifdef __x86_64__
int op_rip_load(void), op_rip_lea(void), op_rip_store(void);
#endif

static const struct site {
	const char *name;
	target_fn fn;
	unsigned offset;             /* where the probe goes */
	int result;
	unsigned long hits;          /* per call */
	bool optimised;              /* or refused: stays int3 */
} sites[] = {
	{ "plain", op_plain, 0, 3, 1, true },
	{ "jmp rel8", op_jmp8, 0, 7, 1, true },
	{ "jcc rel8 taken", op_jcc8_taken, 0, 5, 1, true },
	{ "jcc rel8 not taken", op_jcc8_not, 0, 14, 1, true },
	{ "jmp rel32", op_jmp32, 0, 11, 1, true },
	{ "jcc rel32", op_jcc32, 0, 12, 1, true },
	{ "call rel32", op_call, 0, 21, 1, true },
	{ "pushf", op_pushf, 0, 0x200, 1, true },
#ifdef __x86_64__
	{ "rip-relative load", op_rip_load, 0, 0x5a5a, 1, true },
	{ "rip-relative lea", op_rip_lea, 0, 0x5a5a, 1, true },
	{ "rip-relative store", op_rip_store, 0, 0x77, 1, true },
#endif
	{ "jump target inside", op_target_inside, 0, 3, 1, false },
	{ "near the end", op_near_end, 2, 4, 1, false },
	{ "loop", op_unrelocatable, 7, 2, 2, false },
	{ "indirect jump", op_indirect, 0, 6, 1, false },
};

static bool saved_setting;
static void optimise_on(void) { saved_setting = kprobes_optimize; kprobes_set_optimize(true); }
static void optimise_back(void) { kprobes_set_optimize(saved_setting); }

/* The pre handler records what a hit saw. */
static unsigned long hits, seen_ip, seen_sp, seen_flags, seen_arg;
static int record(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	hits++;
	seen_ip = instruction_pointer(regs);
	seen_sp = stack_pointer(regs);
	seen_flags = regs->flags;
	seen_arg = regs_get_argument(regs, 0);
	return 0;
}

KTEST(optprobe_relocates_every_class_or_refuses)
{
	optimise_on();
	for (unsigned i = 0; i < ARRAY_SIZE(sites); i++) {
		const struct site *s = &sites[i];
		uint8_t *at = (uint8_t *)func_entry((const void *)s->fn) + s->offset, before[8];
		struct kprobe kp = { .addr = at, .pre_handler = record };

		memcpy(before, at, sizeof(before));
		KT_ASSERT(register_kprobe(&kp) == 0);
		if (kprobe_optimized((unsigned long)at) != s->optimised)
			ktest_fail(__FILE__, __LINE__, "%s: %s", s->name,
				   s->optimised ? "not optimised" : "optimised, but must not be");
		KT_EXPECT_EQ(at[0], s->optimised ? 0xe9 : 0xcc);
		hits = 0;
		int r = s->fn();
		if (r != s->result)
			ktest_fail(__FILE__, __LINE__, "%s returned %d, not %d", s->name, r, s->result);
		if (hits != s->hits || seen_ip != (unsigned long)at + 1)   /* as int3 shows it */
			ktest_fail(__FILE__, __LINE__, "%s: %lu hits, ip %p", s->name, hits,
				   (void *)seen_ip);
		unregister_kprobe(&kp);
		KT_EXPECT(memcmp(before, at, sizeof(before)) == 0);
	}
	optimise_back();
}

/* Members that need the trap keep the site on int3. */
static void post(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; }
static int fault(struct kprobe *p, struct pt_regs *r, int t) { (void)p; (void)r; (void)t; return 0; }
static int jentry(void) { jprobe_return(); return 0; }

KTEST(optprobe_post_fault_jprobe_stay_int3)
{
	uint8_t *at = (uint8_t *)op_plain;
	struct kprobe kp = { .addr = at, .pre_handler = record };
	struct kprobe kpost = { .addr = at, .post_handler = post };
	struct kprobe kfault = { .addr = at, .pre_handler = record, .fault_handler = fault };
	struct jprobe jp = { .kp.addr = at, .entry = (void *)jentry };

	optimise_on();
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT(kprobe_optimized((unsigned long)at));
	KT_ASSERT(register_kprobe(&kpost) == 0);
	KT_EXPECT(!kprobe_optimized((unsigned long)at));
	KT_EXPECT_EQ(at[0], 0xcc);
	unregister_kprobe(&kpost);
	KT_EXPECT(kprobe_optimized((unsigned long)at));   /* a jmp again */
	KT_ASSERT(register_kprobe(&kfault) == 0);
	KT_EXPECT(!kprobe_optimized((unsigned long)at));
	unregister_kprobe(&kfault);
	KT_ASSERT(register_jprobe(&jp) == 0);
	KT_EXPECT(!kprobe_optimized((unsigned long)at));
	hits = 0;
	KT_EXPECT_EQ(op_plain(), 3);
	KT_EXPECT_EQ(hits, 1);
	unregister_jprobe(&jp);
	KT_EXPECT(kprobe_optimized((unsigned long)at));
	unregister_kprobe(&kp);
	optimise_back();
}

KTEST(optprobe_disable_enable_unregister_restore_bytes)
{
	uint8_t *at = (uint8_t *)op_jcc32, before[16];
	struct kprobe kp = { .addr = at, .pre_handler = record };

	memcpy(before, at, sizeof(before));
	optimise_on();
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT_EQ(at[0], 0xe9);
	KT_EXPECT(memcmp(before + 5, at + 5, sizeof(before) - 5) == 0);
	KT_ASSERT(disable_kprobe(&kp) == 0);
	KT_EXPECT(memcmp(before, at, sizeof(before)) == 0);
	KT_ASSERT(enable_kprobe(&kp) == 0);
	KT_EXPECT_EQ(at[0], 0xe9);
	kprobes_set_optimize(false);      /* off: int3, the tail as it was */
	KT_EXPECT_EQ(at[0], 0xcc);
	KT_EXPECT(memcmp(before + 1, at + 1, sizeof(before) - 1) == 0);
	kprobes_set_optimize(true);
	KT_EXPECT_EQ(at[0], 0xe9);
	hits = 0;
	KT_EXPECT_EQ(op_jcc32(), 12);
	KT_EXPECT_EQ(hits, 1);
	unregister_kprobe(&kp);
	KT_EXPECT(memcmp(before, at, sizeof(before)) == 0);
	optimise_back();
}

/* The handler sees the same registers through the detour as at int3. */
int opt_regs_target(int x);
static __attribute__((noipa)) int opt_identity(int x) { return x; }
/* Not a leaf, so it has a frame (and a call) under the jmp. */
__attribute__((noipa, used)) int opt_regs_target(int x) { return opt_identity(x) * 3; }

KTEST(optprobe_handler_sees_int3_registers)
{
	struct kprobe kp = { .symbol_name = "opt_regs_target", .pre_handler = record };
	unsigned long ip[2], sp[2], fl[2], arg[2];

	optimise_on();
	for (int opt = 0; opt < 2; opt++) {
		kprobes_set_optimize(opt);
		KT_ASSERT(register_kprobe(&kp) == 0);
		KT_EXPECT_EQ(kprobe_optimized((unsigned long)kp.addr), opt);
		KT_EXPECT_EQ(opt_regs_target(14), 42);
		ip[opt] = seen_ip;
		sp[opt] = seen_sp;
		fl[opt] = seen_flags;
		arg[opt] = seen_arg;
		unregister_kprobe(&kp);
	}
	KT_EXPECT_EQ(ip[1], ip[0]);
	KT_EXPECT_EQ(sp[1], sp[0]);
	KT_EXPECT_EQ(fl[1] & 0x8d5, fl[0] & 0x8d5);   /* the arithmetic flags */
	KT_EXPECT_EQ(fl[1] & 0x200, fl[0] & 0x200);   /* and IF */
	KT_EXPECT_EQ(arg[1], 14);
	KT_EXPECT_EQ(arg[0], 14);
	optimise_back();
}

/*
 * The whole struct pt_regs, through the detour as at int3: every
 * general register as the probed code had it, and a handler's write
 * to ax taking effect while the other registers come through intact.
 */
int op_regs(void);
extern const unsigned long op_regs_site;   /* optprobe_targets.S */
static const unsigned long regs_expected[] = {
	0xa0, 0xb0, 0xc0, 0xd0, 0x51, 0xd1, 0xb1,
#ifdef __x86_64__
	0x108, 0x109, 0x110, 0x111, 0x112, 0x113, 0x114, 0x115,
#endif
};
static unsigned long regs_seen[ARRAY_SIZE(regs_expected)];

static int see_all_set_ax(struct kprobe *p, struct pt_regs *r)
{
	unsigned long all[] = { r->ax, r->bx, r->cx, r->dx, r->si, r->di, r->bp,
#ifdef __x86_64__
				r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15,
#endif
	};
	(void)p;
	memcpy(regs_seen, all, sizeof(all));
	r->ax = 7;
	return 0;
}

KTEST(optprobe_handler_sees_and_sets_every_register)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)op_regs_site, .pre_handler = see_all_set_ax };
	unsigned long others = 0;

	for (unsigned i = 1; i < ARRAY_SIZE(regs_expected); i++)
		others += regs_expected[i];
	optimise_on();
	for (int opt = 0; opt < 2; opt++) {
		kprobes_set_optimize(opt);
		KT_ASSERT(register_kprobe(&kp) == 0);
		KT_EXPECT_EQ(kprobe_optimized((unsigned long)kp.addr), opt);
		memset(regs_seen, 0, sizeof(regs_seen));
		KT_EXPECT_EQ((unsigned long)op_regs(), 7 + others);
		for (unsigned i = 0; i < ARRAY_SIZE(regs_expected); i++)
			if (regs_seen[i] != regs_expected[i])
				ktest_fail(__FILE__, __LINE__, "optimised %d: register %u is %#lx, not %#lx",
					   opt, i, regs_seen[i], regs_expected[i]);
		unregister_kprobe(&kp);
	}
	optimise_back();
}

/* A handler may send the ip elsewhere, as at int3 (returning 1). */
static int redirect(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	regs->ip = func_entry((const void *)op_jmp8);   /* returns 7 */
	return 1;
}

KTEST(optprobe_handler_may_move_the_ip)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)op_plain, .pre_handler = redirect };

	optimise_on();
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT(kprobe_optimized((unsigned long)kp.addr));
	KT_EXPECT_EQ(op_plain(), 7);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(op_plain(), 3);
	optimise_back();
}

/* A hit inside a handler runs no handler and counts nmissed, exactly. */
static struct kprobe inner_kp;
static int call_inner(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; return op_jmp32() - 11; }

KTEST(optprobe_reentrant_hits_count_nmissed)
{
	struct kprobe outer = { .addr = (kprobe_opcode_t *)op_plain, .pre_handler = call_inner };

	memset(&inner_kp, 0, sizeof(inner_kp));
	inner_kp.addr = (kprobe_opcode_t *)op_jmp32;
	inner_kp.pre_handler = record;
	optimise_on();
	KT_ASSERT(register_kprobe(&outer) == 0);
	KT_ASSERT(register_kprobe(&inner_kp) == 0);
	KT_EXPECT(kprobe_optimized((unsigned long)outer.addr));
	KT_EXPECT(kprobe_optimized((unsigned long)inner_kp.addr));
	hits = 0;
	for (int i = 0; i < 5; i++)
		KT_EXPECT_EQ(op_plain(), 3);
	KT_EXPECT_EQ(outer.nhit, 5);
	KT_EXPECT_EQ(outer.nmissed, 0);
	KT_EXPECT_EQ(inner_kp.nhit, 0);
	KT_EXPECT_EQ(inner_kp.nmissed, 5);
	KT_EXPECT_EQ(hits, 0);
	KT_EXPECT_EQ(op_jmp32(), 11);     /* not inside a hit: it runs */
	KT_EXPECT_EQ(inner_kp.nhit, 1);
	KT_EXPECT_EQ(hits, 1);
	unregister_kprobe(&inner_kp);
	unregister_kprobe(&outer);
	optimise_back();
}

/* A kretprobe and a kprobe on one optimised entry: both fire. */
static unsigned long rets, ret_value;
static int on_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	rets++;
	ret_value = regs_return_value(regs);
	return 0;
}

KTEST(optprobe_kretprobe_and_kprobe_on_one_entry)
{
	struct kprobe kp = { .symbol_name = "opt_regs_target", .pre_handler = record };
	struct kretprobe rp = { .kp.symbol_name = "opt_regs_target", .handler = on_return };

	optimise_on();
	KT_ASSERT(register_kretprobe(&rp) == 0);
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT(kprobe_optimized((unsigned long)kp.addr));
	/* The return trampoline's probe is a jmp too: no trap at either end. */
	KT_EXPECT(kprobe_optimized((unsigned long)kretprobe_trampoline));
	hits = rets = 0;
	for (int i = 1; i <= 3; i++)
		KT_EXPECT_EQ(opt_regs_target(i), 3 * i);
	KT_EXPECT_EQ(hits, 3);
	KT_EXPECT_EQ(rets, 3);
	KT_EXPECT_EQ(ret_value, 9);
	KT_EXPECT_EQ(rp.nmissed, 0);
	KT_EXPECT_EQ(rp.kp.nhit, 3);
	unregister_kprobe(&kp);
	unregister_kretprobe(&rp);
	optimise_back();
}

/*
 * Tasks call through the site while it changes between int3 and jmp:
 * every call computes the right result and is counted exactly once.
 * Preempted tasks sit inside the site's bytes and inside detours, so
 * this exercises the stack checks of probe/optprobes.c.
 */
static volatile bool stop;
static unsigned long calls[2], wrong;
static int runner(void *arg)
{
	unsigned long *n = arg;

	while (!stop) {
		if (op_jcc8_not() != 14 || op_call() != 21)
			wrong++;
		(*n)++;
	}
	return 0;
}

KTEST(optprobe_toggled_while_tasks_run_through)
{
	struct kprobe a = { .addr = (kprobe_opcode_t *)op_jcc8_not, .pre_handler = record };
	struct kprobe b = { .addr = (kprobe_opcode_t *)op_call, .pre_handler = record };
	uint8_t before[16];
	int pid[2];

	memcpy(before, (void *)op_jcc8_not, sizeof(before));
	optimise_on();
	KT_ASSERT(register_kprobe(&a) == 0);
	KT_ASSERT(register_kprobe(&b) == 0);
	stop = false;
	wrong = calls[0] = calls[1] = 0;
	for (int i = 0; i < 2; i++)
		KT_ASSERT((pid[i] = task_create(runner, &calls[i], "opt-runner")) > 0);
	for (int round = 0; round < 16; round++) {
		task_sleep(1);
		kprobes_set_optimize(round & 1);
		if (round % 3 == 0) {
			KT_EXPECT(disable_kprobe(&a) == 0);
			task_yield();
			KT_EXPECT(enable_kprobe(&a) == 0);
		}
	}
	stop = true;
	for (int i = 0; i < 2; i++)
		KT_EXPECT_EQ(task_wait(pid[i], NULL), 0);
	KT_EXPECT_EQ(wrong, 0);
	KT_EXPECT(calls[0] > 0 && calls[1] > 0);
	/* b was never disabled: every call of op_call hit it once. */
	KT_EXPECT_EQ(b.nhit, calls[0] + calls[1]);
	KT_EXPECT_EQ(b.nmissed, 0);
	unregister_kprobe(&a);
	unregister_kprobe(&b);
	KT_EXPECT(memcmp(before, (void *)op_jcc8_not, sizeof(before)) == 0);
	optimise_back();
}

/* 1,000 optimised probes, hit, unregistered: .text as it was. */
#define NR_OPT 1000

uint32_t text_checksum(void);        /* tests/kernel/test_kprobes_many.c */

static bool is_victim(const struct ksym *s)
{
	return ksym_is_function(s) && s->size && !kprobe_on_blacklist(s->addr) &&
	       strcmp(s->name, "ktest_fn_optprobe_thousand_sites_restore_text") != 0 &&
	       (strncmp(s->name, "ktest_fn_", 9) == 0 || strncmp(s->name, "cmd_", 4) == 0);
}

KTEST(optprobe_thousand_sites_restore_text)
{
	struct kprobe *probes = kmalloc(NR_OPT * sizeof(*probes));
	struct kprobe kp = { .addr = (kprobe_opcode_t *)op_plain, .pre_handler = record };
	uint32_t before = text_checksum();
	int n = 0;

	KT_ASSERT(probes != NULL);
	optimise_on();
	/* Sites 5 bytes apart at least, so that no jmp covers another. */
	for (int i = 0; i < ksym_count() && n < NR_OPT; i++) {
		const struct ksym *s = ksym_at(i);
		unsigned long next = 0;
		if (!is_victim(s))
			continue;
		for (unsigned long off = 0; off < s->size && n < NR_OPT; off++) {
			struct kprobe *p = &probes[n];
			if (off < next)
				continue;
			memset(p, 0, sizeof(*p));
			p->addr = (kprobe_opcode_t *)(s->addr + off);
			p->pre_handler = record;
			if (register_kprobe(p) != 0)
				continue;
			if (!kprobe_optimized(s->addr + off)) {
				unregister_kprobe(p);   /* refused: keep only jmps */
				continue;
			}
			n++;
			next = off + 5;
		}
	}
	KT_EXPECT_EQ(n, NR_OPT);
	KT_ASSERT(register_kprobe(&kp) == 0);  /* one more, still optimised */
	KT_EXPECT(kprobe_optimized((unsigned long)op_plain));
	hits = 0;
	KT_EXPECT_EQ(op_plain(), 3);
	KT_EXPECT_EQ(hits, 1);
	unregister_kprobe(&kp);
	KT_EXPECT(text_checksum() != before);
	for (int i = 0; i < n; i++)
		unregister_kprobe(&probes[i]);
	kfree(probes);
	/* Off again, the return trampoline's probe is an int3 again too. */
	optimise_back();
	KT_EXPECT_EQ(text_checksum(), before);
}
