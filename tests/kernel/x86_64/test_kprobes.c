/*
 * The x86_64-only kprobe test.  Its target, fx_load, is in
 * probe_targets.S beside this file.
 */
#include <sonde/ktest.h>
#include <sonde/kprobes.h>
#include <sonde/arch.h>

static int faults_seen;

/* The probe's handlers do nothing: the test is about the fault. */
static int fx_pre(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	(void)regs;
	return 0;
}

static void fx_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	(void)p;
	(void)regs;
	(void)flags;
}

/*
 * A fault in the copied instruction itself -- stepped (with a post
 * handler) or boosted (without) -- reaches the probe's fault_handler
 * with regs back at the probe site.
 */
extern char fx_load[];
static unsigned long copy_fault_ip;

static int fix_load_fault(struct kprobe *p, struct pt_regs *regs, int trapnr)
{
	(void)p;
	(void)trapnr;
	faults_seen++;
	copy_fault_ip = regs->ip;
	regs->ax = 0xdead;                 /* as if the load gave this */
	regs->ip += 3;                     /* past "mov (%rdi),%rax" */
	return 1;
}

KTEST(x86_64_fault_in_copied_instruction)
{
	unsigned long (*load)(unsigned long) = (unsigned long (*)(unsigned long))fx_load;

	for (int with_post = 0; with_post < 2; with_post++) {
		struct kprobe kp = { .symbol_name = "fx_load", .pre_handler = fx_pre,
				     .post_handler = with_post ? fx_post : NULL,
				     .fault_handler = fix_load_fault };
		unsigned long x = 77;

		faults_seen = 0;
		KT_ASSERT(register_kprobe(&kp) == 0);
		KT_EXPECT_EQ(load((unsigned long)&x), 77);               /* a good pointer */
		KT_EXPECT_EQ(load(0x8000000000000000ul), 0xdead);        /* #GP, handled */
		unregister_kprobe(&kp);
		KT_EXPECT_EQ(faults_seen, 1);
		KT_EXPECT_EQ(copy_fault_ip, (unsigned long)fx_load);     /* the real site */
		KT_EXPECT(kprobe_running() == NULL);
	}
}
