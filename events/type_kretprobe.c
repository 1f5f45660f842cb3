/*
 * The 'r' probe type: a return probe event.
 *
 *   r[MAXACTIVE][:[GRP/]EVENT] SYM[+0] [FETCHARGS]
 *
 * Fetch arguments are evaluated when the function returns ($retval is
 * its return value), except $argN, which must be the values at entry:
 * by return time the argument registers hold something else.  So the
 * entry handler saves the arguments in the instance's data.
 */
#include <events/events.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>

/* $arg1..$arg16: as many as the parser allows. */
#define SAVED_ARGS 16

/* Only at the first instruction is the return address where the
 * kretprobe looks for it. */
static int check(struct event_spec *spec, struct parse_error *e)
{
	if (spec->offset != 0)
		return parse_error_set(e, -EINVAL, spec->site_pos,
				       "a return probe goes on a function's entry: SYM or SYM+0");
	return 0;
}

static int save_args(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long *saved = (unsigned long *)ri->data;

	/* All of them: cheaper than finding out which the event reads. */
	for (unsigned i = 0; i < SAVED_ARGS; i++)
		saved[i] = regs_get_argument(regs, i);
	return 0;
}

static int ret_event_hit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct event *ev = event_of_priv(ri->rp);

	ev->hits++;
	/* The real caller, even where another kretprobe's trampoline
	 * took the return address's place. */
	trace_event_hit(ev, regs, (unsigned long *)ri->data, kretprobe_return_address(ri), 0);
	return 0;
}

unsigned long kretprobe_event_missed(const struct event *ev)
{
	const struct kretprobe *rp = (const struct kretprobe *)ev->priv;

	/* No free instance (maxactive), or a hit inside a handler. */
	return rp->nmissed + rp->kp.nmissed;
}

void kretprobe_event_destroy(struct event *ev)
{
	unregister_kretprobe((struct kretprobe *)ev->priv);
}

static int create(struct event *ev)
{
	struct kretprobe *rp = (struct kretprobe *)ev->priv;
	bool uses_args = false;

	/* The entry handler costs every call: only if a $argN needs it. */
	for (int i = 0; i < ev->nargs; i++)
		for (int n = ev->args[i].root; n >= 0; n = ev->nodes[n].child)
			uses_args |= ev->nodes[n].kind == FETCH_ARG;
	*rp = (struct kretprobe){ .kp.addr = (kprobe_opcode_t *)ev->addr,
				  .kp.flags = KPROBE_FLAG_DISABLED,
				  .handler = ret_event_hit,
				  .entry_handler = uses_args ? save_args : NULL,
				  .data_size = uses_args ? SAVED_ARGS * sizeof(long) : 0,
				  .maxactive = ev->maxactive };
	ev->missed = kretprobe_event_missed;
	return register_kretprobe(rp);
}

static const struct probe_type kretprobe_type = {
	.prefix = 'r',
	.name = "kretprobe",
	.usage = "r[MAXACTIVE][:[GRP/]EVENT] SYM[+0] [FETCHARGS]",
	/* How many calls may be inside the function at once (recursion,
	 * several tasks), each holding an instance. */
	.maxactive = true,
	.check = check,
	.priv_size = sizeof(struct kretprobe),
	.create = create,
	.destroy = kretprobe_event_destroy,
};
PROBE_TYPE(kretprobe_type);
