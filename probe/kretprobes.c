/*
 * kretprobes: a handler that runs when a probed function returns.
 *
 * At entry (a kprobe on the function's first instruction) we take a
 * free instance, record {kretprobe, real return address, task} in it,
 * and let the architecture replace the return address -- on the stack,
 * in LR, %i7 or b0 -- with the address of kretprobe_trampoline.  The
 * instance goes on the front of the current task's list.
 *
 * When the function returns it lands in the trampoline (the port's
 * kretprobe_trampoline), which carries a probe of its own, registered
 * below by kretprobes_init().  Its handler, trampoline_probe_handler(),
 * has kretprobe_trampoline_handler() take instances off the front of
 * the task's list, run their handlers and free them, until it frees one
 * whose saved address is not the trampoline: that one is the real
 * return address, and the task resumes there.
 *
 * Why "until": with two kretprobes on one function, the second entry
 * handler saves the return address the first one already replaced, so
 * the newer instance holds the trampoline and the older one the real
 * address -- both belong to this one return.  Keyed by task, with the
 * newest first, this is also right for recursion.
 *
 * Instances of a task that exits are freed by kprobe_flush_task, from
 * the task exit hook.  Unregistering a kretprobe while tasks are still
 * inside the function detaches their instances (ri->rp = NULL) instead
 * of freeing them: those tasks still need the saved return addresses.
 * An entry_handler may unregister its own kretprobe: the instance it
 * was given is detached too (see entry_instance), then freed, and that
 * call goes unprobed.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <sonde/trap.h>

#include "internal.h"

extern const void *const __start_nokretprobe[], *const __stop_nokretprobe[];

static struct kretprobe_instance **task_list_of(struct task *t)
{
	return (struct kretprobe_instance **)&t->kprobe_instances;
}

/* Give an instance back: to its kretprobe's pool (ri->task is left
 * stale: the next entry sets it), or free it if the kretprobe is gone. */
static void recycle_instance(struct kretprobe_instance *ri)
{
	struct kretprobe *rp = ri->rp;

	if (rp) {
		ri->next = rp->free_instances;
		rp->free_instances = ri;
	} else {
		kfree(ri);
	}
}

/*
 * The instance whose entry_handler is running.  It is on no list while
 * the handler runs, so this is where unregister_kretprobe() finds it if
 * the handler unregisters its own kretprobe (it detaches it, ri->rp =
 * NULL), and where the exit hook finds it if the task ends in the
 * handler.  Handlers never nest (a hit inside one runs no handlers),
 * so one is enough.
 */
static struct kretprobe_instance *entry_instance;

/* An entry with an entry_handler to run or explain to print: the whole
 * of it, out of line, so that the common one below calls nothing. */
static __attribute__((noinline, cold))
int entry_slow(struct kretprobe *rp, struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (rp->entry_handler) {
		entry_instance = ri;
		int skip = rp->entry_handler(ri, regs);
		entry_instance = NULL;
		/* Skip this call if the handler said so -- or if it
		 * unregistered rp: then ri->rp is NULL and the instance is
		 * freed, as rp's pool is gone, and no return handler runs. */
		if (skip || !ri->rp) {
			recycle_instance(ri);
			return 0;
		}
	}
	ri->next = *task_list_of(ri->task);       /* as below */
	*task_list_of(ri->task) = ri;
	arch_prepare_kretprobe(ri, regs);
	if (kprobes_explain)
		printk("explain:   return address %s swapped for the trampoline\n",
		       kprobe_site_name(ri->ret_addr));
	return 0;
}

/* The entry probe's pre handler.  (On x86 the common hit is a leaf.) */
static int pre_handler_kretprobe(struct kprobe *p, struct pt_regs *regs)
{
	struct kretprobe *rp = container_of(p, struct kretprobe, kp);
	struct kretprobe_instance *ri = rp->free_instances;
	struct task *t = current;

	if (t->exiting)
		return 0;                 /* past the exit hook: never returns */
	if (!ri) {
		rp->nmissed++;            /* maxactive instances already in use */
		return 0;
	}
	rp->free_instances = ri->next;
	ri->task = t;                     /* ri->rp is rp: the pool keeps it */
	if (rp->entry_handler || kprobes_explain)
		return entry_slow(rp, ri, regs);
	/* On the list before the swap, so that the swap comes last
	 * (nothing runs in between: this is a hit, irqs are off). */
	ri->next = *task_list_of(t);
	*task_list_of(t) = ri;
	arch_prepare_kretprobe(ri, regs);
	return 0;
}

