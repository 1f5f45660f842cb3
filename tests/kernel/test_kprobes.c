/*
 * Tests of the probe engine that hold on every architecture: kprobes,
 * aggregates, reentrancy, jprobes, kretprobes, per-task cleanup,
 * enable/disable and the error codes.  The acceptance scenarios the
 * engine was specified with are marked "scenario N".
 *
 * The probed functions are noipa: GCC must neither inline them nor
 * specialise them, or the probe would sit on code nobody calls.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>

#define PROBED __attribute__((noipa, used))

PROBED int kp_target_add(int a, int b) { return a + b; }
PROBED int kp_target_mul(int a, int b) { return a * b; }

static int pre_calls, post_calls, pre_irqs_on;

static int count_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	pre_calls++;
	pre_irqs_on += arch_irqs_enabled();
	return 0;
}

static void count_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
	post_calls++;
	pre_irqs_on += arch_irqs_enabled();
}

/* Scenario 1. */
KTEST(kprobe_by_symbol_name)
{
	struct kprobe kp = { .symbol_name = "kp_target_add",
			     .pre_handler = count_pre, .post_handler = count_post };

	pre_calls = post_calls = pre_irqs_on = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT((unsigned long)kp.addr == func_entry(kp_target_add));
	for (int i = 0; i < 5; i++)
		KT_EXPECT_EQ(kp_target_add(i, 10), i + 10);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(pre_calls, 5);
	KT_EXPECT_EQ(post_calls, 5);
	KT_EXPECT_EQ(pre_irqs_on, 0);      /* handlers run with interrupts off */
	KT_EXPECT_EQ(kp.nhit, 5);
	KT_EXPECT_EQ(kp.nmissed, 0);
	KT_EXPECT_EQ(kp_target_add(1, 2), 3);
	KT_EXPECT_EQ(pre_calls, 5);        /* gone: no more hits */
}

/* Scenario 2: two kprobes registered as an array, each fires for its own. */
static int add_hits, mul_hits;
static int pre_add(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; add_hits++; return 0; }
static int pre_mul(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; mul_hits++; return 0; }

KTEST(kprobes_registered_as_array)
{
	struct kprobe a = { .symbol_name = "kp_target_add", .pre_handler = pre_add };
	struct kprobe m = { .symbol_name = "kp_target_mul", .pre_handler = pre_mul };
	struct kprobe *kps[] = { &a, &m };

	add_hits = mul_hits = 0;
	KT_ASSERT(register_kprobes(kps, 2) == 0);
	KT_EXPECT_EQ(kp_target_add(2, 3), 5);
	KT_EXPECT_EQ(kp_target_add(2, 3), 5);
	KT_EXPECT_EQ(kp_target_mul(2, 3), 6);
	unregister_kprobes(kps, 2);
	KT_EXPECT_EQ(add_hits, 2);
	KT_EXPECT_EQ(mul_hits, 1);
}

/* Scenario 3: handlers that call the probed function again. */
static int nested_results;

static int pre_recurse(struct kprobe *p, struct pt_regs *r)
{
	(void)p;
	(void)r;
	nested_results += kp_target_mul(3, 4);   /* a reentrant hit */
	return 0;
}

static void post_recurse(struct kprobe *p, struct pt_regs *r, unsigned long f)
{
	(void)p;
	(void)r;
	(void)f;
	nested_results += kp_target_mul(5, 6);   /* another one */
}

KTEST(reentrant_hits_are_missed_not_lost)
{
	struct kprobe kp = { .symbol_name = "kp_target_mul",
			     .pre_handler = pre_recurse, .post_handler = post_recurse };

	nested_results = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT_EQ(kp_target_mul(7, 8), 56);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(kp.nmissed, 2);
	KT_EXPECT_EQ(kp.nhit, 1);
	KT_EXPECT_EQ(nested_results, 12 + 30);   /* the nested calls worked */
}

/* Scenario 4: a kretprobe with an entry handler and per-instance data. */
struct call_data {
	int a, b;
};
static int ret_seen, ret_calls, entry_calls;
static struct call_data data_seen;

static int entry_record(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct call_data *d = (struct call_data *)ri->data;

	d->a = (int)regs_get_argument(regs, 0);
	d->b = (int)regs_get_argument(regs, 1);
	entry_calls++;
	return 0;
}

