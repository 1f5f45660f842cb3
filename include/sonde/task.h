/*
 * Tasks: kernel threads, each with its own kernel stack, scheduled
 * round-robin and preempted by the timer tick.
 *
 * Life of a task:
 *
 *   task_create() --> RUNNABLE <--> RUNNING --> ZOMBIE --> (reaped)
 *                        ^             |
 *                        +-- SLEEPING <+   (task_sleep, waiting)
 *
 * A task ends by returning from its function, by calling task_exit(),
 * or by being killed.  All three go through task_exit(), the one exit
 * path, which releases everything the task owns (see exit_hooks in
 * kernel/task.c -- the probe engine frees a task's kretprobe instances
 * there).  The stack is freed by the scheduler once the task is off
 * it; the task struct itself is freed when task_wait() reaps it, or at
 * once if the task was created detached.
 */
#ifndef SONDE_TASK_H
#define SONDE_TASK_H

#include <sonde/types.h>

#define TASK_NAME_LEN   16
#define TASK_STACK_SIZE (16 * 1024)

enum task_state {
	TASK_RUNNABLE,
	TASK_RUNNING,
	TASK_SLEEPING,   /* waiting for a tick or an event (chan) */
	TASK_ZOMBIE,     /* exited; waiting to be reaped          */
};

struct task {
	int pid;
	char name[TASK_NAME_LEN];
	enum task_state state;

	unsigned long saved_sp;     /* where arch_switch_to() left it      */
	void *stack;                /* TASK_STACK_SIZE bytes, page-aligned */

	int (*fn)(void *arg);       /* what the task runs                  */
	void *arg;

	uint64_t wake_tick;         /* SLEEPING on a timeout: when to wake */
	const void *wait_chan;      /* SLEEPING on an event: what for      */
	uint64_t ticks_run;         /* ticks this task was running         */

	bool killed;                /* task_kill() asked it to exit        */
	bool exiting;               /* in task_exit: takes no new kretprobe
				       instances (they could never be freed) */
	bool detached;              /* nobody will task_wait() for it      */
	struct task *waiter;        /* the task in task_wait() for it      */
	int exit_code;

	/* Per-task state of other subsystems, released in task_exit. */
	void *kprobe_instances;     /* owned by probe/ (kretprobes)        */

	struct task *next;          /* all tasks, in creation order        */
};

/* The task running on this CPU. */
extern struct task *current;

/*
 * Create a task that runs fn(arg) and exits with its return value.
 * Returns the new pid (> 0) or -ENOMEM.  The task can be waited for
 * with task_wait(); use task_create_detached() for fire-and-forget.
 */
int task_create(int (*fn)(void *), void *arg, const char *name);
int task_create_detached(int (*fn)(void *), void *arg, const char *name);

/* End the calling task with an exit code.  Never returns. */
__noreturn void task_exit(int code);

/*
 * Ask a task to exit: it stops the next time it would run and exits
 * with code TASK_KILLED.  Returns 0, -ESRCH (no such pid) or -EPERM
 * (the idle task).  Killing yourself exits at once.
 */
#define TASK_KILLED (-9)
int task_kill(int pid);

/* Sleep for n timer ticks (n == 0 just yields). */
void task_sleep(unsigned int ticks);
/* Let another runnable task run. */
void task_yield(void);

/*
 * Wait for the task to exit, free it, and return 0 with its exit code
 * in *code (code may be NULL).  -ESRCH if there is no such task,
 * -EINVAL for a detached task or yourself, -EBUSY if another task is
 * already waiting for it.
 */
int task_wait(int pid, int *code);

/* Sleep until wakeup(chan) is called; interrupts must be disabled. */
void sleep_on(const void *chan);
/* Make every task sleeping on chan runnable. */
void wakeup(const void *chan);

struct task *task_find(int pid);
const char *task_state_name(enum task_state s);

/* Call fn for every task, in pid order (interrupts disabled). */
void task_for_each(void (*fn)(struct task *t, void *arg), void *arg);

/* ---- time and the scheduler (kernel/sched.c) ---- */

extern volatile uint64_t jiffies;     /* ticks since boot            */
extern unsigned int tick_hz;          /* timer frequency             */

/* The port calls this from its timer interrupt (see arch.h). */
void timer_tick(void);

/* For kmain: make the boot flow the idle task, and later become it. */
void sched_init(void);
__noreturn void idle_loop(void);

/*
 * Work that must happen on every tick, declared next to its code:
 * TICK_HOOK(console_poll) in kernel/console.c.  timer_tick() calls each
 * one with interrupts disabled, so a hook must be short.
 */
typedef void (*tick_hook_t)(void);
#define TICK_HOOK(fn)                                                     \
	static const tick_hook_t tick_hook_##fn                            \
	__attribute__((used, section(".table.tickhooks"), aligned(sizeof(void *)))) = (fn)

/* Counters for leak checks. */
int tasks_alive(void);                /* tasks not yet freed, idle excluded */

/*
 * The exit hook point.  task_exit() calls each registered hook with the
 * exiting task before it becomes a zombie, while it is still current.
 * The probe engine registers kprobe_flush_task() here.
 */
typedef void (*task_exit_hook_t)(struct task *t);
int task_register_exit_hook(task_exit_hook_t hook);

#endif
