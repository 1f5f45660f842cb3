/*
 * Jump-optimised probes: a breakpoint that qualifies becomes a jump.
 *
 * An int3 hit costs two trips through the trap path.  When the
 * instructions under a probe can run elsewhere, the port can instead
 * write a jump over them to a "detour" that saves the registers as a
 * struct pt_regs, calls the handlers, restores the registers, runs the
 * relocated instructions and jumps back -- no trap at all (Linux's
 * optprobes, 2010).  This file decides which sites qualify and when,
 * and owns the detours; the port writes them (arch_prepare_optprobe(),
 * x86: arch/x86_common/kprobes_opt.c), and probe/kprobes.c runs the
 * hit (kprobe_optimized_hit()).
 *
 * A site is optimised only after it is armed as a breakpoint, and only
 * while every member can live without the trap: no post handler (the
 * detour steps nothing), no jprobe (it changes the ip and comes back
 * through a trap), no fault handler (a fault in the relocated copy is
 * not inside a hit).  A kretprobe's entry qualifies: it only swaps the
 * return address on the stack, which the detour's regs point at.
 * Un-optimising comes first whenever a site changes (update_armed),
 * so disarming and unregistering find the breakpoint they expect.
 *
 * Live text and one CPU: the patch itself runs with interrupts off, so
 * nothing executes while the bytes change -- except a task that was
 * preempted in the middle of them earlier.  So before the jump goes
 * in, no task's stack may hold an address inside the jump's tail
 * (bytes 1..4); if one does the site stays a breakpoint and a timer
 * tick tries again.  The same holds for a detour: it is only retired
 * when un-optimised (the port makes a task that resumes in it go back
 * to the site, whatever that holds by then) and used again once no
 * stack holds an address inside it.  docs/probes.md tells the whole sequence.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/bootargs.h>
#include <sonde/errno.h>
#include <sonde/string.h>
#include <sonde/task.h>

#include "internal.h"

bool kprobes_optimize;

#ifdef ARCH_OPTPROBE_SIZE

#define NR_DETOURS 1024

enum { DETOUR_FREE, DETOUR_USED, DETOUR_RETIRED, DETOUR_HELD };

/*
 * The detours: in .bss, inside the kernel image, so always within a
 * jump's reach of its code; Sonde maps all memory executable.
 */
static uint8_t detours[NR_DETOURS][ARCH_OPTPROBE_SIZE] __attribute__((aligned(16)));
static struct kprobe *owner[NR_DETOURS];
static unsigned long site[NR_DETOURS];   /* the address it was made for */
static uint8_t state[NR_DETOURS];
static bool retry;                /* a site waits for a task to move on */

/* ---------------------------------------------- what stacks hold */

/*
 * The words of a stack scan are compared with [scan_lo, scan_hi).  The
 * running task is not stopped anywhere, and no return address can
 * point into the bytes a qualifying jmp covers (a call there would
 * have to be the last covered instruction): it is skipped -- except
 * from the timer tick, which stopped it in whatever code it was
 * running.  Then it is scanned from scan_from, the tick hook's frame:
 * below are only our own frames, whose arguments (on i386's stack)
 * hold the very addresses we look for; above, the interrupted code's
 * trap frame.
 */
static unsigned long scan_lo, scan_hi, *scan_from;
static bool scan_found;

/*
 * The idle task runs on the boot stack, whose top we are not told.
 * kmain() calls kprobes_init(), which passes us its frame, and later
 * idle_loop() at the same depth: whatever idle has on its stack lies
 * below that frame, or in the few words above it (the return address).
 */
static unsigned long *idle_top;

void optprobe_init(void *frame)
{
	idle_top = (unsigned long *)frame + 16;
}

static void scan_task(struct task *t, void *arg)
{
	unsigned long *w, *end;

	(void)arg;
	if (t == current && !scan_from)
		return;
	if (t == current)
		w = scan_from;
	else if (t->state == TASK_ZOMBIE && !t->stack)
		return;                   /* gone: nothing of it runs again */
	else
		w = (unsigned long *)t->saved_sp;
	end = t->stack ? (unsigned long *)((char *)t->stack + TASK_STACK_SIZE) : idle_top;
	for (; w < end; w++) {
		if (*w - scan_lo >= scan_hi - scan_lo)
			continue;
		scan_found = true;
		unsigned long i = (*w - (unsigned long)detours) / ARCH_OPTPROBE_SIZE;
		if (i < NR_DETOURS && state[i] == DETOUR_RETIRED)
			state[i] = DETOUR_HELD;
	}
}

/*
 * Does any task's stack hold a word in [lo, hi)?  The saved ip of a
 * preempted task is in the trap frame on its stack, so this finds
 * every task stopped in that range -- and, conservatively, any other
 * word that happens to look like an address there.
 */
static bool stacks_hold(unsigned long lo, unsigned long hi)
{
	scan_lo = lo;
	scan_hi = hi;
	scan_found = false;
	task_for_each(scan_task, NULL);
	return scan_found;
}

/* ---------------------------------------------------------- detours */