static int ret_record(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ret_seen = (int)regs_return_value(regs);
	data_seen = *(struct call_data *)ri->data;
	ret_calls++;
	return 0;
}

KTEST(kretprobe_entry_handler_and_data)
{
	struct kretprobe rp = { .kp.symbol_name = "kp_target_mul", .handler = ret_record,
				.entry_handler = entry_record,
				.data_size = sizeof(struct call_data) };

	ret_calls = entry_calls = 0;
	KT_ASSERT(register_kretprobe(&rp) == 0);
	KT_EXPECT_EQ(kp_target_mul(6, 7), 42);
	unregister_kretprobe(&rp);
	KT_EXPECT_EQ(entry_calls, 1);
	KT_EXPECT_EQ(ret_calls, 1);
	KT_EXPECT_EQ(ret_seen, 42);
	KT_EXPECT_EQ(data_seen.a, 6);
	KT_EXPECT_EQ(data_seen.b, 7);
	KT_EXPECT_EQ(rp.nmissed, 0);
}

/* A non-zero entry_handler return skips the instance and leaks nothing. */
static int entry_refuse(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	entry_calls++;
	return 1;
}

KTEST(kretprobe_entry_handler_can_skip)
{
	struct kretprobe rp = { .kp.symbol_name = "kp_target_mul", .handler = ret_record,
				.entry_handler = entry_refuse, .maxactive = 2 };

	ret_calls = entry_calls = 0;
	KT_ASSERT(register_kretprobe(&rp) == 0);
	for (int i = 0; i < 5; i++)
		KT_EXPECT_EQ(kp_target_mul(i, 2), 2 * i);
	unregister_kretprobe(&rp);
	KT_EXPECT_EQ(entry_calls, 5);
	KT_EXPECT_EQ(ret_calls, 0);
	KT_EXPECT_EQ(rp.nmissed, 0);           /* instances came back each time */
}

/* Scenario 5: two kretprobes, each sees its own function's value. */
static int add_ret, mul_ret;
static int ret_add(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; add_ret = (int)regs_return_value(r); return 0; }
static int ret_mul(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; mul_ret = (int)regs_return_value(r); return 0; }

KTEST(two_kretprobes_two_functions)
{
	struct kretprobe ra = { .kp.symbol_name = "kp_target_add", .handler = ret_add };
	struct kretprobe rm = { .kp.symbol_name = "kp_target_mul", .handler = ret_mul };
	struct kretprobe *rps[] = { &ra, &rm };

	KT_ASSERT(register_kretprobes(rps, 2) == 0);
	KT_EXPECT_EQ(kp_target_add(20, 3), 23);
	KT_EXPECT_EQ(kp_target_mul(20, 3), 60);
	unregister_kretprobes(rps, 2);
	KT_EXPECT_EQ(add_ret, 23);
	KT_EXPECT_EQ(mul_ret, 60);
}

/* Scenario 6: stack traces inside return handlers show real addresses. */
PROBED int kp_trace_inner(int x) { return x + 1; }
PROBED int kp_trace_outer(int x) { return kp_trace_inner(x) * 2; }
PROBED int kp_trace_caller(int x) { return kp_trace_outer(x) + 1; }

static unsigned long inner_trace[16], outer_trace[16];
static int inner_n, outer_n;

static int ret_trace_inner(struct kretprobe_instance *ri, struct pt_regs *r)
{
	(void)ri;
	(void)r;
	inner_n = stack_trace_save(inner_trace, 16);
	return 0;
}

static int ret_trace_outer(struct kretprobe_instance *ri, struct pt_regs *r)
{
	(void)ri;
	(void)r;
	outer_n = stack_trace_save(outer_trace, 16);
	return 0;
}

/* Index of the first entry inside function name, or -1. */
static int find_in_trace(const unsigned long *t, int n, const char *name)
{
	for (int i = 0; i < n; i++) {
		const struct ksym *s = ksym_by_addr(t[i]);
		if (s && strcmp(s->name, name) == 0)
			return i;
	}
	return -1;
}

static bool trace_has_trampoline(const unsigned long *t, int n)
{
	for (int i = 0; i < n; i++)
		if (t[i] == (unsigned long)kretprobe_trampoline)
			return true;
	return false;
}