/*
 * The trampoline probe's work: run and free the current task's
 * instances of this return; the real return address to resume at.
 * (Inlined into its one caller, so a return pays for one prologue.)
 */
static inline __attribute__((always_inline))
unsigned long kretprobe_trampoline_handler(struct pt_regs *regs)
{
	struct kretprobe_instance **list = task_list_of(current), *ri;

	if (kprobes_explain)
		printk("explain: trampoline reached in task %d\n", current->pid);
	for (;;) {                              /* LAB 2: BEGIN walk */
		ri = *list;
		if (!ri)
			panic("kretprobes: task %d reached the trampoline with no "
			      "instance holding its return address", current->pid);
		/* The instance stays on the list while its handler runs, so a
		 * backtrace taken there can still find the real address.
		 * (Every kretprobe has a handler: register_kretprobe checks.) */
		if (ri->rp)
			ri->rp->handler(ri, regs);
		unsigned long ret = ri->ret_addr;
		*list = ri->next;
		recycle_instance(ri);
		if (kprobes_explain)
			printk("explain:   instance freed; return address %s\n",
			       kprobe_site_name(ret));
		if (ret != (unsigned long)kretprobe_trampoline)
			return ret;
	}                                       /* LAB 2: END walk */
}

/* The trampoline's own probe: the return side of every kretprobe. */
static int trampoline_probe_handler(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	/*
	 * Handlers (and any backtrace they take) should see the
	 * trampoline's own address, which the unwinder knows how to
	 * translate, not where the breakpoint left the ip (x86: past it).
	 */
	set_instruction_pointer(regs, arch_breakpoint_address(regs));
	arch_kretprobe_resume(regs, kretprobe_trampoline_handler(regs));
	return 1;                         /* resume there; nothing to step */
}

struct kprobe trampoline_probe = {
	.addr = (kprobe_opcode_t *)kretprobe_trampoline,
	.pre_handler = trampoline_probe_handler,
};

unsigned long kretprobe_return_address(const struct kretprobe_instance *ri)
{
	unsigned long tramp = (unsigned long)kretprobe_trampoline;

	/* A stacked instance saved the trampoline; the real address is in
	 * the next older instance of the same return. */
	while (ri && ri->ret_addr == tramp)
		ri = ri->next;
	return ri ? ri->ret_addr : tramp;
}

/*
 * For the unwinder: a return address equal to the trampoline stands for
 * the real one.  The n-th trampoline seen walking up the stack belongs
 * to the n-th instance (newest first) that holds a real address.  (An
 * address inside a jump-optimised detour stands for its site first.)
 */
static unsigned long kretprobe_fixup_return(unsigned long addr, int *nth)
{
	unsigned long tramp = (unsigned long)kretprobe_trampoline;
	int n = 0;

	addr = optprobe_unwind(addr);
	if (addr != tramp)
		return addr;
	for (struct kretprobe_instance *ri = *task_list_of(current); ri; ri = ri->next) {
		if (ri->ret_addr != tramp && n++ == *nth) {
			(*nth)++;
			return ri->ret_addr;
		}
	}
	return addr;
}

/*
 * The task exit hook: end a hit the task was inside, and free whatever
 * instances it still holds -- with the one taken by an entry_handler
 * it ended in.
 */
static void kprobe_flush_task(struct task *t)
{
	struct kretprobe_instance **list = task_list_of(t), *ri;

	kprobe_abandon_hit(t);
	if (entry_instance && entry_instance->task == t) {
		recycle_instance(entry_instance);
		entry_instance = NULL;
	}
	while ((ri = *list) != NULL) {
		*list = ri->next;
		recycle_instance(ri);
	}
}

static bool never_returns(unsigned long addr)
{
	for (const void *const *f = __start_nokretprobe; f < __stop_nokretprobe; f++)
		if (func_entry(*f) == addr)
			return true;
	return false;
}

