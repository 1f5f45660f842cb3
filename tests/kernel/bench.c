/*
 * The `bench` shell command: what one probe hit costs.
 *
 * We call a tiny function BENCH_CALLS times in a loop and read the
 * cycle counter before and after, once with nothing on the function
 * and once for each kind of probe.  "Per hit" is the probed loop's cost
 * per call minus the unprobed loop's: whatever the probe added.  That
 * is how the Linux figures in the table were measured too
 * (docs/bench.md).
 *
 * The unit is "instructions", not time.  Under QEMU with
 * -icount shift=0 the x86 time stamp counter advances by exactly one
 * per guest instruction, so a figure is an instruction count: exact,
 * identical on every run and every host, and comparable with Linux
 * measured the same way.  Without icount (plain `make run`) the counter
 * follows host time: we notice (two measurements of the same thing
 * differ), say so, and judge no goal.  tools/bench.py (make bench)
 * boots the kernel under icount and types `bench`.
 *
 * Each measurement runs with interrupts off, so a timer tick (and a
 * task switch) cannot land inside it.  The probe engine keeps them off
 * for the whole hit anyway.
 *
 * `bench trace` is the same sequence with one probed call per
 * configuration, between calls to bench_trace_mark(): tools/benchtrace.py
 * single-steps from one mark to the next with GDB and attributes every
 * instruction of the hit to the function it ran in.
 */
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <events/events.h>

void trace_clear(void);
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <shell/shell.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>
#include "bench.h"

#define BENCH_CALLS 1000      /* calls per measurement */
#define NR_OTHERS   1000      /* "1,000 other probes" */

/* ------------------------------------------------------------- targets */

/*
 * The probed function.  noipa keeps the compiler from inlining it, from
 * cloning it, and from using what it knows of its body at the call
 * site: every call really is a call to this code.  It is so small that
 * the probe's cost dominates whatever we measure.
 */
int bench_target(int x);
__attribute__((noipa, used)) int bench_target(int x)
{
	return x + 1;
}

/*
 * The floor row, the cost of a trap that does nothing at all, measures
 * the port's bench_floor (bench.h): bench_target with a breakpoint
 * instruction in it, and a hook that only resumes.  That hook hands any
 * other breakpoint to the hook it replaced, kept here.
 */
trap_hook_t bench_saved_hook;

/* ------------------------------------------------------------ handlers */

/*
 * Empty handlers: we measure the engine, not the handler.  The engine
 * counts hits itself (kprobe.nhit), which is how we check afterwards
 * that every call really hit the probe.
 */
static int bench_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	return 0;
}

static void bench_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
}

/* A jprobe's entry has the probed function's prototype and must end
 * with jprobe_return(), which does not come back here. */
static int bench_jentry(int x)
{
	(void)x;
	jprobe_return();
	return 0;
}

static int bench_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	(void)regs;
	return 0;
}

/* ---------------------------------------------------------- measuring */

typedef int (*bench_fn_t)(int);

static volatile int bench_sink;   /* results go here, so the calls stay */

/*
 * Instructions (cycles) taken by BENCH_CALLS calls of fn, with
 * interrupts off.  If bp_hook is given it replaces the breakpoint hook
 * for the measurement only: swapping it with interrupts off means no
 * other breakpoint can reach our hook.
 *
 * noipa: there must be exactly one copy of this loop, whatever fn is,
 * or the loop's own instructions could differ between configurations
 * and spoil the subtraction.
 */
__attribute__((noipa))
static unsigned long time_calls(bench_fn_t fn, trap_hook_t bp_hook)
{
	unsigned long flags = arch_irq_save();
	trap_hook_t saved_hook = breakpoint_hook;
	uint64_t start, end;
	int sum = 0;

	bench_saved_hook = saved_hook;
	if (bp_hook)
		breakpoint_hook = bp_hook;
	/* Warm up: the first call also pays for QEMU translating the code
	 * (not counted under icount, but real time otherwise). */
	sum += fn(0);
	start = arch_cycles();
	for (int i = 0; i < BENCH_CALLS; i++)
		sum += fn(i);
	end = arch_cycles();
	breakpoint_hook = saved_hook;
	arch_irq_restore(flags);
	bench_sink = sum;
	return (unsigned long)(end - start);
}

