/*
 * The probe engine: registering kprobes, and what happens on a hit.
 *
 * Every probed address has one "aggregate" probe, owned by the engine,
 * in a hash table keyed by address.  The aggregate owns the breakpoint
 * and the copied instruction; the user's struct kprobes are its members,
 * and it runs their handlers in registration order (a jprobe last).
 * This is the 2005 "multiple kprobes at an address" design, used for
 * every site, so there is only one path to read.
 *
 * A hit, in the order it happens (docs/probes.md tells it in full):
 *
 *   breakpoint trap -> kprobe_breakpoint_handler()
 *        finds the aggregate, runs the pre handlers (KPROBE_HIT_ACTIVE),
 *        points the CPU at the copied instruction with single-step on
 *        (KPROBE_HIT_SS), returns from the trap
 *   the copy runs, single-step trap -> kprobe_single_step_handler()
 *        fixes up the ip, runs the post handlers (KPROBE_HIT_SSDONE),
 *        returns from the trap to the instruction after the probe.
 *
 * A breakpoint hit while a handler or step is already in progress is a
 * reentrant hit: its instruction is stepped without running its
 * handlers (KPROBE_REENTER), its nmissed is counted, and the first
 * probe's state is put back afterwards -- "temporary disarming".
 *
 * There is one CPU, and the whole hit runs with interrupts off, so the
 * "per-CPU" state below is plain static data.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>
#include <sonde/bootargs.h>
#include <sonde/ktest.h>
#include <sonde/string.h>

#include "internal.h"

/* ------------------------------------------------------ the hash table */

#define KPROBE_HASH_BITS 12
static struct kprobe *kprobe_table[1 << KPROBE_HASH_BITS];
static int nr_sites;

/* Fibonacci hashing of the low 32 bits (the kernel is far below 4 GB): times
 * 2^32/phi, keep the top bits.  One multiply on every port, even i386. */
static unsigned int hash_addr(unsigned long addr)
{
	return ((uint32_t)addr * 0x9e3779b1u) >> (32 - KPROBE_HASH_BITS);
}

struct kprobe *get_kprobe(void *addr)
{
	struct kprobe *p = kprobe_table[hash_addr((unsigned long)addr)];

	while (p && p->addr != addr)
		p = p->hash_next;
	return p;
}

int kprobes_count(void) { return nr_sites; }
/* The test runner fails a test that leaves a probe site registered. */
LEAK_COUNTER("probe site(s) left registered", kprobes_count);

/* ------------------------------------------------ the state of a hit */

struct kprobe_state {
	/* status, then kp: an x86 fast detour sets these two words itself
	 * (arch/x86_common/kprobes_opt.c), with kp = the member it calls. */
	enum kprobe_status status;
	struct kprobe *kp;           /* the aggregate being handled      */
	struct kprobe *member;       /* the member whose handler runs    */
	struct kprobe *walk_next;    /* the member the walk visits next  */
	unsigned long saved;         /* arch state to restore after a step */
	/*
	 * A jprobe's entry is running: the jprobe and its break handler,
	 * kept from the moment it was entered, because the entry may
	 * unregister the jprobe before its jprobe_return() trap comes.
	 */
	struct kprobe *jprobe;
	kprobe_break_handler_t jprobe_break;
};
_Static_assert(KPROBE_HIT_ACTIVE == 1 && offsetof(struct kprobe_state, kp) == sizeof(long),
	       "the x86 fast detour writes status 1 and kp as the first two words");

/*
 * A site unregistered while its own hit is in progress (a handler that
 * unregisters its probe) is taken off the hash table at once but freed
 * only when the hit is over: the hit path still uses it.
 */
static struct kprobe *site_to_free;
static void free_site(struct kprobe *ap);

struct kprobe_state cur __asm__("kprobe_cur");   /* global for the detours, see above */
static struct kprobe_state prev;  /* under a reentrant hit */

/*
 * Explain mode: narrate every step of every hit on the console, for
 * students.  Off, it costs one test of this flag at each step.
 */
