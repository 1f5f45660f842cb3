/*
 * Task lifecycle: create, exit, kill, wait.
 *
 * The rule that keeps this simple: there is exactly one way out,
 * task_exit().  Returning from the task function calls it; task_kill()
 * makes the victim call it the next time it runs (in
 * sched_finish_switch).  So whatever a task owns is released in one
 * place, and the exit hooks see every ending.
 */
#include "task_internal.h"
#include <sonde/arch.h>
#include <sonde/mm.h>
#include <sonde/errno.h>
#include <sonde/string.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>

#define MAX_EXIT_HOOKS 4

/* Never reused: a stale pid typed in the shell cannot hit a newer task. */
static int next_pid = 1;
static task_exit_hook_t exit_hooks[MAX_EXIT_HOOKS];

/*
 * Every task starts here, on its own stack, with interrupts disabled:
 * it arrives from the middle of schedule(), as every switch does, so it
 * finishes that switch before it lets the tick in.
 */
static __noreturn void task_entry(void)
{
	sched_finish_switch();
	arch_irq_enable();
	task_exit(current->fn(current->arg));
}
NOKRETPROBE(task_entry);          /* it ends in task_exit */

static int create(int (*fn)(void *), void *arg, const char *name, bool detached)
{
	/* kmalloc zeroes: every field not set below starts 0 or NULL. */
	struct task *t = kmalloc(sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->stack = page_alloc(TASK_STACK_SIZE / PAGE_SIZE);
	if (!t->stack) {
		kfree(t);
		return -ENOMEM;
	}
	strlcpy(t->name, name, sizeof(t->name));
	t->fn = fn;
	t->arg = arg;
	t->detached = detached;
	/* A stack made so that the first switch to it "returns" into
	 * task_entry. */
	t->saved_sp = arch_task_stack_init(t->stack, TASK_STACK_SIZE, task_entry);

	/* With the tick off: another task_create() in between would get the
	 * same pid, and the task list would be changed under us. */
	unsigned long flags = arch_irq_save();
	t->pid = next_pid++;
	t->state = TASK_RUNNABLE;
	sched_add(t);
	arch_irq_restore(flags);
	return t->pid;
}

int task_create(int (*fn)(void *), void *arg, const char *name)
{
	return create(fn, arg, name, false);
}

int task_create_detached(int (*fn)(void *), void *arg, const char *name)
{
	return create(fn, arg, name, true);
}

int task_register_exit_hook(task_exit_hook_t hook)
{
	for (int i = 0; i < MAX_EXIT_HOOKS; i++)
		if (!exit_hooks[i]) {
			exit_hooks[i] = hook;
			return 0;
		}
	return -ENOSPC;
}

void task_exit(int code)
{
	/* Off for good: the last schedule() below never comes back, and a
	 * task half way out must not be preempted. */
	arch_irq_disable();
	if (task_is_idle(current))
		panic("the idle task tried to exit (code %d)", code);
	current->exiting = true;

	/*
	 * The exit hook point.  Everything a subsystem keeps per task is
	 * released here, while the task is still current.  The probe
	 * engine frees the task's pending kretprobe instances.
	 */
	for (int i = 0; i < MAX_EXIT_HOOKS; i++)
		if (exit_hooks[i])
			exit_hooks[i](current);

	/* Tasks we were waiting for: nobody will reap them now. */
	for (struct task *t = task_list, *next; t; t = next) {
		next = t->next;
		if (t->waiter != current)
			continue;
		t->waiter = NULL;
		t->detached = true;
		if (t->state == TASK_ZOMBIE && !t->stack)
			task_free(t);
	}

	current->exit_code = code;
	current->state = TASK_ZOMBIE;
	wakeup(current);              /* task_wait() sleeps on the task */
	schedule();                   /* frees our stack once we are off it */
	panic("a zombie task was scheduled");
}
NOKRETPROBE(task_exit);

struct task *task_find(int pid)
{
	for (struct task *t = task_list; t; t = t->next)
		if (t->pid == pid)
			return t;
	return NULL;
}

int task_kill(int pid)
{
	unsigned long flags = arch_irq_save();
	struct task *t = task_find(pid);
	int err = 0;

	if (!t || t->state == TASK_ZOMBIE)
		err = -ESRCH;
	else if (task_is_idle(t))
		err = -EPERM;
	else if (t == current)        /* no later time to die: now */
		task_exit(TASK_KILLED);
	else {
		t->killed = true;
		if (t->state == TASK_SLEEPING) {   /* wake it so it can die */
			t->state = TASK_RUNNABLE;
			t->wait_chan = NULL;
			t->wake_tick = 0;
		}
	}
	arch_irq_restore(flags);
	return err;
}

/* Unlink a zombie whose stack is already freed, and free it. */
void task_free(struct task *t)
{
	/* The list is singly linked: find the pointer that points at t. */
	struct task **pp = &task_list;

	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	kfree(t);
}

int task_wait(int pid, int *code)
{
	unsigned long flags = arch_irq_save();
	struct task *t = task_find(pid);
	int err = 0;

	if (!t)
		err = -ESRCH;
	else if (t == current || t->detached)   /* detached: it frees itself */
		err = -EINVAL;
	else if (t->waiter)
		err = -EBUSY;         /* only one waiter may reap it */
	else {
		t->waiter = current;
		/* A zombie is still on its stack until the next switch frees
		 * it (sched_finish_switch); only then may the struct go. */
		while (t->state != TASK_ZOMBIE || t->stack)
			sleep_on(t);
		if (code)
			*code = t->exit_code;
		task_free(t);
	}
	arch_irq_restore(flags);
	return err;
}

/* Zombies count: a task is there until it is freed, which is what the
 * test runner's leak check needs to know. */
int tasks_alive(void)
{
	int n = 0;

	for (struct task *t = task_list; t; t = t->next)
		n += !task_is_idle(t);
	return n;
}

/* With the tick off, so no task comes or goes under fn; fn must not sleep. */
void task_for_each(void (*fn)(struct task *t, void *arg), void *arg)
{
	unsigned long flags = arch_irq_save();

	for (struct task *t = task_list; t; t = t->next)
		fn(t, arg);
	arch_irq_restore(flags);
}

const char *task_state_name(enum task_state s)
{
	static const char *const names[] = {
		[TASK_RUNNABLE] = "runnable", [TASK_RUNNING] = "running",
		[TASK_SLEEPING] = "sleeping", [TASK_ZOMBIE] = "zombie",
	};
	return names[s];
}
