/*
 * Shared between the files of probe/ only.  Clients use
 * <sonde/kprobes.h>.
 */
#ifndef PROBE_INTERNAL_H
#define PROBE_INTERNAL_H

#include <sonde/kprobes.h>

/* Where a hit is (see probe/kprobes.c). */
enum kprobe_status {
	KPROBE_NONE,
	KPROBE_HIT_ACTIVE,     /* pre handlers running            */
	KPROBE_HIT_SS,         /* stepping the copied instruction */
	KPROBE_HIT_SSDONE,     /* post handlers running           */
	KPROBE_REENTER,        /* stepping a reentrant hit        */
};

const char *kprobe_site_name(unsigned long addr);
int kprobe_resolve(struct kprobe *p, unsigned long *addr);
bool kprobe_is_registered(struct kprobe *p);
int register_kprobe_checked(struct kprobe *p, bool allow_blacklisted);
void unregister_site(struct kprobe *ap);
void kretprobes_init(void);
extern struct kprobe trampoline_probe;   /* the return trampoline's */
/* Executable slots for the copied instructions (probe/insn_slots.c). */
void *get_insn_slot(void);
void free_insn_slot(void *slot);
/* Jump optimisation (probe/optprobes.c): try it on a site, undo it,
 * undo any jump that covers addr; call fn for every site. */
void optprobe_try(struct kprobe *ap);
void optprobe_undo(struct kprobe *ap);
void optprobe_clear_around(unsigned long addr);
void kprobe_for_each_site(void (*fn)(struct kprobe *ap));
void optprobe_init(void *frame);
unsigned long optprobe_unwind(unsigned long addr);   /* a detour's site */
/* For the task exit hook: end a hit the exiting task t was inside. */
void kprobe_abandon_hit(struct task *t);

#endif
