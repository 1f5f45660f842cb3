/*
 * Edge cases of the probe engine, on every architecture: handlers that
 * unregister their own probe in the middle of a hit, the bound on a
 * kretprobe's data_size, and tasks that end inside a handler.
 *
 * Each test is wrapped in the runner's leak check (pages, heap objects,
 * tasks, probe sites), so "nothing leaks" is checked for all of them.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <sonde/string.h>
#include <sonde/task.h>

#define PROBED __attribute__((noipa, used))

PROBED int edge_add(int a, int b) { return a + b; }
PROBED int edge_other(int a) { return a * 3; }

/* One counter per handler, reset by each test. */
enum { A_PRE, A_POST, S_PRE, S_POST, C_PRE, C_POST, R_ENTRY, R_RET, J_ENTRY, NR_COUNTS };
static int counts[NR_COUNTS];

static int pre_a(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; counts[A_PRE]++; return 0; }
static void post_a(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; counts[A_POST]++; }

/* ------------------------------------- a jprobe that unregisters itself */

static struct jprobe self_jp;
static int self_jp_arg;

static int self_jp_entry(int a, int b)
{
	counts[J_ENTRY]++;
	self_jp_arg = a * 100 + b;
	unregister_jprobe(&self_jp);      /* the trap in jprobe_return still ends the hit */
	jprobe_return();
	return 0;
}

KTEST(jprobe_unregisters_itself_in_its_entry)
{
	int sites = kprobes_count();

	memset(counts, 0, sizeof(counts));
	self_jp = (struct jprobe){ .kp.symbol_name = "edge_add", .entry = self_jp_entry };
	KT_ASSERT(register_jprobe(&self_jp) == 0);
	KT_EXPECT_EQ(edge_add(4, 5), 9);
	KT_EXPECT_EQ(self_jp_arg, 405);
	KT_EXPECT(kprobe_running() == NULL);
	KT_EXPECT_EQ(kprobes_count(), sites);     /* the site is gone */
	KT_EXPECT_EQ(edge_add(1, 2), 3);
	KT_EXPECT_EQ(counts[J_ENTRY], 1);
}

KTEST(jprobe_unregisters_itself_beside_a_kprobe)
{
	struct kprobe kp = { .symbol_name = "edge_add", .pre_handler = pre_a, .post_handler = post_a };

	memset(counts, 0, sizeof(counts));
	self_jp = (struct jprobe){ .kp.symbol_name = "edge_add", .entry = self_jp_entry };
	KT_ASSERT(register_kprobe(&kp) == 0);
	KT_ASSERT(register_jprobe(&self_jp) == 0);
	KT_EXPECT_EQ(edge_add(6, 7), 13);
	KT_EXPECT_EQ(self_jp_arg, 607);
	KT_EXPECT(kprobe_running() == NULL);
	KT_EXPECT_EQ(counts[A_PRE], 1);
	KT_EXPECT_EQ(counts[A_POST], 1);          /* the hit finished normally */
	KT_EXPECT_EQ(edge_add(1, 2), 3);          /* the kprobe alone now */
	KT_EXPECT_EQ(counts[A_PRE], 2);
	KT_EXPECT_EQ(counts[A_POST], 2);
	KT_EXPECT_EQ(counts[J_ENTRY], 1);
	KT_EXPECT_EQ(kp.nmissed, 0);
	unregister_kprobe(&kp);
}

/* ----------------------- members that unregister themselves mid-walk */

static int pre_c(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; counts[C_PRE]++; return 0; }
static void post_c(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; counts[C_POST]++; }
static void post_s(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; counts[S_POST]++; }
static int entry_r(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; (void)r; counts[R_ENTRY]++; return 0; }
static int ret_r(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; (void)r; counts[R_RET]++; return 0; }

static int jp_entry_count(int a, int b)
{
	(void)a;
	(void)b;
	counts[J_ENTRY]++;
	jprobe_return();
	return 0;
}

static int pre_self_unregister(struct kprobe *p, struct pt_regs *r)
{
	(void)r;
	counts[S_PRE]++;
	unregister_kprobe(p);
	return 0;
}

/*
 * At one address, in this order: A, S (unregisters itself in its pre
 * handler), C, a kretprobe R and a jprobe J.  Everyone but S still runs
 * exactly once for the hit in which S left, and S's own hit counts.
 */