bool kprobes_explain;
bool kprobes_emulate = true;      /* <sonde/kprobes.h> */

static int set_explain(const char *v)
{
	kprobes_explain = !(v[0] == '0' || strcmp(v, "off") == 0);
	return 0;
}
BOOTARG("explain", set_explain, "narrate every probe hit (explain, explain=off)");

struct kprobe *kprobe_running(void)
{
	return cur.status == KPROBE_NONE ? NULL : (cur.member ? cur.member : cur.kp);
}

/* A site unregistered during the hit is freed once no hit uses it. */
static __attribute__((noinline)) void free_pending_site(void)
{
	if (!(site_to_free == prev.kp && prev.status != KPROBE_NONE)) {
		free_site(site_to_free);
		site_to_free = NULL;
	}
}

/*
 * The hit is over.  The status alone says whether a hit is in progress;
 * member and jprobe are already NULL (the walks leave them so), and kp
 * and walk_next are set before a hit reads them.
 */
static inline void reset_current(void)
{
	if (site_to_free)                 /* rare: one test on the hit path */
		free_pending_site();
	cur.status = KPROBE_NONE;
}

/*
 * From the task exit hook (probe/kretprobes.c): a task that ends inside
 * a handler -- task_exit() there, or a failing KT_ASSERT, which calls
 * it -- never comes back to finish its hit.  What the hit changed in
 * the machine is in that task's trap frame (interrupts off, the ip sent
 * into a jprobe's entry) and dies with its stack; the CPU cleared its
 * own trap flag (MSR_SE on ppc64) when it took the trap, it goes on
 * with the exit path's state, interrupts off, and the next task
 * restores its own.  What is left is ours: end the hit here, as
 * if it had finished, or every later hit on every probe would look
 * reentrant and run no handler.
 *
 * The hit is always the exiting task's: exit hooks run in the task
 * that exits, and a hit runs with interrupts off from the trap to its
 * end, so no other task can run -- let alone exit -- in the middle of
 * one.  So the hit path need not record its task.
 */
void kprobe_abandon_hit(struct task *t)
{
	if (cur.status == KPROBE_NONE)
		return;
	printk("kprobes: task %d (%s) ended inside the hit at %s; the hit is abandoned\n",
	       t->pid, t->name, kprobe_site_name((unsigned long)cur.kp->addr));
	prev.status = KPROBE_NONE;        /* not inside a step: nothing saved */
	cur.member = cur.jprobe = NULL;   /* left in a handler's middle */
	reset_current();
}

/* Print "sym+0xoff" for explain mode and error messages. */
const char *kprobe_site_name(unsigned long addr)
{
	static char buf[96];

	ksym_format(addr, buf, sizeof(buf));
	return buf;
}

/* Count a missed hit on every member of the aggregate. */
static void count_missed(struct kprobe *ap)
{
	for (struct kprobe *m = ap->member_next; m; m = m->member_next)
		m->nmissed++;
}

/* ---------------------------------------------- the aggregate handlers */

static bool member_enabled(const struct kprobe *m)
{
	return !(m->flags & KPROBE_FLAG_DISABLED);
}

/*
 * The walks below may run a handler that unregisters its own probe, or
 * another member of this site: unregistering unlinks the member at
 * once.  So the walk keeps the member it visits next in cur.walk_next,
 * taken before each handler runs, and unregister_kprobe() moves it on
 * when it removes that very member.  Every member still registered
 * runs exactly once per hit, and a handler may even free its own
 * struct kprobe after unregistering it: the walk never looks at it
 * again.
 *
 * Run each enabled member's pre handler.  A non-zero return ("I moved
 * the ip, do not step") ends the walk; only a jprobe does that, and it
 * is always the last member.  Every site's pre_handler is this one, so
 * the breakpoint handler calls it directly and the compiler puts it
 * inline there (a call and a stack frame fewer on every hit).
 */