KTEST(stack_trace_in_return_handler)
{
	struct kretprobe ri = { .kp.symbol_name = "kp_trace_inner", .handler = ret_trace_inner };
	struct kretprobe ro = { .kp.symbol_name = "kp_trace_outer", .handler = ret_trace_outer };

	/* Plain: the inner handler sees inner's caller, outer. */
	KT_ASSERT(register_kretprobe(&ri) == 0);
	inner_n = 0;
	KT_EXPECT_EQ(kp_trace_caller(1), 5);
	KT_EXPECT(inner_n > 0);
	KT_EXPECT(find_in_trace(inner_trace, inner_n, "kp_trace_outer") >= 0);
	KT_EXPECT(find_in_trace(inner_trace, inner_n, "kp_trace_caller") >= 0);
	KT_EXPECT(!trace_has_trampoline(inner_trace, inner_n));

	/* Nested: both probed; inner's handler runs while outer's return
	 * address is hijacked too, and still sees outer, then the caller. */
	KT_ASSERT(register_kretprobe(&ro) == 0);
	inner_n = outer_n = 0;
	KT_EXPECT_EQ(kp_trace_caller(2), 7);
	int o = find_in_trace(inner_trace, inner_n, "kp_trace_outer");
	int c = find_in_trace(inner_trace, inner_n, "kp_trace_caller");
	KT_EXPECT(o >= 0 && c > o);
	KT_EXPECT(!trace_has_trampoline(inner_trace, inner_n));
	KT_EXPECT(find_in_trace(outer_trace, outer_n, "kp_trace_caller") >= 0);
	KT_EXPECT(!trace_has_trampoline(outer_trace, outer_n));
	unregister_kretprobe(&ro);
	unregister_kretprobe(&ri);
}

/* Scenario 7: every offset 0..255 either registers or fails cleanly. */
PROBED int kp_sweep_a(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++)
		s += i * i;
	return s;
}

PROBED unsigned kp_sweep_b(unsigned x)
{
	return (x >> 3) ^ (x << 5) ^ 0x5a5a;
}

static int sweep_hits;
static int pre_sweep(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; sweep_hits++; return 0; }

/* A port that emulates (x86: call, ret, push...) does it in the
 * breakpoint handler: there every offset is probed a second time with
 * that off, so that each instruction is also single-stepped and fixed
 * up (lab 3). */
#ifdef ARCH_HAS_EMULATE
#define SWEEP_PASSES 2
#else
#define SWEEP_PASSES 1
#endif

static void sweep(const char *name, int (*check)(void))
{
	const struct ksym *s = ksym_by_name(name);
	int ok = 0, refused = 0;

	KT_ASSERT(s != NULL);
	for (unsigned i = 0; i < 256 * SWEEP_PASSES; i++) {
		unsigned off = i % 256;
		struct kprobe kp = { .symbol_name = name, .offset = off, .pre_handler = pre_sweep };
		int err;

		kprobes_emulate = i >= 256;   /* the first pass steps */
		err = register_kprobe(&kp);
		kprobes_emulate = true;
		if (err == 0) {
			ok++;
			if (!check())
				ktest_fail(__FILE__, __LINE__, "%s wrong with a probe at +%u", name, off);
			unregister_kprobe(&kp);
		} else if (err == -EILSEQ || err == -EINVAL) {
			refused++;     /* inside an instruction, or past the end */
		} else {
			ktest_fail(__FILE__, __LINE__, "%s+%u: unexpected error %s", name, off,
				   errno_name(err));
		}
	}
	KT_EXPECT(ok >= 2);          /* even the smallest has two instructions */
	KT_EXPECT_EQ(ok + refused, 256 * SWEEP_PASSES);
}

static int check_a(void) { return kp_sweep_a(10) == 285; }
static int check_b(void) { return kp_sweep_b(1000) == ((1000u >> 3) ^ (1000u << 5) ^ 0x5a5a); }
static int check_add(void) { return kp_target_add(40, 2) == 42; }
static int check_trace(void) { return kp_trace_caller(3) == 9; }

KTEST(boundary_sweep_offsets_0_to_255)
{
	sweep_hits = 0;
	sweep("kp_sweep_a", check_a);
	sweep("kp_sweep_b", check_b);
	sweep("kp_target_add", check_add);
	sweep("kp_trace_caller", check_trace);
	KT_EXPECT(sweep_hits > 0);
}