KTEST(self_unregister_in_pre_handler_keeps_the_walk)
{
	struct kprobe a = { .symbol_name = "edge_add", .pre_handler = pre_a, .post_handler = post_a };
	struct kprobe s = { .symbol_name = "edge_add", .pre_handler = pre_self_unregister,
			    .post_handler = post_s };
	struct kprobe c = { .symbol_name = "edge_add", .pre_handler = pre_c, .post_handler = post_c };
	struct kretprobe r = { .kp.symbol_name = "edge_add", .handler = ret_r, .entry_handler = entry_r };
	struct jprobe j = { .kp.symbol_name = "edge_add", .entry = jp_entry_count };

	memset(counts, 0, sizeof(counts));
	KT_ASSERT(register_kprobe(&a) == 0);
	KT_ASSERT(register_kprobe(&s) == 0);
	KT_ASSERT(register_kprobe(&c) == 0);
	KT_ASSERT(register_kretprobe(&r) == 0);
	KT_ASSERT(register_jprobe(&j) == 0);

	KT_EXPECT_EQ(edge_add(1, 1), 2);
	KT_EXPECT_EQ(counts[A_PRE], 1);
	KT_EXPECT_EQ(counts[S_PRE], 1);
	KT_EXPECT_EQ(counts[C_PRE], 1);
	KT_EXPECT_EQ(counts[R_ENTRY], 1);
	KT_EXPECT_EQ(counts[J_ENTRY], 1);
	KT_EXPECT_EQ(counts[A_POST], 1);
	KT_EXPECT_EQ(counts[S_POST], 0);          /* S was gone by then */
	KT_EXPECT_EQ(counts[C_POST], 1);
	KT_EXPECT_EQ(counts[R_RET], 1);
	KT_EXPECT_EQ(s.nhit, 1);
	KT_EXPECT_EQ(c.nhit, 1);
	KT_EXPECT_EQ(c.nmissed + r.kp.nmissed + j.kp.nmissed, 0);

	KT_EXPECT_EQ(edge_add(2, 2), 4);          /* S no longer runs */
	KT_EXPECT_EQ(counts[S_PRE], 1);
	KT_EXPECT_EQ(counts[A_PRE] + counts[C_PRE] + counts[R_ENTRY] + counts[J_ENTRY], 8);
	KT_EXPECT_EQ(counts[A_POST] + counts[C_POST] + counts[R_RET], 6);

	unregister_jprobe(&j);
	unregister_kretprobe(&r);
	unregister_kprobe(&c);
	unregister_kprobe(&a);
}

static void post_self_unregister(struct kprobe *p, struct pt_regs *r, unsigned long f)
{
	(void)r;
	(void)f;
	counts[S_POST]++;
	unregister_kprobe(p);
}

KTEST(self_unregister_in_post_handler_keeps_the_walk)
{
	struct kprobe a = { .symbol_name = "edge_add", .post_handler = post_a };
	struct kprobe s = { .symbol_name = "edge_add", .post_handler = post_self_unregister };
	struct kprobe c = { .symbol_name = "edge_add", .post_handler = post_c };

	memset(counts, 0, sizeof(counts));
	KT_ASSERT(register_kprobe(&a) == 0);
	KT_ASSERT(register_kprobe(&s) == 0);
	KT_ASSERT(register_kprobe(&c) == 0);
	KT_EXPECT_EQ(edge_add(1, 1), 2);
	KT_EXPECT_EQ(counts[A_POST], 1);
	KT_EXPECT_EQ(counts[S_POST], 1);
	KT_EXPECT_EQ(counts[C_POST], 1);
	KT_EXPECT_EQ(edge_add(1, 1), 2);
	KT_EXPECT_EQ(counts[A_POST], 2);
	KT_EXPECT_EQ(counts[S_POST], 1);
	KT_EXPECT_EQ(counts[C_POST], 2);
	KT_EXPECT_EQ(a.nmissed + c.nmissed, 0);
	unregister_kprobe(&c);
	unregister_kprobe(&a);
}

/* A handler may also unregister a member that has not run yet: that one
 * is skipped, the ones after it still run. */
static struct kprobe victim;

static int pre_unregister_victim(struct kprobe *p, struct pt_regs *r)
{
	(void)p;
	(void)r;
	counts[A_PRE]++;
	unregister_kprobe(&victim);
	return 0;
}

static int pre_victim(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; counts[S_PRE]++; return 0; }

