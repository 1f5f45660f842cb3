/*
 * The probe API: kprobes, jprobes and kretprobes, with Linux's names
 * and meanings, so kprobes-style clients port with few edits.
 * docs/probes.md, "The API", has an example client, the rules for
 * handlers (interrupts off; they may unregister any probe, their own
 * too) and what each error code of the register functions means.
 */
#ifndef SONDE_KPROBES_H
#define SONDE_KPROBES_H

#include <sonde/types.h>
#include <arch/regs.h>
#include <arch/kprobes.h>

struct kprobe;
struct task;

typedef int (*kprobe_pre_handler_t)(struct kprobe *p, struct pt_regs *regs);
typedef void (*kprobe_post_handler_t)(struct kprobe *p, struct pt_regs *regs,
				      unsigned long flags);
typedef int (*kprobe_fault_handler_t)(struct kprobe *p, struct pt_regs *regs,
				      int trapnr);
typedef int (*kprobe_break_handler_t)(struct kprobe *p, struct pt_regs *regs);

/* kprobe.flags */
#define KPROBE_FLAG_DISABLED 1u   /* registered, but not armed         */
#define KPROBE_FLAG_OPTIMIZED 2u  /* an aggregate whose site is a jump to
				     a detour, not int3 (probe/optprobes.c) */
#define KPROBE_FLAG_WAITING 4u    /* ... not yet: a task was stopped inside */

struct kprobe {
	/* Set by the user. */
	kprobe_opcode_t *addr;            /* where, or ...                   */
	const char *symbol_name;          /* ... a symbol, plus               */
	unsigned int offset;              /* ... a byte offset into it        */
	kprobe_pre_handler_t pre_handler;     /* before the instruction runs; */
					      /* non-zero: "I changed the ip, */
					      /* do not step"                 */
	kprobe_post_handler_t post_handler;   /* after it was single-stepped  */
	kprobe_fault_handler_t fault_handler; /* a handler or the step faulted*/
	kprobe_break_handler_t break_handler; /* used by jprobes              */
	unsigned int flags;

	/* Kept by the engine. */
	unsigned long nmissed;            /* hits that ran no handlers (reentrant) */
	unsigned long nhit;               /* hits that ran the handlers      */
	struct kprobe *hash_next;         /* chain in the address hash table */
	struct kprobe *member_next;       /* next member of an aggregate     */
	struct kprobe *aggr;              /* the aggregate we belong to, or self */
	kprobe_opcode_t opcode;           /* the original instruction (unit)  */
	struct arch_specific_insn ainsn;  /* the architecture's copy of it   */
};

int register_kprobe(struct kprobe *p);
void unregister_kprobe(struct kprobe *p);
int register_kprobes(struct kprobe **kps, int num);    /* all or nothing */
void unregister_kprobes(struct kprobe **kps, int num);
int enable_kprobe(struct kprobe *p);
int disable_kprobe(struct kprobe *p);

/* ---- jprobes: a handler with the probed function's own prototype ---- */

struct jprobe {
	struct kprobe kp;
	void *entry;     /* same arguments as the probed function; must end
			  * with jprobe_return() */
};

int register_jprobe(struct jprobe *jp);
void unregister_jprobe(struct jprobe *jp);
/* The jprobe entry's last call (it must never return by itself). */
void jprobe_return(void);

/* ---- kretprobes: a handler when the function returns ---- */

struct kretprobe_instance;
typedef int (*kretprobe_handler_t)(struct kretprobe_instance *ri,
				   struct pt_regs *regs);

struct kretprobe {
	struct kprobe kp;                 /* the entry probe              */
	kretprobe_handler_t handler;      /* at return (required)         */
	kretprobe_handler_t entry_handler;/* at entry; non-zero skips this
					   * call's return probe           */
	int maxactive;                    /* instances; <= 0: the default */
	size_t data_size;                 /* bytes of ri->data per instance,
					   * at most KRETPROBE_DATA_SIZE_LIMIT */
	unsigned long nmissed;            /* entries with no free instance */

	/* Kept by the engine. */
	struct kretprobe_instance *free_instances;
};

struct kretprobe_instance {
	struct kretprobe *rp;             /* NULL once rp is unregistered  */
	unsigned long ret_addr;           /* the real return address       */
	struct task *task;
	struct kretprobe_instance *next;  /* in rp's free list or the task's list */
	char data[];                      /* data_size bytes               */
};

/* max(10, 2 * NR_CPUS) with one CPU, as Linux chooses under preemption. */
#define KRETPROBE_DEFAULT_MAXACTIVE 10
#define KRETPROBE_MAXACTIVE_LIMIT 4096
/* A page of ri->data is plenty for what an entry handler keeps; the
 * bound also keeps sizeof(*ri) + data_size far from overflowing. */
#define KRETPROBE_DATA_SIZE_LIMIT 4096

/* Where the call returns to, in the handlers: ri->ret_addr is the
 * trampoline's when two kretprobes share a function. */
unsigned long kretprobe_return_address(const struct kretprobe_instance *ri);

int register_kretprobe(struct kretprobe *rp);
void unregister_kretprobe(struct kretprobe *rp);
int register_kretprobes(struct kretprobe **rps, int num);
void unregister_kretprobes(struct kretprobe **rps, int num);

/* Linux's name for regs_get_argument(), so ported handlers compile. */
#define regs_get_kernel_argument(regs, n) regs_get_argument(regs, n)

/* ---- introspection, for the shell, tests and students ---- */

/* The registered probe (or aggregate) at addr, or NULL. */
struct kprobe *get_kprobe(void *addr);
/* Is addr a site the engine refuses (its own code, the trap path...)? */
bool kprobe_on_blacklist(unsigned long addr);
/* Narrate every hit on the console (explain on|off in the shell). */
extern bool kprobes_explain;
/* Let the port emulate (arch_emulate()) what probes registered from now
 * on hit; off, they step it instead: the sweeps and lab 3 test fixups. */
extern bool kprobes_emulate;
/*
 * Jump optimisation (probe/optprobes.c; x86 and x86_64): off by
 * default, "optimize" on the command line or `optimize on` in the shell.
 * kprobes_set_optimize() applies the setting to every site at once
 * (-EINVAL on a port without it, whose probes stay int3);
 * kprobe_optimized() says whether the site at addr is a jump now.
 */
extern bool kprobes_optimize;
int kprobes_set_optimize(bool on);   /* -EINVAL: the port has none */
bool kprobe_optimized(unsigned long addr);
/* Number of registered probe sites (aggregates count once). */
int kprobes_count(void);

/* The kprobe whose handler or single-step is running, or NULL. */
struct kprobe *kprobe_running(void);

/* Install the trap hooks and the trampoline's probe (kmain calls it). */
void kprobes_init(void);

#endif