/* Scenario 8: maxactive 1, several sleeping callers: nmissed is exact. */
PROBED int kp_sleepy(int ticks)
{
	task_sleep((unsigned)ticks);
	return ticks;
}

static int sleepy_returns;
static int ret_sleepy(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; (void)r; sleepy_returns++; return 0; }
static int call_sleepy(void *arg) { return kp_sleepy((int)(intptr_t)arg); }

KTEST(maxactive_one_counts_missed)
{
	struct kretprobe rp = { .kp.symbol_name = "kp_sleepy", .handler = ret_sleepy, .maxactive = 1 };
	int pids[4], code;

	sleepy_returns = 0;
	KT_ASSERT(register_kretprobe(&rp) == 0);
	for (int i = 0; i < 4; i++)
		pids[i] = task_create(call_sleepy, (void *)(intptr_t)5, "sleepy");
	for (int i = 0; i < 4; i++) {
		KT_EXPECT_EQ(task_wait(pids[i], &code), 0);
		KT_EXPECT_EQ(code, 5);
	}
	unregister_kretprobe(&rp);
	KT_EXPECT_EQ(rp.nmissed, 3);          /* all four were inside at once */
	KT_EXPECT_EQ(sleepy_returns, 1);
}

/* Aggregates: a kprobe, a jprobe and a kretprobe on one function. */
static int agg_pre, agg_jp, agg_ret, agg_jp_arg;

static int agg_pre_h(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; agg_pre++; return 0; }
static int agg_ret_h(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; (void)r; agg_ret++; return 0; }

static int agg_jp_entry(int a, int b)
{
	agg_jp++;
	agg_jp_arg = a * 100 + b;
	jprobe_return();
	return 0;                         /* never reached */
}

KTEST(aggregate_kprobe_jprobe_kretprobe)
{
	struct kprobe kp = { .symbol_name = "kp_target_add", .pre_handler = agg_pre_h };
	struct jprobe jp = { .kp.symbol_name = "kp_target_add", .entry = agg_jp_entry };
	struct kretprobe rp = { .kp.symbol_name = "kp_target_add", .handler = agg_ret_h };
	kprobe_opcode_t original = *(kprobe_opcode_t *)func_entry(kp_target_add);
	int sites = kprobes_count();                /* the user's, run from the shell */

	agg_pre = agg_jp = agg_ret = 0;
	KT_ASSERT(register_jprobe(&jp) == 0);       /* order does not matter: */
	KT_ASSERT(register_kprobe(&kp) == 0);       /* the jprobe runs last   */
	KT_ASSERT(register_kretprobe(&rp) == 0);
	KT_EXPECT_EQ(kprobes_count(), sites + 1);   /* one site for all three */

	KT_EXPECT_EQ(kp_target_add(4, 5), 9);
	KT_EXPECT_EQ(agg_pre, 1);
	KT_EXPECT_EQ(agg_jp, 1);
	KT_EXPECT_EQ(agg_ret, 1);
	KT_EXPECT_EQ(agg_jp_arg, 405);              /* the jprobe saw the arguments */

	unregister_kprobe(&kp);                     /* the others keep working */
	KT_EXPECT_EQ(kp_target_add(1, 2), 3);
	KT_EXPECT_EQ(agg_pre, 1);
	KT_EXPECT_EQ(agg_jp, 2);
	KT_EXPECT_EQ(agg_ret, 2);

	unregister_jprobe(&jp);
	KT_EXPECT_EQ(kp_target_add(1, 2), 3);
	KT_EXPECT_EQ(agg_jp, 2);
	KT_EXPECT_EQ(agg_ret, 3);
	KT_EXPECT(*(kprobe_opcode_t *)func_entry(kp_target_add) != original);   /* still armed */

	unregister_kretprobe(&rp);                  /* the last: original back */
	KT_EXPECT_EQ(*(kprobe_opcode_t *)func_entry(kp_target_add), original);
	KT_EXPECT_EQ(kp_target_add(1, 2), 3);
	KT_EXPECT_EQ(agg_ret, 3);
	KT_EXPECT_EQ(kprobes_count(), sites);
}