/*
 * For `bench trace`: one call of fn between two marks, interrupts off.
 * The marks are what tools/benchtrace.py looks for in QEMU's log.
 */
void bench_trace_mark(int what);
__attribute__((noipa, used)) void bench_trace_mark(int what)
{
	bench_sink = what;
}

__attribute__((noipa))
static void trace_one_call(bench_fn_t fn, trap_hook_t bp_hook, int what)
{
	unsigned long flags = arch_irq_save();
	trap_hook_t saved_hook = breakpoint_hook;

	bench_saved_hook = saved_hook;
	if (bp_hook)
		breakpoint_hook = bp_hook;
	bench_sink = fn(0);                  /* warm-up, as above */
	bench_trace_mark(what);              /* start */
	bench_sink = fn(1);
	bench_trace_mark(-what);             /* end */
	breakpoint_hook = saved_hook;
	arch_irq_restore(flags);
}

/* ------------------------------------------------------ configurations */

/*
 * One row of the table.  total and again are two measurements of the
 * same thing: under icount they are equal, and if they are not the
 * figures are not exact (see the note printed then).
 */
struct row {
	const char *name;
	bool measured;
	const char *why_not;          /* when not measured */
	unsigned long total, again;
	unsigned long linux_figure;   /* Linux 6.1's per hit, 0 if none */
	unsigned long target;         /* issue 13's: at most this, 0 if none */
};

enum {
	R_UNPROBED, R_INT3, R_PRE, R_OPT, R_PREPOST, R_JPROBE, R_KRET, R_KRET_OPT, R_KP_KRET,
	R_ONE_OTHER, R_MANY_OTHERS, R_EV0, R_EV1, R_EV4, R_EV8, NR_ROWS
};

static struct row rows[NR_ROWS];

/*
 * Issue 13's targets for the x86 ports (x86_64 and i386 alike), per
 * hit, beside Linux 6.1's figures measured the same way on this
 * machine's QEMU (docs/bench.md; on x86_64 only, so far).  Other ports
 * have only the relative goals (see goal()).
 */
static const struct {
	int row;
	unsigned long linux_x86_64, target;
} x86_goals[] = {
	{ R_PRE,     534, 140 },
	{ R_OPT,     101,  50 },
	{ R_PREPOST, 578, 200 },
	{ R_KRET,    768, 300 },
	{ R_KP_KRET, 924, 320 },
	{ R_KRET_OPT, 390, 160 },  /* Linux: ftrace entry */
};

static void init_rows(void)
{
	static const char *const names[NR_ROWS] = {
		[R_UNPROBED]    = "unprobed call",
		[R_INT3]        = "int3 trap, empty hook (floor)",
		[R_PRE]         = "kprobe, pre handler",
		[R_OPT]         = "jump-optimised kprobe, pre handler",
		[R_PREPOST]     = "kprobe, pre + post handlers",
		[R_JPROBE]      = "jprobe",
		[R_KRET]        = "kretprobe",
		[R_KRET_OPT]    = "kretprobe, optimised entry and return",
		[R_KP_KRET]     = "kprobe + kretprobe",
		[R_ONE_OTHER]   = "kprobe, pre; 1 other probe",
		[R_MANY_OTHERS] = "kprobe, pre; 1,000 other probes",
		[R_EV0]         = "event, 0 fetch args (traced)",
		[R_EV1]         = "event, 1 fetch arg (traced)",
		[R_EV4]         = "event, 4 fetch args (traced)",
		[R_EV8]         = "event, 8 fetch args (traced)",
	};

	memset(rows, 0, sizeof(rows));
	for (int i = 0; i < NR_ROWS; i++)
		rows[i].name = names[i];
	bool x86_64 = strcmp(ARCH_NAME, "x86_64") == 0;
	if (!x86_64 && strcmp(ARCH_NAME, "x86") != 0)
		return;                   /* the targets are the x86 ports' */
	for (unsigned i = 0; i < ARRAY_SIZE(x86_goals); i++) {
		rows[x86_goals[i].row].linux_figure = x86_64 ? x86_goals[i].linux_x86_64 : 0;
		rows[x86_goals[i].row].target = x86_goals[i].target;
	}
}