static inline __attribute__((always_inline))
int aggr_pre_handler(struct kprobe *ap, struct pt_regs *regs)
{
	for (struct kprobe *m = ap->member_next; m; m = cur.walk_next) {
		cur.walk_next = m->member_next;
		if (!member_enabled(m))
			continue;
		m->nhit++;
		if (!m->pre_handler)
			continue;
		cur.member = m;
		if (kprobes_explain)
			printk("explain:   calling pre_handler %s\n",
			       kprobe_site_name(func_entry(m->pre_handler)));
		kprobe_break_handler_t brk = m->break_handler;
		if (m->pre_handler(m, regs)) {
			/* Only a jprobe comes back (through jprobe_return). */
			cur.jprobe = brk ? m : NULL;
			cur.jprobe_break = brk;
			cur.member = cur.walk_next = NULL;
			return 1;
		}
	}
	cur.member = NULL;
	return 0;
}

static inline __attribute__((always_inline))
void aggr_post_handler(struct kprobe *ap, struct pt_regs *regs, unsigned long flags)
{
	for (struct kprobe *m = ap->member_next; m; m = cur.walk_next) {
		cur.walk_next = m->member_next;
		if (!member_enabled(m) || !m->post_handler)
			continue;
		cur.member = m;
		if (kprobes_explain)
			printk("explain:   calling post_handler %s\n",
			       kprobe_site_name(func_entry(m->post_handler)));
		m->post_handler(m, regs, flags);
	}
	cur.member = NULL;
}

/* ------------------------------------------------------------ the hit */

static inline __attribute__((always_inline))
void start_single_step(struct kprobe *ap, struct pt_regs *regs,
			      enum kprobe_status status)
{
	cur.status = status;
	arch_prepare_singlestep(ap, regs, &cur.saved);
	if (kprobes_explain)
		printk("explain:   single-stepping the copied instruction at slot %p\n",
		       (void *)ap->ainsn.insn);
}

/* The instruction is done: run the post handlers, and the hit is over. */
static inline __attribute__((always_inline))
void finish_hit(struct kprobe *ap, struct pt_regs *regs)
{
	cur.status = KPROBE_HIT_SSDONE;
	if (ap->post_handler)             /* it is aggr_post_handler: inline */
		aggr_post_handler(ap, regs, 0);
	if (kprobes_explain)
		printk("explain:   done, resuming at %s\n",
		       kprobe_site_name(instruction_pointer(regs)));
	reset_current();
}

/*
 * The handlers have run: now the original instruction, in one trap if
 * the architecture can.  With nothing to run after it, it may "boost"
 * it (run the copy and jump straight back, no second trap).  Or it may
 * emulate it (do its work on regs, so the post handlers can run at
 * once).  Otherwise single-step the copy: a second trap.
 */
static inline __attribute__((always_inline))
void run_original(struct kprobe *ap, struct pt_regs *regs)
{
	if (__builtin_expect(!ap->post_handler && arch_try_boost(ap, regs), 1)) {
		if (kprobes_explain)
			printk("explain:   boosted: running the copy at slot %p, then jumping back\n",
			       (void *)ap->ainsn.insn);
		reset_current();
		return;
	}
	if (arch_emulate(ap, regs)) {
		if (kprobes_explain)
			printk("explain:   emulated the instruction on the saved registers: no copy, no step\n");
		finish_hit(ap, regs);
		return;
	}
	start_single_step(ap, regs, KPROBE_HIT_SS);
}

/*
 * A jprobe's entry is over, regs the probe's registers again: put back
 * by the break handler after jprobe_return()'s trap (inlined there), or,
 * on x86 and ppc64, never touched.  Go on as after the pre handlers.
 */
inline __attribute__((always_inline)) bool kprobe_jprobe_done(struct pt_regs *regs)
{
	if (cur.status != KPROBE_HIT_ACTIVE || !cur.jprobe)
		return false;
	cur.jprobe = NULL;
	run_original(cur.kp, regs);
	return true;
}

/* The trampoline's probe, which every kretprobe's return hits: one member,
 * always on, that sets the ip.  No lookup, walk, step or site to free. */