/*
 * A jprobe's entry may overwrite its arguments (in registers and on the
 * stack: eight of them reach the stack on i386 and x86_64) and every
 * register a call clobbers, and may hit another probe (a missed hit):
 * afterwards the function still runs with its own arguments.  With a
 * post handler beside it, the instruction after the entry takes the
 * path that runs post handlers.
 */
PROBED long kp_target_sum8(long a, long b, long c, long d, long e, long f, long g, long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

static long sum8_seen;
PROBED int kp_target_irqs(int a) { return a + arch_irqs_enabled(); }
static int irqs_entry(int a) { (void)a; jprobe_return(); return 0; }

static long sum8_entry(long a, long b, long c, long d, long e, long f, long g, long h)
{
	sum8_seen = a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
	sum8_seen -= kp_target_add(1, 2);   /* clobbers registers; a missed hit */
	*(volatile long *)&a = -1;          /* on the stack: the entry's to change */
	*(volatile long *)&g = -1;
	*(volatile long *)&h = -1;
	jprobe_return();
	return 0;
}

KTEST(jprobe_entry_may_overwrite_arguments_and_registers)
{
	struct jprobe jp = { .kp.symbol_name = "kp_target_sum8", .entry = (void *)sum8_entry };
	struct kprobe inside = { .symbol_name = "kp_target_add", .pre_handler = count_pre };
	struct kprobe post = { .symbol_name = "kp_target_sum8", .post_handler = count_post };

	KT_ASSERT(register_jprobe(&jp) == 0);
	KT_ASSERT(register_kprobe(&inside) == 0);
	for (int with_post = 0; with_post < 2; with_post++) {
		if (with_post)
			KT_ASSERT(register_kprobe(&post) == 0);
		pre_calls = post_calls = 0;
		jp.kp.nhit = inside.nmissed = 0;
		KT_EXPECT_EQ(kp_target_sum8(1, 2, 3, 4, 5, 6, 7, 8), 204);
		KT_EXPECT_EQ(sum8_seen, 201);         /* 204 - 3: the entry saw them */
		KT_EXPECT_EQ(kp_target_sum8(8, 7, 6, 5, 4, 3, 2, 1), 120);
		KT_EXPECT_EQ(sum8_seen, 117);
		KT_EXPECT_EQ(jp.kp.nhit, 2);
		KT_EXPECT_EQ(post_calls, 2 * with_post);
		KT_EXPECT_EQ(pre_calls, 0);           /* inside the entry: missed */
		KT_EXPECT_EQ(inside.nmissed, 2);
	}
	unregister_kprobe(&post);
	unregister_kprobe(&inside);
	unregister_jprobe(&jp);
	KT_EXPECT_EQ(kp_target_sum8(1, 2, 3, 4, 5, 6, 7, 8), 204);

	/* The entry ran with interrupts off; the function has them back. */
	struct jprobe irqs = { .kp.symbol_name = "kp_target_irqs", .entry = (void *)irqs_entry };
	KT_ASSERT(arch_irqs_enabled());
	KT_ASSERT(register_jprobe(&irqs) == 0);
	KT_EXPECT_EQ(kp_target_irqs(10), 11);
	unregister_jprobe(&irqs);
}

/* Recursion: a kretprobe on a function 10 calls deep. */
/* The recursive call goes through a volatile pointer: GCC would
 * otherwise turn the recursion into a loop. */
PROBED int kp_depth(int n);
static int (*volatile kp_depth_call)(int) = kp_depth;
PROBED int kp_depth(int n) { return n == 0 ? 0 : kp_depth_call(n - 1) + 1; }

static int depth_values[16], depth_calls;

static int ret_depth(struct kretprobe_instance *ri, struct pt_regs *r)
{
	(void)ri;
	if (depth_calls < 16)
		depth_values[depth_calls] = (int)regs_return_value(r);
	depth_calls++;
	return 0;
}

KTEST(kretprobe_recursion_depth_10)
{
	struct kretprobe rp = { .kp.symbol_name = "kp_depth", .handler = ret_depth, .maxactive = 20 };

	depth_calls = 0;
	KT_ASSERT(register_kretprobe(&rp) == 0);
	KT_EXPECT_EQ(kp_depth(9), 9);               /* 10 calls: 9 .. 0 */
	unregister_kretprobe(&rp);
	KT_EXPECT_EQ(depth_calls, 10);
	for (int i = 0; i < 10; i++)                /* innermost returns first */
		KT_EXPECT_EQ(depth_values[i], i);
	KT_EXPECT_EQ(rp.nmissed, 0);
}

/* Two kretprobes on one function: both see the same return. */
static int twin_a, twin_b;
static int ret_twin_a(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; twin_a += (int)regs_return_value(r); return 0; }
static int ret_twin_b(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; twin_b += (int)regs_return_value(r); return 0; }

KTEST(two_kretprobes_one_function_with_recursion)
{
	struct kretprobe a = { .kp.symbol_name = "kp_depth", .handler = ret_twin_a, .maxactive = 8 };
	struct kretprobe b = { .kp.symbol_name = "kp_depth", .handler = ret_twin_b, .maxactive = 8 };

	twin_a = twin_b = 0;
	KT_ASSERT(register_kretprobe(&a) == 0);
	KT_ASSERT(register_kretprobe(&b) == 0);
	KT_EXPECT_EQ(kp_depth(3), 3);               /* returns 0, 1, 2, 3 */
	unregister_kretprobe(&a);
	unregister_kretprobe(&b);
	KT_EXPECT_EQ(twin_a, 6);
	KT_EXPECT_EQ(twin_b, 6);
}

static int return_42_task(void *arg) { (void)arg; return 42; }

/* Per-task cleanup: killed inside, and exiting inside, a probed function. */
PROBED int kp_never_back(int x)
{
	if (x == 1) {
		task_sleep(5);
		task_exit(77);                      /* exits from inside */
	}
	for (;;)
		task_sleep(1000);                   /* until killed */
}

static int never_back_task(void *arg) { return kp_never_back((int)(intptr_t)arg); }

KTEST(task_exit_and_kill_free_instances)
{
	struct kretprobe rp = { .kp.symbol_name = "kp_never_back", .handler = ret_record,
				.maxactive = 2 };
	int killed, exits, code;

	KT_ASSERT(register_kretprobe(&rp) == 0);
	killed = task_create(never_back_task, (void *)0, "killme");
	exits = task_create(never_back_task, (void *)1, "exits");
	task_sleep(3);
	KT_EXPECT(rp.free_instances == NULL);        /* both inside */
	task_kill(killed);
	task_wait(killed, &code);
	KT_EXPECT_EQ(code, TASK_KILLED);
	task_wait(exits, &code);
	KT_EXPECT_EQ(code, 77);

	int free = 0;
	for (struct kretprobe_instance *ri = rp.free_instances; ri; ri = ri->next)
		free++;
	KT_EXPECT_EQ(free, 2);                       /* the pool is full again */
	unregister_kretprobe(&rp);
}

/* Unregistering while a task sleeps inside: it still returns right. */
static int sleep_and_return(void *arg) { (void)arg; return kp_sleepy(5) + 100; }

KTEST(unregister_while_task_inside)
{
	struct kretprobe rp = { .kp.symbol_name = "kp_sleepy", .handler = ret_sleepy };
	int pid, code = 0;

	sleepy_returns = 0;
	KT_ASSERT(register_kretprobe(&rp) == 0);
	pid = task_create(sleep_and_return, NULL, "inside");
	task_sleep(2);                               /* it is asleep in kp_sleepy */
	unregister_kretprobe(&rp);
	KT_EXPECT_EQ(task_wait(pid, &code), 0);
	KT_EXPECT_EQ(code, 105);                     /* came back to the right place */
	KT_EXPECT_EQ(sleepy_returns, 0);             /* and no handler ran */
}

/* enable/disable: no hits while disabled, original bytes back. */
KTEST(enable_disable_kprobe)
{
	struct kprobe kp = { .symbol_name = "kp_target_add", .pre_handler = count_pre };
	uint8_t original[4];

	memcpy(original, (void *)func_entry(kp_target_add), 4);
	pre_calls = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	kp_target_add(1, 1);
	KT_EXPECT_EQ(disable_kprobe(&kp), 0);
	KT_EXPECT(memcmp(original, (void *)func_entry(kp_target_add), 4) == 0);
	kp_target_add(1, 1);
	KT_EXPECT_EQ(pre_calls, 1);
	KT_EXPECT_EQ(enable_kprobe(&kp), 0);
	kp_target_add(1, 1);
	KT_EXPECT_EQ(pre_calls, 2);
	unregister_kprobe(&kp);
	KT_EXPECT(memcmp(original, (void *)func_entry(kp_target_add), 4) == 0);
	KT_EXPECT_EQ(enable_kprobe(&kp), -EINVAL);   /* not registered */

	/* A probe can start disabled, and be registered again by name. */
	kp.flags = KPROBE_FLAG_DISABLED;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT(memcmp(original, (void *)func_entry(kp_target_add), 4) == 0);
	kp_target_add(1, 1);
	KT_EXPECT_EQ(pre_calls, 2);
	unregister_kprobe(&kp);
}

/* Errors, with Linux's codes. */
KTEST(register_errors)
{
	struct kprobe both = { .addr = (kprobe_opcode_t *)func_entry(kp_target_add), .symbol_name = "kp_target_add" };
	struct kprobe neither = { .pre_handler = count_pre };
	struct kprobe unknown = { .symbol_name = "no_such_function_here" };
	struct kprobe data = { .symbol_name = "jiffies" };
	struct kprobe engine = { .symbol_name = "get_kprobe" };
	struct kprobe printk_p = { .symbol_name = "printk" };
	struct kprobe tramp = { .symbol_name = "kretprobe_trampoline" };
	struct kprobe ok = { .symbol_name = "kp_target_add" };
	struct kretprobe no_handler = { .kp.symbol_name = "kp_target_add" };
	struct kretprobe noreturn = { .kp.symbol_name = "task_exit", .handler = ret_add };
	struct kretprobe mid = { .kp.symbol_name = "kp_sweep_a", .kp.offset = 1, .handler = ret_add };
	struct kretprobe huge = { .kp.symbol_name = "kp_target_add", .handler = ret_add, .maxactive = 5000 };
	struct jprobe no_entry = { .kp.symbol_name = "kp_target_add" };
	struct jprobe j1 = { .kp.symbol_name = "kp_target_add", .entry = agg_jp_entry };
	struct jprobe j2 = { .kp.symbol_name = "kp_target_add", .entry = agg_jp_entry };

	KT_EXPECT_EQ(register_kprobe(&both), -EINVAL);
	KT_EXPECT_EQ(register_kprobe(&neither), -EINVAL);
	KT_EXPECT_EQ(register_kprobe(&unknown), -ENOENT);
	KT_EXPECT_EQ(register_kprobe(&data), -EINVAL);
	KT_EXPECT_EQ(register_kprobe(&engine), -EPERM);
	KT_EXPECT_EQ(register_kprobe(&printk_p), -EPERM);
	KT_EXPECT_EQ(register_kprobe(&tramp), -EPERM);
	KT_EXPECT_EQ(register_kretprobe(&no_handler), -EINVAL);
	KT_EXPECT_EQ(register_kretprobe(&noreturn), -EPERM);
	KT_EXPECT_EQ(register_kretprobe(&mid), -EINVAL);
	KT_EXPECT_EQ(register_kretprobe(&huge), -EINVAL);
	KT_EXPECT_EQ(register_jprobe(&no_entry), -EINVAL);

	KT_ASSERT(register_kprobe(&ok) == 0);
	KT_EXPECT_EQ(register_kprobe(&ok), -EEXIST);
	KT_ASSERT(register_kretprobe(&huge) == -EINVAL);
	huge.maxactive = 1;
	KT_ASSERT(register_kretprobe(&huge) == 0);
	KT_EXPECT_EQ(register_kretprobe(&huge), -EEXIST);
	unregister_kretprobe(&huge);
	KT_ASSERT(register_jprobe(&j1) == 0);
	KT_EXPECT_EQ(register_jprobe(&j2), -EEXIST);  /* one jprobe per address */
	unregister_jprobe(&j1);
	unregister_kprobe(&ok);
	KT_EXPECT_EQ(kp_target_add(2, 2), 4);
}

/* Explain mode narrates a hit and changes nothing else. */
KTEST(explain_mode_narrates_a_hit)
{
	struct kprobe kp = { .symbol_name = "kp_target_add", .pre_handler = count_pre,
			     .post_handler = count_post };
	struct kretprobe rp = { .kp.symbol_name = "kp_target_add", .handler = ret_add };
	struct jprobe jp = { .kp.symbol_name = "kp_target_add", .entry = agg_jp_entry };

	pre_calls = post_calls = agg_jp = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_ASSERT(register_kretprobe(&rp) == 0);
	KT_ASSERT(register_jprobe(&jp) == 0);        /* its return is narrated too */
	kprobes_explain = true;
	KT_EXPECT_EQ(kp_target_add(30, 3), 33);
	kprobes_explain = false;
	unregister_jprobe(&jp);
	unregister_kretprobe(&rp);
	unregister_kprobe(&kp);
	KT_EXPECT_EQ(pre_calls, 1);
	KT_EXPECT_EQ(post_calls, 1);
	KT_EXPECT_EQ(agg_jp, 1);
	KT_EXPECT_EQ(agg_jp_arg, 3003);
	KT_EXPECT_EQ(add_ret, 33);
}

/* Regressions found in review. */

/* A one-shot probe: its own pre handler unregisters it mid-hit. */
static struct kprobe oneshot;
static int oneshot_pre(struct kprobe *p, struct pt_regs *r) { (void)r; unregister_kprobe(p); return 0; }
static void oneshot_post(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; post_calls++; }

KTEST(unregister_from_own_handler)
{
	int sites = kprobes_count();

	post_calls = 0;
	oneshot = (struct kprobe){ .symbol_name = "kp_target_mul", .pre_handler = oneshot_pre,
				   .post_handler = oneshot_post };
	KT_ASSERT(register_kprobe(&oneshot) == 0);
	KT_EXPECT_EQ(kp_target_mul(6, 6), 36);    /* the hit finishes safely */
	KT_EXPECT_EQ(kp_target_mul(6, 7), 42);    /* and there is no probe now */
	KT_EXPECT_EQ(kprobes_count(), sites);
}

/* A pre handler that returns non-zero beside a jprobe must not leave the
 * engine thinking the jprobe is running. */
static int divert_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	/* "I changed the ip": run kp_target_mul instead, with the same
	 * arguments and return address. */
	set_instruction_pointer(regs, func_entry(kp_target_mul));
	return 1;
}