/* Does this architecture have Linux figures to compare with? */
static bool have_linux_figures(void)
{
	return rows[R_PRE].linux_figure != 0;
}

static bool trace_mode;           /* `bench trace`: one call, marked */

/* Measure fn into row r (or, in trace mode, trace one call of it). */
static void measure(int r, bench_fn_t fn, trap_hook_t bp_hook)
{
	if (trace_mode) {
		trace_one_call(fn, bp_hook, r + 1);
		rows[r].measured = true;
		return;
	}
	rows[r].total = time_calls(fn, bp_hook);
	rows[r].again = time_calls(fn, bp_hook);
	rows[r].measured = true;
}

/* The probes.  Static, so a failed run leaves nothing on a stack. */
static struct kprobe kp;
static struct jprobe jp;
static struct kretprobe rp;

/* (Re)initialise and register a kprobe on fn: the engine keeps state
 * in the struct, so every registration starts from zeros. */
static int reg_kprobe(struct kprobe *p, bench_fn_t fn, bool post)
{
	memset(p, 0, sizeof(*p));
	p->addr = (kprobe_opcode_t *)func_entry(fn);
	p->pre_handler = bench_pre;
	if (post)
		p->post_handler = bench_post;
	return register_kprobe(p);
}

static int reg_kretprobe(struct kretprobe *r, bench_fn_t fn)
{
	memset(r, 0, sizeof(*r));
	r->kp.addr = (kprobe_opcode_t *)func_entry(fn);
	r->handler = bench_ret;
	return register_kretprobe(r);
}

/*
 * After a measurement: did every call hit?  A probe that did not fire
 * would make the row meaningless, so say so loudly.  Each measurement
 * is a warm-up call plus BENCH_CALLS; trace mode makes two calls.
 */
static unsigned long expected_hits(void)
{
	return trace_mode ? 2 : 2 * (BENCH_CALLS + 1);
}

static bool check_hits(int r, unsigned long nhit)
{
	if (nhit == expected_hits())
		return true;
	printk("bench: %s: the probe was hit %lu times, expected %lu\n",
	       rows[r].name, nhit, expected_hits());
	rows[r].measured = false;
	rows[r].why_not = "did not hit";
	return false;
}

/*
 * For kretprobes: an entry that found no free instance is counted in
 * nmissed.  With maxactive instances and one call at a time, that can
 * only happen if returns did not come back through the trampoline
 * (which is what frees an instance).
 */
static bool check_returns(int r, const struct kretprobe *k)
{
	if (k->nmissed == 0)
		return true;
	printk("bench: %s: %lu entries found no free instance: returns are not "
	       "coming back through the trampoline\n", rows[r].name, k->nmissed);
	rows[r].measured = false;
	rows[r].why_not = "no returns";
	return false;
}

static void failed(int r, const char *what, int err)
{
	printk("bench: %s: %s failed (%s)\n", rows[r].name, what, errno_name(err));
	rows[r].why_not = "failed";
}

/* ---- "other probes": sites in code that does not run meanwhile ---- */

static void unregister_others(struct kprobe *probes, int n)
{
	for (int i = 0; i < n; i++)
		unregister_kprobe(&probes[i]);
}

/*
 * The in-kernel tests' bodies (ktest_fn_*) are built into every kernel
 * but run only under test=, never while the shell runs this command:
 * probes on them are registered (hashed, armed) but never hit.  Like
 * tests/kernel/test_kprobes_many.c, try every byte offset and keep the
 * ones the engine accepts; mid-instruction offsets (-EILSEQ) and
 * instructions it refuses to step (-EINVAL) are skipped.
 *
 * Returns how many were registered (up to want), or a negative errno.
 */