/*
 * A free detour, or -1.  When none is left, take back the retired ones
 * no stack points into -- never during a hit, whose task is about to
 * return into its detour.
 */
static int get_detour(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < NR_DETOURS; i++)
			if (state[i] == DETOUR_FREE)
				return i;
		if (pass || kprobe_running())
			break;
		stacks_hold((unsigned long)detours, (unsigned long)detours + sizeof(detours));
		for (int i = 0; i < NR_DETOURS; i++)
			state[i] = state[i] == DETOUR_HELD ? DETOUR_RETIRED :
				   state[i] == DETOUR_RETIRED ? DETOUR_FREE : state[i];
	}
	return -1;
}

/*
 * For the unwinder (kretprobe_fixup_return): a return address inside a
 * detour -- a fast detour calls the handler itself -- stands for its site.
 */
unsigned long optprobe_unwind(unsigned long addr)
{
	unsigned long i = (addr - (unsigned long)detours) / ARCH_OPTPROBE_SIZE;

	return i < NR_DETOURS ? site[i] : addr;
}

/* ------------------------------------------------ optimise, or not */

/* Can every member do without the trap?  (See the top of the file.) */
static bool qualifies(const struct kprobe *ap)
{
	for (const struct kprobe *m = ap->member_next; m; m = m->member_next)
		if (m->post_handler || m->break_handler || m->fault_handler)
			return false;
	return ap->member_next != NULL;
}

void optprobe_try(struct kprobe *ap)
{
	unsigned long addr = (unsigned long)ap->addr;
	int i;

	ap->flags &= ~KPROBE_FLAG_WAITING;
	if (!kprobes_optimize || (ap->flags & (KPROBE_FLAG_DISABLED | KPROBE_FLAG_OPTIMIZED)) ||
	    !qualifies(ap) || (i = get_detour()) < 0)
		return;
	if (arch_prepare_optprobe(ap, detours[i]) != 0)
		return;                   /* the detour stays free */
	if (stacks_hold(addr + 1, addr + ARCH_OPTPROBE_JMP_SIZE)) {
		ap->flags |= KPROBE_FLAG_WAITING;
		retry = true;             /* a task stopped inside: later */
		return;
	}
	owner[i] = ap;
	site[i] = addr;
	state[i] = DETOUR_USED;
	arch_optimize_kprobe(ap, detours[i]);
	ap->flags |= KPROBE_FLAG_OPTIMIZED;
}

void optprobe_undo(struct kprobe *ap)
{
	if (!(ap->flags & KPROBE_FLAG_OPTIMIZED))
		return;
	arch_unoptimize_kprobe(ap);
	ap->flags &= ~KPROBE_FLAG_OPTIMIZED;
	for (int i = 0; i < NR_DETOURS; i++)
		if (owner[i] == ap) {
			owner[i] = NULL;
			state[i] = DETOUR_RETIRED;
		}
}

/* A new site at addr: no jump may cover it, so undo any that does. */
void optprobe_clear_around(unsigned long addr)
{
	for (unsigned long k = 1; k < ARCH_OPTPROBE_JMP_SIZE; k++) {
		struct kprobe *ap = get_kprobe((void *)(addr - k));
		if (ap)
			optprobe_undo(ap);
	}
}

/* A timer tick retries the sites a preempted task held back. */
static void retry_site(struct kprobe *ap)
{
	if (ap->flags & KPROBE_FLAG_WAITING)
		optprobe_try(ap);
}

static void optprobe_retry(void)
{
	if (!retry || kprobe_running())
		return;
	retry = false;
	scan_from = __builtin_frame_address(0);
	kprobe_for_each_site(retry_site);
	scan_from = NULL;
}
TICK_HOOK(optprobe_retry);

bool kprobe_optimized(unsigned long addr)
{
	struct kprobe *ap = get_kprobe((void *)addr);

	return ap && (ap->flags & KPROBE_FLAG_OPTIMIZED);
}

int kprobes_set_optimize(bool on)
{
	unsigned long flags = arch_irq_save();

	kprobes_optimize = on;
	kprobe_for_each_site(on ? optprobe_try : optprobe_undo);
	arch_irq_restore(flags);
	return 0;
}

#else   /* the port has no jump optimisation: every probe is a breakpoint */

void optprobe_init(void *frame) { (void)frame; }
void optprobe_try(struct kprobe *ap) { (void)ap; }
void optprobe_undo(struct kprobe *ap) { (void)ap; }
void optprobe_clear_around(unsigned long addr) { (void)addr; }
unsigned long optprobe_unwind(unsigned long addr) { return addr; }
bool kprobe_optimized(unsigned long addr) { (void)addr; return false; }
int kprobes_set_optimize(bool on) { (void)on; return -EINVAL; }

#endif

static int set_optimize(const char *v)
{
	kprobes_optimize = !(v[0] == '0' || strcmp(v, "off") == 0);
	return 0;
}
BOOTARG("optimize", set_optimize, "jump-optimise probes that qualify (optimize, optimize=off)");