static __attribute__((noinline)) bool trampoline_hit(struct pt_regs *regs)
{
	cur.kp = &trampoline_probe;
	cur.status = KPROBE_HIT_ACTIVE;
	trampoline_probe.nhit++;
	trampoline_probe.pre_handler(&trampoline_probe, regs);
	cur.status = KPROBE_NONE;
	return true;
}

static __attribute__((noinline)) bool kprobe_hit(struct pt_regs *regs)
{
	unsigned long addr = arch_breakpoint_address(regs);
	struct kprobe *ap = get_kprobe((void *)addr);

	if (cur.status != KPROBE_NONE) {
		if (ap) {
			/* A probe hit inside a handler or a step. */   /* LAB 4: BEGIN reenter */
			if (cur.status == KPROBE_REENTER) {
				static char here[96], there[96];   /* it panics: no frame for them */
				ksym_format(addr, here, sizeof(here));
				ksym_format((unsigned long)cur.kp->addr, there, sizeof(there));
				panic("kprobes: unrecoverable nested probe hit at %s "
				      "while already handling a reentrant hit at %s", here, there);
			}
			prev = cur;
			cur.kp = ap;
			cur.member = NULL;
			count_missed(ap);
			if (kprobes_explain)
				printk("explain: reentrant hit at %s: stepping it without handlers (nmissed++)\n",
				       kprobe_site_name(addr));
			start_single_step(ap, regs, KPROBE_REENTER);
			return true;                    /* LAB 4: END reenter */
		}
		/*
		 * Not a probe site: the breakpoint in jprobe_return()?  Ask
		 * the break handler kept when the entry began: the entry may
		 * have unregistered its jprobe since (the site is then off
		 * the hash table and freed when this hit ends, see
		 * unregister_site), but it still has to be led back.
		 */
		return cur.status == KPROBE_HIT_ACTIVE && cur.jprobe &&
		       cur.jprobe_break(cur.jprobe, regs) && kprobe_jprobe_done(regs);
	}
	if (!ap)
		return false;

	cur.kp = ap;
	cur.status = KPROBE_HIT_ACTIVE;
	if (kprobes_explain)
		printk("explain: breakpoint hit at %s\n", kprobe_site_name(addr));
	if (aggr_pre_handler(ap, regs)) {
		/*
		 * A handler set the ip itself: a jprobe (which comes back
		 * through its break handler, so the hit stays active) or
		 * anything else, such as the return trampoline (finished).
		 */
		if (!cur.jprobe)
			reset_current();
		return true;
	}
	run_original(ap, regs);
	return true;
}

/* The hook (no frame: it only jumps).  Reentrant or explained: the general path. */
static __attribute__((optimize("omit-frame-pointer")))
bool kprobe_breakpoint_handler(struct pt_regs *regs)
{
	if (arch_breakpoint_address(regs) == (unsigned long)kretprobe_trampoline &&
	    cur.status == KPROBE_NONE && !kprobes_explain)
		return trampoline_hit(regs);
	return kprobe_hit(regs);
}

/*
 * A hit through a jump-optimised site (probe/optprobes.c): the port's
 * detour saved regs as the breakpoint would have, and runs the
 * relocated instructions itself afterwards, so there is nothing to
 * step.  A hit inside another hit runs no handlers and counts nmissed,
 * as a reentrant breakpoint hit does.
 */
int kprobe_optimized_hit(struct kprobe *ap, struct pt_regs *regs)
{
	if (cur.status != KPROBE_NONE) {
		count_missed(ap);
		if (kprobes_explain)
			printk("explain: reentrant hit at %s (jump-optimised): no handlers (nmissed++)\n",
			       kprobe_site_name((unsigned long)ap->addr));
		return 0;
	}
	cur.kp = ap;
	cur.status = KPROBE_HIT_ACTIVE;
	if (kprobes_explain)
		printk("explain: jump-optimised hit at %s: jmp to the detour, which saved the "
		       "registers (no trap)\n", kprobe_site_name((unsigned long)ap->addr));
	int moved = ap->pre_handler(ap, regs);   /* no jprobe here */
	reset_current();
	return moved;                     /* non-zero: a handler set the ip */
}