KTEST(handler_unregisters_a_later_member)
{
	struct kprobe a = { .symbol_name = "edge_add", .pre_handler = pre_unregister_victim };
	struct kprobe c = { .symbol_name = "edge_add", .pre_handler = pre_c };

	memset(counts, 0, sizeof(counts));
	victim = (struct kprobe){ .symbol_name = "edge_add", .pre_handler = pre_victim };
	KT_ASSERT(register_kprobe(&a) == 0);
	KT_ASSERT(register_kprobe(&victim) == 0);
	KT_ASSERT(register_kprobe(&c) == 0);
	KT_EXPECT_EQ(edge_add(1, 1), 2);
	KT_EXPECT_EQ(counts[A_PRE], 1);
	KT_EXPECT_EQ(counts[S_PRE], 0);
	KT_EXPECT_EQ(counts[C_PRE], 1);
	unregister_kprobe(&c);
	unregister_kprobe(&a);
}

/* ------------------ a kretprobe unregistered from its own entry handler */

static struct kretprobe self_rp;
static int self_rp_entry_ret;

static int entry_self_unregister(struct kretprobe_instance *ri, struct pt_regs *r)
{
	(void)ri;
	(void)r;
	counts[R_ENTRY]++;
	unregister_kretprobe(&self_rp);
	return self_rp_entry_ret;
}

/*
 * The instance taken for this call must be freed -- neither run the
 * dead probe's return handler nor go back to its (freed) pool -- and a
 * kprobe after it at the same address still runs.  Both when the entry
 * handler returns 0 and when it asks to skip the call.
 */
KTEST(kretprobe_unregistered_in_its_entry_handler)
{
	for (int ret = 0; ret <= 1; ret++) {
		struct kprobe c = { .symbol_name = "edge_add", .pre_handler = pre_c };
		struct mem_stats before, after;

		memset(counts, 0, sizeof(counts));
		mem_get_stats(&before);
		self_rp_entry_ret = ret;
		self_rp = (struct kretprobe){ .kp.symbol_name = "edge_add", .handler = ret_r,
					      .entry_handler = entry_self_unregister, .maxactive = 3 };
		KT_ASSERT(register_kretprobe(&self_rp) == 0);
		KT_ASSERT(register_kprobe(&c) == 0);
		KT_EXPECT_EQ(edge_add(5, 5), 10);
		KT_EXPECT_EQ(counts[R_ENTRY], 1);
		KT_EXPECT_EQ(counts[R_RET], 0);       /* the probe was gone at return */
		KT_EXPECT_EQ(counts[C_PRE], 1);       /* the walk went on to c */
		KT_EXPECT_EQ(edge_add(5, 5), 10);
		KT_EXPECT_EQ(counts[R_ENTRY], 1);
		KT_EXPECT_EQ(counts[C_PRE], 2);
		unregister_kprobe(&c);
		mem_get_stats(&after);
		if (after.heap_objects != before.heap_objects)
			ktest_fail(__FILE__, __LINE__, "entry handler returning %d: %ld heap object(s) leaked",
				   ret, (long)(after.heap_objects - before.heap_objects));
	}
}

/* ------------------------------------------- kretprobe data_size bound */

KTEST(kretprobe_data_size_is_bounded)
{
	const size_t ri_size = sizeof(struct kretprobe_instance);
	const size_t bad[] = {
		(size_t)-1,                     /* ri_size + this wraps to ri_size - 1 */
		(size_t)-1 - ri_size + 1,       /* ... to 0 */
		(size_t)-1 - ri_size + 9,       /* ... to 8 */
		KRETPROBE_DATA_SIZE_LIMIT + 1,
	};
	int sites = kprobes_count();

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		struct kretprobe rp = { .kp.symbol_name = "edge_add", .handler = ret_r,
					.maxactive = 2, .data_size = bad[i] };
		int err = register_kretprobe(&rp);

		if (err != -EINVAL)
			ktest_fail(__FILE__, __LINE__, "data_size %zu: register gave %d, expected -EINVAL",
				   bad[i], err);
		if (err == 0)
			unregister_kretprobe(&rp);
		KT_EXPECT(rp.free_instances == NULL);
		KT_EXPECT(rp.kp.addr == NULL);
		KT_EXPECT_EQ(kprobes_count(), sites);
	}
	KT_EXPECT_EQ(edge_add(2, 2), 4);

	/* The limit itself is fine, and all of ri->data is usable. */
	struct kretprobe ok = { .kp.symbol_name = "edge_add", .handler = ret_r,
				.maxactive = 1, .data_size = KRETPROBE_DATA_SIZE_LIMIT };
	memset(counts, 0, sizeof(counts));
	KT_ASSERT(register_kretprobe(&ok) == 0);
	memset(ok.free_instances->data, 0xa5, KRETPROBE_DATA_SIZE_LIMIT);
	KT_EXPECT_EQ(edge_add(3, 4), 7);
	KT_EXPECT_EQ(counts[R_RET], 1);
	unregister_kretprobe(&ok);
}