static void free_pool(struct kretprobe *rp)
{
	struct kretprobe_instance *ri;

	while ((ri = rp->free_instances) != NULL) {
		rp->free_instances = ri->next;
		kfree(ri);
	}
}

int register_kretprobe(struct kretprobe *rp)
{
	unsigned long addr;
	int err;

	if (kprobe_is_registered(&rp->kp))
		return -EEXIST;
	if (!rp->handler || rp->kp.pre_handler || rp->kp.post_handler)
		return -EINVAL;
	err = kprobe_resolve(&rp->kp, &addr);
	if (err)
		return err;
	/* Only at a function's first instruction: that is where the return
	 * address is where the architecture expects it. */
	const struct ksym *s = ksym_by_addr(addr);
	if (!s || s->addr != addr)
		return -EINVAL;
	if (never_returns(addr))
		return -EPERM;
	if (rp->maxactive > KRETPROBE_MAXACTIVE_LIMIT)
		return -EINVAL;
	/* The bound also keeps sizeof(*ri) + data_size from wrapping
	 * around to a small allocation. */
	if (rp->data_size > KRETPROBE_DATA_SIZE_LIMIT)
		return -EINVAL;
	if (rp->maxactive <= 0)
		rp->maxactive = KRETPROBE_DEFAULT_MAXACTIVE;

	rp->free_instances = NULL;
	for (int i = 0; i < rp->maxactive; i++) {
		struct kretprobe_instance *ri = kmalloc(sizeof(*ri) + rp->data_size);
		if (!ri) {
			free_pool(rp);
			return -ENOMEM;
		}
		ri->rp = rp;
		ri->next = rp->free_instances;
		rp->free_instances = ri;
	}
	rp->nmissed = 0;
	rp->kp.pre_handler = pre_handler_kretprobe;
	err = register_kprobe(&rp->kp);
	if (err) {
		rp->kp.pre_handler = NULL;
		free_pool(rp);
	}
	return err;
}

static void detach_instances(struct task *t, void *rp)
{
	for (struct kretprobe_instance *ri = *task_list_of(t); ri; ri = ri->next)
		if (ri->rp == rp)
			ri->rp = NULL;       /* freed when the task returns or exits */
}

void unregister_kretprobe(struct kretprobe *rp)
{
	unsigned long flags;

	unregister_kprobe(&rp->kp);
	rp->kp.pre_handler = NULL;
	flags = arch_irq_save();
	free_pool(rp);
	task_for_each(detach_instances, rp);
	if (entry_instance && entry_instance->rp == rp)
		entry_instance->rp = NULL;   /* rp's entry_handler unregistered it */
	arch_irq_restore(flags);
}

int register_kretprobes(struct kretprobe **rps, int num)
{
	for (int i = 0; i < num; i++) {
		int err = register_kretprobe(rps[i]);
		if (err) {
			unregister_kretprobes(rps, i);
			return err;
		}
	}
	return 0;
}

void unregister_kretprobes(struct kretprobe **rps, int num)
{
	for (int i = 0; i < num; i++)
		unregister_kretprobe(rps[i]);
}

void kretprobes_init(void)
{
	int err;

	task_register_exit_hook(kprobe_flush_task);
	unwind_fixup_return = kretprobe_fixup_return;
	/* The trampoline is no-probe text, where only the engine may probe. */
	err = register_kprobe_checked(&trampoline_probe, true);
	if (err)
		panic("kprobes: cannot probe the return trampoline (%s)", errno_name(err));
}

/* LAB 2: STUB walk
 *	// LAB 2: your code here (labs/02-return-probes/README.md).  Take the
 *	// instances off the front of the task's list (*list), newest first:
 *	// run each one's handler if it still has a kretprobe (ri->rp), keep
 *	// its saved return address in ret, and give it back with
 *	// recycle_instance().  Return the first saved address that is not
 *	// the trampoline (kretprobe_trampoline): that is the one to resume at.
 *	(void)list;
 *	(void)ri;
 *	(void)regs;
 *	panic("LAB 2: kretprobe_trampoline_handler() in probe/kretprobes.c does not "
 *	      "walk task %d's instances yet", current->pid);
 */