static int register_others(struct kprobe *probes, int want)
{
	int n = 0;

	for (int i = 0; i < ksym_count() && n < want; i++) {
		const struct ksym *s = ksym_at(i);

		if (!ksym_is_function(s) || s->size == 0 ||
		    strncmp(s->name, "ktest_fn_", 9) != 0 ||
		    kprobe_on_blacklist(s->addr))
			continue;
		for (unsigned long off = 0; off < s->size && n < want; off++) {
			struct kprobe *p = &probes[n];
			int err;

			memset(p, 0, sizeof(*p));
			p->addr = (kprobe_opcode_t *)(s->addr + off);
			p->pre_handler = bench_pre;
			err = register_kprobe(p);
			if (err == 0)
				n++;
			else if (err != -EILSEQ && err != -EINVAL) {
				unregister_others(probes, n);
				return err;
			}
		}
	}
	return n;
}

/* Measure the pre-only kprobe with `want` other probes registered. */
static void measure_with_others(int r, struct kprobe *probes, int want)
{
	int err, n;

	/*
	 * The measured probe first, the others after: the engine puts a
	 * new site at the front of its hash chain, so ours ends up behind
	 * any that share its bucket -- the slow case for the lookup.
	 */
	err = reg_kprobe(&kp, bench_target, false);
	if (err) {
		failed(r, "register_kprobe", err);
		return;
	}
	n = register_others(probes, want);
	if (n < 0) {
		failed(r, "registering the other probes", n);
	} else {
		if (n < want)
			printk("bench: only %d sites in ktest_fn_* take a probe; "
			       "measured with %d others, not %d\n", n, n, want);
		measure(r, bench_target, NULL);
		check_hits(r, kp.nhit);
		unregister_others(probes, n);
	}
	unregister_kprobe(&kp);
}

/*
 * Probe events recording into the trace buffer, as the shell defines
 * them, with 0, 1, 4 and 8 fetch arguments (arch-neutral ones).  The
 * buffer overflows during a measurement; dropping old records is part
 * of the cost being measured.
 */
static void measure_events(void)
{
	static const struct { int row; const char *line; } ev[] = {
		{ R_EV0, "p:bench/ev bench_target" },
		{ R_EV1, "p:bench/ev bench_target a=$arg1" },
		{ R_EV4, "p:bench/ev bench_target a=$arg1 b=$arg2 c=$stack0 d=$stack1" },
		{ R_EV8, "p:bench/ev bench_target a=$arg1 b=$arg2 c=$arg3 d=$arg4"
			 " e=$stack0 f=$stack1 g=$stack2 h=$stack3" },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(ev); i++) {
		int r = ev[i].row, err = event_command(ev[i].line);
		/* shell_execute() splits its line in place: fresh copies. */
		char on[] = "enable bench/ev", off[] = "disable bench/ev";
		struct event *e;

		if (err) {
			failed(r, "event_command", err);
			continue;
		}
		e = event_lookup("bench/ev");
		shell_execute(on);
		/* Start both measurements from an empty buffer, so that they
		 * drop records at the same moments and agree exactly. */
		trace_clear();
		if (trace_mode) {
			measure(r, bench_target, NULL);
		} else {
			rows[r].total = time_calls(bench_target, NULL);
			trace_clear();
			rows[r].again = time_calls(bench_target, NULL);
			rows[r].measured = true;
		}
		shell_execute(off);
		check_hits(r, e->hits);
		event_command("-:bench/ev");
	}
	trace_clear();
}

/*
 * The jump-optimised kprobe (probe/optprobes.c), and a kretprobe whose
 * entry and return trampoline are both jumps, on the port's
 * opt_target: bench_target behind a 5-byte nop, which the jmp covers.
 * The nop costs an instruction of its own, so the rows are shifted by
 * the difference between the two unprobed calls: per hit stays what
 * the probe added.
 */
static bool measure_jumps(int r, bench_fn_t fn, unsigned long base, unsigned long other)
{
	if (!kprobe_optimized(func_entry(fn)) || !kprobe_optimized(other)) {
		rows[r].why_not = "not optimised";   /* fn's site, and other's */
		return false;
	}
	measure(r, fn, NULL);
	rows[r].total -= base;
	rows[r].again -= base;
	return true;
}