/* The single-step hook: true if this step was ours. */
static bool kprobe_single_step_handler(struct pt_regs *regs)
{
	struct kprobe *ap = cur.kp;

	if (cur.status != KPROBE_HIT_SS && cur.status != KPROBE_REENTER)
		return false;
	arch_finish_singlestep(ap, regs, cur.saved);
	if (cur.status == KPROBE_REENTER) {     /* LAB 4: BEGIN step_done */
		cur = prev;               /* back to the interrupted hit */
		prev.status = KPROBE_NONE;
		if (kprobes_explain)
			printk("explain:   reentrant step done, back to %s\n",
			       kprobe_site_name((unsigned long)cur.kp->addr));
		return true;
	}                                       /* LAB 4: END step_done */
	finish_hit(ap, regs);
	return true;
}

/*
 * A fault while a probe is active.  If it came from the copied
 * instruction, put the ip back at the probe site so that the report
 * names the real place.  Then give the probe's fault_handler a chance;
 * if it returns non-zero it has dealt with the fault (for example by
 * moving the ip past the faulting instruction).
 */
/* Offer a fault to the fault handlers of ap's enabled members. */
static bool members_handle_fault(struct kprobe *ap, struct pt_regs *regs, unsigned long trapnr)
{
	for (struct kprobe *m = ap->member_next; m; m = m->member_next)
		if (member_enabled(m) && m->fault_handler &&
		    m->fault_handler(m, regs, (int)trapnr))
			return true;
	return false;
}

/* The site whose slot holds addr (a fault in a boosted copy), or NULL. */
static struct kprobe *site_of_slot(unsigned long addr)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kprobe_table); i++)
		for (struct kprobe *ap = kprobe_table[i]; ap; ap = ap->hash_next)
			if (addr - (unsigned long)ap->ainsn.insn < ARCH_INSN_SLOT_SIZE)
				return ap;
	return NULL;
}

void kprobe_for_each_site(void (*fn)(struct kprobe *ap))
{
	for (unsigned i = 0; i < ARRAY_SIZE(kprobe_table); i++)
		for (struct kprobe *ap = kprobe_table[i], *next; ap; ap = next) {
			next = ap->hash_next;
			fn(ap);
		}
}

static bool kprobe_fault_handler(struct pt_regs *regs, unsigned long trapnr)
{
	struct kprobe *ap;

	if (cur.status == KPROBE_NONE) {
		/* Not in a hit -- unless a boosted copy faulted in its slot. */
		ap = site_of_slot(instruction_pointer(regs));
		if (!ap || !arch_boost_fault(ap, regs))
			return false;
		printk("kprobes: fault %lu in the copied instruction of the probe at %s\n",
		       trapnr, kprobe_site_name((unsigned long)ap->addr));
		return members_handle_fault(ap, regs, trapnr);
	}
	if (cur.status == KPROBE_HIT_SS || cur.status == KPROBE_REENTER) {
		/* The copy faulted: back to the probe site, and out of the hit. */
		ap = cur.kp;
		arch_abort_singlestep(ap, regs, cur.saved);
		if (cur.status == KPROBE_REENTER) {
			/* One line names both probes: the outer hit goes on. */
			char outer[96];
			ksym_format((unsigned long)prev.kp->addr, outer, sizeof(outer));
			printk("kprobes: fault %lu while single-stepping the probe at %s, "
			       "reentered from a handler of the probe at %s\n",
			       trapnr, kprobe_site_name((unsigned long)ap->addr), outer);
			cur = prev;
			prev.status = KPROBE_NONE;
			return members_handle_fault(ap, regs, trapnr);
		}
		printk("kprobes: fault %lu while single-stepping the probe at %s\n",
		       trapnr, kprobe_site_name((unsigned long)ap->addr));
		/*
		 * A site unregistered during its own hit has no members
		 * left, and reset_current() frees it: do not touch it after.
		 */
		bool orphan = ap == site_to_free;
		reset_current();
		return !orphan && members_handle_fault(ap, regs, trapnr);
	}
	/* In a handler: that member's fault handler, if it has one. */
	struct kprobe *m = cur.member;
	if (m && m->fault_handler && m->fault_handler(m, regs, (int)trapnr))
		return true;
	printk("kprobes: fault %lu in a handler of the probe at %s\n",
	       trapnr, kprobe_site_name((unsigned long)cur.kp->addr));
	return false;
}

