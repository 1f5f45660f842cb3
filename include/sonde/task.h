/*
 * Tasks: kernel threads, each with its own kernel stack, scheduled
 * round-robin and preempted by the timer tick.  Their life, and the
 * one exit path (task_exit), are drawn in docs/architecture.md.
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

/* A task running fn(arg), exiting with its result: its pid, or
 * -ENOMEM.  Wait for it with task_wait(), or create it detached. */
int task_create(int (*fn)(void *), void *arg, const char *name);
int task_create_detached(int (*fn)(void *), void *arg, const char *name);

/* End the calling task with an exit code.  Never returns. */
__noreturn void task_exit(int code);

/* It exits with TASK_KILLED the next time it would run; 0, -ESRCH
 * or -EPERM (the idle task).  Killing yourself exits at once. */
#define TASK_KILLED (-9)
int task_kill(int pid);

/* Sleep for n timer ticks (n == 0 just yields). */
void task_sleep(unsigned int ticks);
/* Let another runnable task run. */
void task_yield(void);

/* Wait for it to exit and free it: 0 and its code (code may be NULL),
 * -ESRCH, -EINVAL (detached, or yourself) or -EBUSY (another waits). */
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

/* Work for every tick, declared next to its code (kernel/console.c);
 * called with interrupts disabled, so it must be short. */
typedef void (*tick_hook_t)(void);
#define TICK_HOOK(fn)                                                     \
	static const tick_hook_t tick_hook_##fn                            \
	__attribute__((used, section(".table.tickhooks"), aligned(sizeof(void *)))) = (fn)

/* Counters for leak checks. */
int tasks_alive(void);                /* tasks not yet freed, idle excluded */

/* task_exit() calls each hook with the exiting task, still current
 * (the probe engine's kprobe_flush_task()). */
typedef void (*task_exit_hook_t)(struct task *t);
int task_register_exit_hook(task_exit_hook_t hook);

#endif