static void measure_optimised(void)
{
	bench_fn_t fn = bench_floor.opt_target;
	bool was = kprobes_optimize;
	unsigned long base = 0;
	int err;

	if (!fn) {
		rows[R_OPT].why_not = rows[R_KRET_OPT].why_not = "n/a";
		return;
	}
	if (!trace_mode)
		base = time_calls(fn, NULL) - rows[R_UNPROBED].total;
	kprobes_set_optimize(true);
	if ((err = reg_kprobe(&kp, fn, false)) != 0) {
		failed(R_OPT, "register_kprobe", err);
	} else {
		if (measure_jumps(R_OPT, fn, base, func_entry(fn)))
			check_hits(R_OPT, kp.nhit);
		unregister_kprobe(&kp);
	}
	if ((err = reg_kretprobe(&rp, fn)) != 0) {
		failed(R_KRET_OPT, "register_kretprobe", err);
	} else {
		if (measure_jumps(R_KRET_OPT, fn, base, (unsigned long)kretprobe_trampoline) &&
		    check_hits(R_KRET_OPT, rp.kp.nhit))
			check_returns(R_KRET_OPT, &rp);
		unregister_kretprobe(&rp);
	}
	kprobes_set_optimize(was);
}

/* ------------------------------------------------------------ the run */

static void run_all(void)
{
	struct kprobe *others;
	int err;

	measure(R_UNPROBED, bench_target, NULL);

	if (bench_floor.target)
		measure(R_INT3, bench_floor.target, bench_floor.hook);
	else
		rows[R_INT3].why_not = "n/a";

	if ((err = reg_kprobe(&kp, bench_target, false)) != 0) {
		failed(R_PRE, "register_kprobe", err);
	} else {
		measure(R_PRE, bench_target, NULL);
		check_hits(R_PRE, kp.nhit);
		unregister_kprobe(&kp);
	}
	measure_optimised();

	if ((err = reg_kprobe(&kp, bench_target, true)) != 0) {
		failed(R_PREPOST, "register_kprobe", err);
	} else {
		measure(R_PREPOST, bench_target, NULL);
		check_hits(R_PREPOST, kp.nhit);
		unregister_kprobe(&kp);
	}

	memset(&jp, 0, sizeof(jp));
	jp.kp.addr = (kprobe_opcode_t *)func_entry(bench_target);
	jp.entry = (void *)bench_jentry;
	if ((err = register_jprobe(&jp)) != 0) {
		failed(R_JPROBE, "register_jprobe", err);
	} else {
		measure(R_JPROBE, bench_target, NULL);
		check_hits(R_JPROBE, jp.kp.nhit);
		unregister_jprobe(&jp);
	}

	if ((err = reg_kretprobe(&rp, bench_target)) != 0) {
		failed(R_KRET, "register_kretprobe", err);
	} else {
		measure(R_KRET, bench_target, NULL);
		if (check_hits(R_KRET, rp.kp.nhit))
			check_returns(R_KRET, &rp);
		unregister_kretprobe(&rp);
	}

	if ((err = reg_kprobe(&kp, bench_target, false)) != 0) {
		failed(R_KP_KRET, "register_kprobe", err);
	} else if ((err = reg_kretprobe(&rp, bench_target)) != 0) {
		failed(R_KP_KRET, "register_kretprobe", err);
		unregister_kprobe(&kp);
	} else {
		measure(R_KP_KRET, bench_target, NULL);
		if (check_hits(R_KP_KRET, kp.nhit) && check_hits(R_KP_KRET, rp.kp.nhit))
			check_returns(R_KP_KRET, &rp);
		unregister_kretprobe(&rp);
		unregister_kprobe(&kp);
	}

	others = kmalloc(NR_OTHERS * sizeof(*others));
	if (!others) {
		failed(R_ONE_OTHER, "kmalloc", -ENOMEM);
		failed(R_MANY_OTHERS, "kmalloc", -ENOMEM);
	} else {
		measure_with_others(R_ONE_OTHER, others, 1);
		measure_with_others(R_MANY_OTHERS, others, NR_OTHERS);
		kfree(others);
	}
	measure_events();
}

/* ------------------------------------------------------------ the table */