/* ------------------------------------ a task that ends inside a handler */

enum exit_where { IN_PRE, IN_POST, IN_ONESHOT_PRE, IN_KRET_ENTRY, IN_KRET_RETURN, IN_JPROBE, NR_WHERE };
static const char *const where_names[NR_WHERE] = {
	"pre handler", "post handler", "pre handler after unregistering itself",
	"kretprobe entry handler", "kretprobe return handler", "jprobe entry",
};

#define EXIT_CODE 55

/* Only the worker ends; the test task may hit the same probe safely. */
static bool is_worker(void)
{
	return strcmp(current->name, "edge-exit") == 0;
}

static int pre_exit(struct kprobe *p, struct pt_regs *r) { (void)p; (void)r; if (is_worker()) task_exit(EXIT_CODE); return 0; }
static void post_exit(struct kprobe *p, struct pt_regs *r, unsigned long f) { (void)p; (void)r; (void)f; if (is_worker()) task_exit(EXIT_CODE); }
static int kret_exit(struct kretprobe_instance *ri, struct pt_regs *r) { (void)ri; (void)r; if (is_worker()) task_exit(EXIT_CODE); return 0; }

static int pre_oneshot_exit(struct kprobe *p, struct pt_regs *r)
{
	(void)r;
	if (is_worker()) {
		unregister_kprobe(p);     /* the site is now waiting for the hit to end */
		task_exit(EXIT_CODE);
	}
	return 0;
}

static int jp_entry_exit(int a, int b)
{
	(void)a;
	(void)b;
	if (is_worker())
		task_exit(EXIT_CODE);
	jprobe_return();
	return 0;
}

static int worker(void *arg) { (void)arg; return edge_add(1, 2); }

KTEST(task_ending_in_a_handler_leaves_the_engine_idle)
{
	for (int w = 0; w < NR_WHERE; w++) {
		struct kprobe kp = { .symbol_name = "edge_add" };
		struct kretprobe rp = { .kp.symbol_name = "edge_add", .handler = ret_r };
		struct jprobe jp = { .kp.symbol_name = "edge_add", .entry = jp_entry_exit };
		struct kprobe other = { .symbol_name = "edge_other", .pre_handler = pre_c,
					.post_handler = post_c };
		int pid, code = 0, err;

		if (w == IN_PRE) kp.pre_handler = pre_exit;
		if (w == IN_POST) kp.post_handler = post_exit;
		if (w == IN_ONESHOT_PRE) kp.pre_handler = pre_oneshot_exit;
		if (w == IN_KRET_ENTRY) rp.entry_handler = kret_exit;
		if (w == IN_KRET_RETURN) rp.handler = kret_exit;

		if (w == IN_KRET_ENTRY || w == IN_KRET_RETURN)
			err = register_kretprobe(&rp);
		else if (w == IN_JPROBE)
			err = register_jprobe(&jp);
		else
			err = register_kprobe(&kp);
		KT_ASSERT(err == 0);

		pid = task_create(worker, NULL, "edge-exit");
		KT_ASSERT(pid > 0);
		KT_EXPECT_EQ(task_wait(pid, &code), 0);
		if (code != EXIT_CODE)
			ktest_fail(__FILE__, __LINE__, "%s: worker exited with %d", where_names[w], code);
		if (kprobe_running() != NULL)
			ktest_fail(__FILE__, __LINE__, "%s: the engine is still in a hit", where_names[w]);

		/* The next probe hit, anywhere, runs its handlers. */
		memset(counts, 0, sizeof(counts));
		KT_ASSERT(register_kprobe(&other) == 0);
		KT_EXPECT_EQ(edge_other(3), 9);
		if (counts[C_PRE] != 1 || counts[C_POST] != 1 || other.nmissed != 0)
			ktest_fail(__FILE__, __LINE__, "%s: next hit ran pre %d, post %d times, %lu missed",
				   where_names[w], counts[C_PRE], counts[C_POST], other.nmissed);
		unregister_kprobe(&other);

		/* The probe the worker died in still works for us. */
		KT_EXPECT_EQ(edge_add(2, 3), 5);
		if (w == IN_KRET_ENTRY || w == IN_KRET_RETURN)
			unregister_kretprobe(&rp);
		else if (w == IN_JPROBE)
			unregister_jprobe(&jp);
		else
			unregister_kprobe(&kp);       /* the one-shot one is gone already */
	}
}