KTEST(pre_handler_beside_jprobe_leaves_engine_idle)
{
	struct kprobe kp = { .symbol_name = "kp_target_add", .pre_handler = divert_pre };
	struct jprobe jp = { .kp.symbol_name = "kp_target_add", .entry = agg_jp_entry };
	struct kprobe other = { .symbol_name = "kp_target_mul", .pre_handler = count_pre };

	agg_jp = 0;
	pre_calls = 0;
	KT_ASSERT(register_jprobe(&jp) == 0);
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_EXPECT_EQ(kp_target_add(2, 3), 6);        /* diverted to mul */
	KT_EXPECT(kprobe_running() == NULL);         /* the hit is over */
	KT_EXPECT_EQ(agg_jp, 0);                     /* the jprobe never ran */
	KT_ASSERT(register_kprobe(&other) == 0);     /* other probes still fire */
	KT_EXPECT_EQ(kp_target_mul(2, 3), 6);
	KT_EXPECT_EQ(pre_calls, 1);
	KT_EXPECT_EQ(other.nmissed, 0);
	unregister_kprobe(&other);
	unregister_kprobe(&kp);
	unregister_jprobe(&jp);
}

/* Return probes on schedule: exiting tasks must not leave instances. */
static int sched_rets;
static int ret_sched(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; (void)r; sched_rets++; return 0; }

KTEST(kretprobe_on_schedule_survives_task_exits)
{
	struct kretprobe rp = { .kp.symbol_name = "schedule", .handler = ret_sched, .maxactive = 20 };
	int code;

	KT_ASSERT(register_kretprobe(&rp) == 0);
	for (int i = 0; i < 30; i++)
		task_wait(task_create(return_42_task, NULL, "brief"), &code);
	unregister_kretprobe(&rp);
	KT_EXPECT(sched_rets > 0);
	KT_EXPECT_EQ(rp.nmissed, 0);             /* no instance was lost */
}

/* A registration that fails leaves the struct as it was: it can retry. */
KTEST(failed_registration_can_retry)
{
	struct kprobe kp = { .symbol_name = "kp_target_add", .offset = 100000 };

	KT_EXPECT(register_kprobe(&kp) < 0);
	KT_EXPECT(kp.addr == NULL);
	kp.offset = 0;
	KT_ASSERT(register_kprobe(&kp) == 0);
	unregister_kprobe(&kp);
}