/*
 * Figures are printed with one decimal.  The kernel has no floating
 * point, so we work in tenths: tenths(t) is t / BENCH_CALLS * 10,
 * rounded.
 */
static long tenths(long total)
{
	long sign = total < 0 ? -1 : 1;

	return sign * ((sign * total * 10 + BENCH_CALLS / 2) / BENCH_CALLS);
}

static char *fmt_tenths(char *buf, size_t size, long t)
{
	snprintk(buf, size, "%s%ld.%ld", t < 0 ? "-" : "", (t < 0 ? -t : t) / 10,
		 (t < 0 ? -t : t) % 10);
	return buf;
}

/* Per hit of row r, in tenths of an instruction. */
static long hit_tenths(int r)
{
	return tenths((long)rows[r].total - (long)rows[R_UNPROBED].total);
}

static bool usable(int r)
{
	return rows[r].measured && rows[R_UNPROBED].measured;
}

/*
 * The goal column and the verdict for row r, if it has one:
 *   - rows with a target (issue 13, x86 ports): at most that, with
 *     Linux 6.1's figure beside it where there is one;
 *   - the jprobe: at most 1.75 times the pre-only kprobe (2005's ratio
 *     on i386: 1.00 us against 0.57 us);
 *   - 1,000 other probes: within 10% of the figure with 1 other.
 * Returns false if the row has no goal.
 */
static bool goal(int r, char *what, size_t wsize, char *verdict, size_t vsize)
{
	char a[24], b[24];
	long hit = hit_tenths(r), limit;

	if (rows[r].target) {
		limit = (long)rows[r].target * 10;
		if (rows[r].linux_figure)
			snprintk(what, wsize, "Linux 6.1: %lu, target <= %lu",
				 rows[r].linux_figure, rows[r].target);
		else
			snprintk(what, wsize, "target <= %lu", rows[r].target);
	} else if (r == R_JPROBE && usable(R_PRE)) {
		limit = (hit_tenths(R_PRE) * 175 + 50) / 100;
		snprintk(what, wsize, "<= 1.75 x kprobe pre = %s",
			 fmt_tenths(a, sizeof(a), limit));
	} else if (r == R_EV4 && usable(R_PRE)) {
		/* Recording 4 arguments adds less than the bare kprobe hit. */
		limit = 2 * hit_tenths(R_PRE);
		snprintk(what, wsize, "recording adds < kprobe pre: <= %s",
			 fmt_tenths(a, sizeof(a), limit));
	} else if (r == R_MANY_OTHERS && usable(R_ONE_OTHER)) {
		long base = hit_tenths(R_ONE_OTHER);
		long diff = hit - base;
		/* Percent with one decimal, i.e. in tenths of a percent. */
		long permille = base ? (diff * 1000 + (diff < 0 ? -base / 2 : base / 2)) / base : 0;

		snprintk(what, wsize, "within 10%% of 1 other (%s)",
			 fmt_tenths(a, sizeof(a), base));
		snprintk(verdict, vsize, "%s (%s%s%%)",
			 (diff < 0 ? -diff : diff) * 10 <= base ? "yes" : "NO",
			 diff < 0 ? "" : "+", fmt_tenths(b, sizeof(b), permille));
		return true;
	} else {
		return false;
	}
	if (!usable(r)) {
		snprintk(verdict, vsize, "-");
	} else if (hit <= limit) {
		snprintk(verdict, vsize, "yes");
	} else {
		/* Missed: by how many instructions, and by what fraction of
		 * the target (rounded to a whole percent). */
		snprintk(verdict, vsize, "NO: +%s (%ld%% over)",
			 fmt_tenths(a, sizeof(a), hit - limit),
			 ((hit - limit) * 100 + limit / 2) / limit);
	}
	return true;
}

/*
 * Under icount the two measurements of each row agree exactly.  Without
 * it (a plain `make run`) the counter follows host time: the two differ,
 * the figures are cycles of a host-speed clock, and comparing them with
 * instruction counts would be meaningless.
 */
static bool counts_instructions(void)
{
	for (int r = 0; r < NR_ROWS; r++)
		if (rows[r].measured && rows[r].total != rows[r].again)
			return false;
	return true;
}