/* ------------------------------------------------------- registration */

extern char __kprobes_text_start[], __kprobes_text_end[];

bool kprobe_on_blacklist(unsigned long addr)
{
	return addr >= (unsigned long)__kprobes_text_start &&
	       addr < (unsigned long)__kprobes_text_end;
}

/* Turn addr or symbol_name+offset into the probe address. */
int kprobe_resolve(struct kprobe *p, unsigned long *addr)
{
	const struct ksym *s;

	if (!!p->addr == !!p->symbol_name)
		return -EINVAL;           /* exactly one of the two */
	if (p->symbol_name) {
		s = ksym_by_name(p->symbol_name);
		if (!s)
			return -ENOENT;
		if (!ksym_is_function(s))
			return -EINVAL;   /* a data symbol */
		if (s->size && p->offset >= s->size)
			return -EINVAL;   /* past the function's end */
		*addr = s->addr + p->offset;
	} else {
		*addr = (unsigned long)p->addr + p->offset;
	}
	if (*addr < (unsigned long)_text_start || *addr >= (unsigned long)_text_end)
		return -EINVAL;           /* not kernel code */
	return 0;
}

/* Is p a member of the aggregate ap? */
static bool is_member(struct kprobe *ap, struct kprobe *p)
{
	for (struct kprobe *m = ap->member_next; m; m = m->member_next)
		if (m == p)
			return true;
	return false;
}

/* Is p registered?  (Its addr is then the resolved address.) */
bool kprobe_is_registered(struct kprobe *p)
{
	unsigned long flags = arch_irq_save();
	struct kprobe *ap = p->addr ? get_kprobe(p->addr) : NULL;
	bool yes = ap && is_member(ap, p);

	arch_irq_restore(flags);
	return yes;
}

/*
 * Arming and disarming are the same on almost every architecture: the
 * port says what a breakpoint looks like (BREAKPOINT_INSTRUCTION, one
 * kprobe_opcode_t, in <arch/kprobes.h>) and writes text for us
 * (arch_text_poke); the engine keeps the unit the breakpoint covers in
 * ap->opcode.  (Linux has every port write its own arch_arm_kprobe()
 * and arch_disarm_kprobe(), nearly all alike.)  A port whose breakpoint
 * is not such a unit -- ia64's goes into a 41-bit slot of a bundle --
 * defines ARCH_ARM_KPROBE and writes those two itself.
 */
static void arm_kprobe(struct kprobe *ap)
{
#ifdef ARCH_ARM_KPROBE
	arch_arm_kprobe(ap);
#else
	kprobe_opcode_t bp = BREAKPOINT_INSTRUCTION;

	arch_text_poke(ap->addr, &bp, sizeof(bp));
#endif
}

static void disarm_kprobe(struct kprobe *ap)
{
#ifdef ARCH_ARM_KPROBE
	arch_disarm_kprobe(ap);
#else
	arch_text_poke(ap->addr, &ap->opcode, sizeof(ap->opcode));
#endif
}

/*
 * Arm or disarm the site so that it matches its members, and give it a
 * post handler only if a member has one: a hit with no post handler to
 * run then skips the walk over the members.
 */
