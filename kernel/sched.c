/*
 * The scheduler: round-robin over one list of tasks, preempted by the
 * timer tick.
 *
 * Every tick sets need_resched; the port calls trap_irq_exit() on its
 * way out of each interrupt, which calls schedule().  So each task runs
 * for at most one tick before the next runnable task gets the CPU,
 * whether or not it ever yields.
 *
 * All scheduler state is touched only with interrupts disabled; on one
 * CPU that is the whole of the locking.
 */
#include "task_internal.h"
#include <sonde/arch.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/trap.h>
#include <sonde/string.h>
#include <sonde/nokprobe.h>

struct task *current;
/* volatile: code waits with while (jiffies < t), and only the tick writes it. */
volatile uint64_t jiffies;
unsigned int tick_hz = 100;
static bool need_resched;         /* set by the tick, and by wakeup() in idle */

struct task *task_list;              /* all tasks; the idle task is first */
static struct task idle_task;         /* the boot flow, pid 0 */
static struct task *switched_from;    /* set just before every switch */

void sched_init(void)
{
	/* The boot flow already has a stack, the boot stack, so the idle
	 * task is only a struct for it; and nobody will ever wait for it. */
	idle_task.pid = 0;
	strlcpy(idle_task.name, "idle", sizeof(idle_task.name));
	idle_task.state = TASK_RUNNING;
	idle_task.detached = true;
	task_list = &idle_task;
	current = &idle_task;
}

bool task_is_idle(const struct task *t) { return t == &idle_task; }

/* At the end of the list: a new task takes its turn after the others. */
void sched_add(struct task *t)
{
	struct task **pp = &task_list;
	unsigned long flags = arch_irq_save();

	while (*pp)
		pp = &(*pp)->next;
	*pp = t;
	t->next = NULL;
	arch_irq_restore(flags);
}

/* The next runnable task after prev, going round the list; idle last. */
static struct task *pick_next(struct task *prev)
{
	struct task *t = prev;

	/* Starting after prev is what makes it round-robin: every other
	 * runnable task gets a turn before prev runs again. */
	do {
		t = t->next ? t->next : task_list;
		if (t != &idle_task && t->state == TASK_RUNNABLE)
			return t;
	} while (t != prev);
	if (prev != &idle_task && prev->state == TASK_RUNNABLE)
		return prev;
	return &idle_task;
}

void schedule(void)
{
	struct task *prev = current, *next;

	/* A tick in the middle would schedule() again, with current and
	 * the states half changed. */
	BUG_ON(arch_irqs_enabled());
	need_resched = false;
	/* A task going to sleep or exiting has set its state already. */
	if (prev->state == TASK_RUNNING)
		prev->state = TASK_RUNNABLE;
	next = pick_next(prev);
	next->state = TASK_RUNNING;
	if (next == prev)
		return;

	/* prev is a local: on the other side of the switch, the locals
	 * are those of the task we switch to.  A global carries it over. */
	switched_from = prev;
	current = next;
	arch_switch_to(&prev->saved_sp, next->saved_sp);
	/* We are back: some later schedule() chose this task again. */
	sched_finish_switch();
}

/*
 * Runs on the new task's stack right after every switch.  The task we
 * left may have been a zombie: now that nobody is running on its stack,
 * the stack can be freed (and, if nobody will wait for it, the task).
 * Then, if this task has been killed, this is where it dies.
 */
void sched_finish_switch(void)
{
	struct task *prev = switched_from;

	switched_from = NULL;
	if (prev && prev->state == TASK_ZOMBIE && prev->stack) {
		page_free(prev->stack, TASK_STACK_SIZE / PAGE_SIZE);
		prev->stack = NULL;
		if (prev->detached)
			task_free(prev);
	}
	if (current->killed && current->state == TASK_RUNNING)
		task_exit(TASK_KILLED);
}

/* The TICK_HOOK() table: what else runs on every tick. */
extern const tick_hook_t __start_tickhooks[], __stop_tickhooks[];

void timer_tick(void)
{
	struct task *t;

	jiffies++;
	current->ticks_run++;
	/* wake_tick 0: asleep on an event (sleep_on), with no timeout. */
	for (t = task_list; t; t = t->next)
		if (t->state == TASK_SLEEPING && t->wake_tick && t->wake_tick <= jiffies) {
			t->wake_tick = 0;
			t->state = TASK_RUNNABLE;
		}
	/* The TICK_HOOK()s, such as the console's input poll. */
	for (const tick_hook_t *h = __start_tickhooks; h < __stop_tickhooks; h++)
		(*h)();
	need_resched = true;      /* a time slice is one tick */
}

/*
 * Preemption happens only here, at the end of an interrupt: everything
 * the interrupted code had is saved in its trap frame, on its own stack,
 * so switching away now is as safe as a task_yield() would be there.
 */
void trap_irq_exit(struct pt_regs *regs)
{
	(void)regs;
	if (need_resched)
		schedule();
}

void task_sleep(unsigned int ticks)
{
	unsigned long flags = arch_irq_save();

	/* With ticks == 0 the task stays RUNNING, and schedule() just
	 * gives the others a turn first: that is task_yield(). */
	if (ticks) {
		current->wake_tick = jiffies + ticks;
		current->wait_chan = NULL;
		current->state = TASK_SLEEPING;
	}
	schedule();
	arch_irq_restore(flags);
}

void task_yield(void)
{
	task_sleep(0);
}

void sleep_on(const void *chan)
{
	/* Off from the caller's test of its condition to here: a wakeup()
	 * in between would come before the sleep and be lost. */
	BUG_ON(arch_irqs_enabled());
	current->wait_chan = chan;
	current->wake_tick = 0;
	current->state = TASK_SLEEPING;
	schedule();
	current->wait_chan = NULL;
}

void wakeup(const void *chan)
{
	unsigned long flags = arch_irq_save();

	for (struct task *t = task_list; t; t = t->next)
		if (t->state == TASK_SLEEPING && t->wait_chan == chan) {
			t->state = TASK_RUNNABLE;
			t->wait_chan = NULL;
			/* Idle gives way at the end of this interrupt
			 * (trap_irq_exit), not when it next looks. */
			if (current == &idle_task)
				need_resched = true;
		}
	arch_irq_restore(flags);
}

/*
 * The idle task: the boot flow ends up here.  It runs only when nothing
 * else can, and halts the CPU until the next interrupt.
 */
__noreturn void idle_loop(void)
{
	for (;;) {
		/* Off before the check: a wakeup between the check and the
		 * halt would otherwise wait for the next interrupt. */
		arch_irq_disable();
		if (pick_next(&idle_task) != &idle_task)
			schedule();
		else
			arch_wait_for_interrupt();   /* enables irqs atomically */
	}
}
NOKRETPROBE(idle_loop);
/* arch_switch_to "returns" in another task: a return probe on it would
 * take an instance in one task and come back in another. */
NOKRETPROBE(arch_switch_to);
