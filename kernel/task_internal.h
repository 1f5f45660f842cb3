/*
 * What kernel/task.c and kernel/sched.c share and nobody else may use,
 * which is why it is not in include/sonde/task.h: the task list and the
 * steps of a switch.  Everything here runs with interrupts disabled.
 */
#ifndef KERNEL_TASK_INTERNAL_H
#define KERNEL_TASK_INTERNAL_H

#include <sonde/task.h>

/* All tasks, in creation order; the idle task (pid 0) is first. */
extern struct task *task_list;

bool task_is_idle(const struct task *t);
/* Unlink a zombie whose stack is already freed, and free it. */
void task_free(struct task *t);

void sched_add(struct task *t);       /* a new task joins the list   */
void schedule(void);                  /* pick the next task and go   */
/* Called first thing in a task that was just switched to. */
void sched_finish_switch(void);

#endif