static void update_armed(struct kprobe *ap)
{
	bool want = false, post = false;

	optprobe_undo(ap);                /* a jump goes back to int3 first */
	for (struct kprobe *m = ap->member_next; m; m = m->member_next)
		post |= m->post_handler != NULL;
	ap->post_handler = post ? aggr_post_handler : NULL;

	for (struct kprobe *m = ap->member_next; m; m = m->member_next)
		want |= member_enabled(m);
	if (want && (ap->flags & KPROBE_FLAG_DISABLED)) {
		arm_kprobe(ap);
		ap->flags &= ~KPROBE_FLAG_DISABLED;
	} else if (!want && !(ap->flags & KPROBE_FLAG_DISABLED)) {
		disarm_kprobe(ap);
		ap->flags |= KPROBE_FLAG_DISABLED;
	}
	optprobe_try(ap);                 /* and a jump again, if it qualifies */
}

/* Add p to ap's members: at the end, but before a jprobe. */
static int add_member(struct kprobe *ap, struct kprobe *p)
{
	struct kprobe **pp = &ap->member_next;

	if (p->break_handler)
		for (struct kprobe *m = ap->member_next; m; m = m->member_next)
			if (m->break_handler)
				return -EEXIST;   /* one jprobe per address */
	while (*pp && !(*pp)->break_handler)
		pp = &(*pp)->member_next;
	p->member_next = *pp;
	*pp = p;
	p->aggr = ap;
	p->opcode = ap->opcode;
	p->ainsn = ap->ainsn;
	return 0;
}

int register_kprobe_checked(struct kprobe *p, bool allow_blacklisted)
{
	unsigned long addr, flags;
	struct kprobe *ap;
	int err;

	kprobe_opcode_t *given_addr = p->addr;
	unsigned int given_offset = p->offset;

	if (kprobe_is_registered(p))
		return -EEXIST;

	err = kprobe_resolve(p, &addr);
	if (err)
		return err;
	if (!allow_blacklisted && kprobe_on_blacklist(addr))
		return -EPERM;

	flags = arch_irq_save();
	ap = get_kprobe((void *)addr);
	/*
	 * From now on addr holds the resolved address (as in Linux).  An
	 * offset given with addr has been applied, so it is cleared; one
	 * given with symbol_name is kept for listings.
	 */
	p->addr = (kprobe_opcode_t *)addr;
	if (!p->symbol_name)
		p->offset = 0;
	p->nmissed = p->nhit = 0;
	p->member_next = NULL;

	if (!ap) {
		optprobe_clear_around(addr);  /* no jump may cover the new site */
		ap = kmalloc(sizeof(*ap));
		if (!ap) {
			err = -ENOMEM;
			goto out;
		}
		ap->addr = p->addr;
		ap->flags = KPROBE_FLAG_DISABLED;
		ap->pre_handler = aggr_pre_handler;
		ap->post_handler = aggr_post_handler;
		/* The slot first: the port checks the instruction and copies
		 * it there (and on x86_64 rebases it for the slot's address). */
		ap->ainsn.insn = get_insn_slot();
		err = ap->ainsn.insn ? arch_prepare_kprobe(ap) : -ENOMEM;
		if (err) {
			if (ap->ainsn.insn)
				free_insn_slot(ap->ainsn.insn);
			kfree(ap);
			goto out;
		}
		ap->opcode = *ap->addr;   /* what arming will cover */
		unsigned int h = hash_addr(addr);
		ap->hash_next = kprobe_table[h];
		kprobe_table[h] = ap;
		nr_sites++;
	}
	err = add_member(ap, p);
	if (!err)
		update_armed(ap);
	else if (!ap->member_next)
		unregister_site(ap);
out:
	if (err) {                        /* as the caller gave it: can retry */
		p->addr = given_addr;
		p->offset = given_offset;
	}
	arch_irq_restore(flags);
	return err;
}

static void free_site(struct kprobe *ap)
{
	free_insn_slot(ap->ainsn.insn);
	kfree(ap);
}