static void print_table(void)
{
	char call[24], hit[24], what[64], verdict[48];
	bool exact = counts_instructions();

	printk("Probe cost, %s: %s per call of a small function,\n"
	       "%d calls per figure, interrupts off.  per hit = per call - unprobed call.\n",
	       ARCH_NAME, exact ? "guest instructions" : "cycles (NOT instructions)",
	       BENCH_CALLS);
	if (exact && !have_linux_figures())
		printk("(The Linux 6.1 figures exist for x86_64 only: no Linux column here.)\n");
	if (exact)
		printk("%-32s %9s %9s  %-34s %s\n", "configuration", "per call", "per hit",
		       "compared with", "met?");
	else
		printk("%-32s %9s %9s\n", "configuration", "per call", "per hit");
	for (int r = 0; r < NR_ROWS; r++) {
		if (!rows[r].measured) {
			printk("%-32s %9s %9s\n", rows[r].name,
			       rows[r].why_not ? rows[r].why_not : "-", "-");
			continue;
		}
		fmt_tenths(call, sizeof(call), tenths((long)rows[r].total));
		if (r == R_UNPROBED || !usable(r))
			snprintk(hit, sizeof(hit), "-");
		else
			fmt_tenths(hit, sizeof(hit), hit_tenths(r));
		if (exact && goal(r, what, sizeof(what), verdict, sizeof(verdict)))
			printk("%-32s %9s %9s  %-34s %s\n", rows[r].name, call, hit, what, verdict);
		else
			printk("%-32s %9s %9s\n", rows[r].name, call, hit);
	}
	if (exact)
		printk("Each figure was measured twice, with the same result.\n");
	else
		printk("note: repeated measurements differ, so the counter is not counting\n"
		       "instructions and no goal is judged.  For exact figures boot QEMU with\n"
		       "-icount shift=0,sleep=off (make bench does; see docs/bench.md).\n");
}

/* ------------------------------------------------------------- command */

static int cmd_bench(int argc, char **argv)
{
	struct mem_stats before, after;
	struct events_parked *parked;
	bool explain = kprobes_explain;
	int tasks = tasks_alive();

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "trace") != 0)) {
		printk("usage: bench [trace]\n");
		return -EINVAL;
	}
	trace_mode = argc == 2;
	if (get_kprobe((void *)bench_target)) {
		/* Someone else's probe would spoil the "unprobed" figure. */
		printk("bench: bench_target is already probed; remove that probe first\n");
		return -EBUSY;
	}

	/* Explain mode would print every one of thousands of hits.  The
	 * event rows fill the trace buffer: the user's records are set
	 * aside meanwhile, and the user's events disabled (events_park). */
	kprobes_explain = false;
	parked = events_park("bench");
	mem_get_stats(&before);
	init_rows();
	run_all();
	mem_get_stats(&after);
	events_unpark(parked);
	kprobes_explain = explain;

	if (trace_mode) {
		printk("bench trace: one call per configuration, between "
		       "bench_trace_mark(n) and bench_trace_mark(-n):\n");
		for (int r = 0; r < NR_ROWS; r++)
			printk("  %d  %s%s\n", r + 1, rows[r].name,
			       rows[r].measured ? "" : "  (not run)");
		return 0;
	}
	print_table();

	/* Everything registered was unregistered and freed. */
	if (after.pages_used == before.pages_used &&
	    after.heap_objects == before.heap_objects &&
	    after.heap_bytes == before.heap_bytes && tasks_alive() == tasks) {
		printk("Memory after: as before (%zu pages used, %zu heap objects, %zu bytes).\n",
		       after.pages_used, after.heap_objects, after.heap_bytes);
	} else {
		printk("note: memory differs after the benchmark: pages used %zu -> %zu, "
		       "heap objects %zu -> %zu, bytes %zu -> %zu\n",
		       before.pages_used, after.pages_used, before.heap_objects,
		       after.heap_objects, before.heap_bytes, after.heap_bytes);
	}
	return 0;
}
SHELL_COMMAND("bench", "bench [trace]",
	      "per-hit probe costs (exact under QEMU -icount; see docs/bench.md)",
	      cmd_bench);