/* Remove an aggregate with no members left, restoring the original. */
void unregister_site(struct kprobe *ap)
{
	struct kprobe **pp = &kprobe_table[hash_addr((unsigned long)ap->addr)];

	optprobe_undo(ap);
	if (!(ap->flags & KPROBE_FLAG_DISABLED))
		disarm_kprobe(ap);
	while (*pp != ap)
		pp = &(*pp)->hash_next;
	*pp = ap->hash_next;
	nr_sites--;
	if ((ap == cur.kp && cur.status != KPROBE_NONE) ||
	    (ap == prev.kp && prev.status != KPROBE_NONE))
		site_to_free = ap;        /* its own hit is in progress */
	else
		free_site(ap);
}

int register_kprobe(struct kprobe *p)
{
	if (p->break_handler && p->pre_handler != setjmp_pre_handler)
		return -EINVAL;           /* break handlers are for jprobes */
	return register_kprobe_checked(p, false);
}

void unregister_kprobe(struct kprobe *p)
{
	unsigned long flags = arch_irq_save();
	struct kprobe *ap = get_kprobe(p->addr);
	struct kprobe **pp;

	if (!ap || !is_member(ap, p)) {
		arch_irq_restore(flags);
		return;                   /* not registered: nothing to do */
	}
	/* A walk over the members may be about to visit p: skip it. */
	if (cur.walk_next == p)
		cur.walk_next = p->member_next;
	for (pp = &ap->member_next; *pp != p; pp = &(*pp)->member_next)
		;
	*pp = p->member_next;
	p->member_next = NULL;
	p->aggr = NULL;
	/* Unlike Linux, a probe given by name can be registered again as
	 * it is: forget the address we resolved for it. */
	if (p->symbol_name)
		p->addr = NULL;
	if (ap->member_next)
		update_armed(ap);         /* others remain */
	else
		unregister_site(ap);      /* the last one: original back */
	arch_irq_restore(flags);
}

int register_kprobes(struct kprobe **kps, int num)
{
	for (int i = 0; i < num; i++) {
		int err = register_kprobe(kps[i]);
		if (err) {
			unregister_kprobes(kps, i);
			return err;
		}
	}
	return 0;
}

void unregister_kprobes(struct kprobe **kps, int num)
{
	for (int i = 0; i < num; i++)
		unregister_kprobe(kps[i]);
}

static int set_enabled(struct kprobe *p, bool enable)
{
	unsigned long flags = arch_irq_save();
	struct kprobe *ap = get_kprobe(p->addr);

	if (!ap || !is_member(ap, p)) {
		arch_irq_restore(flags);
		return -EINVAL;
	}
	if (enable)
		p->flags &= ~KPROBE_FLAG_DISABLED;
	else
		p->flags |= KPROBE_FLAG_DISABLED;
	update_armed(ap);
	arch_irq_restore(flags);
	return 0;
}

int enable_kprobe(struct kprobe *p)  { return set_enabled(p, true); }
int disable_kprobe(struct kprobe *p) { return set_enabled(p, false); }

/* --------------------------------------------------------------- init */

void kprobes_init(void)
{
	breakpoint_hook = kprobe_breakpoint_handler;
	single_step_hook = kprobe_single_step_handler;
	fault_hook = kprobe_fault_handler;
	kretprobes_init();            /* and the trampoline's probe */
	optprobe_init(__builtin_frame_address(0));   /* where idle's stack ends */
}

/* LAB 4: STUB reenter
 *	// LAB 4: your code here (labs/04-reentrancy/README.md): a probe hit
 *	// while another hit is in progress.  Save cur in prev, make ap the
 *	// current site, count the miss on its members (count_missed) and
 *	// single-step its instruction with the state KPROBE_REENTER -- no
 *	// handlers.
 *	char here[96];
 *	ksym_format(addr, here, sizeof(here));
 *	(void)count_missed;
 *	panic("LAB 4: a probe hit at %s inside the hit at %s: "
 *	      "kprobe_breakpoint_handler() in probe/kprobes.c does not "
 *	      "handle reentrant hits yet", here,
 *	      kprobe_site_name((unsigned long)cur.kp->addr));
 */

/* LAB 4: STUB step_done
 *	// LAB 4: and here: when the step of a reentrant hit is over, put the
 *	// interrupted hit back (prev), and return without running any post
 *	// handler.
 */
