/*
 * The 'p' probe type: a kprobe event.
 *
 *   p[:[GRP/]EVENT] SYM[+offs]|ADDR [FETCHARGS]
 *
 * Each hit records the fetch arguments, evaluated against the
 * registers at the probed instruction, before it runs.
 */
#include <events/events.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>

static int check(struct event_spec *spec, struct parse_error *e)
{
	int pos;

	/* Before the function has run there is no return value. */
	if (spec_uses(spec, FETCH_RETVAL, &pos))
		return parse_error_set(e, -EINVAL, pos, "$retval is only for return probes (r)");
	return 0;
}

/* Hits skipped because the engine was already in a handler. */
static unsigned long missed(const struct event *ev)
{
	return ((const struct kprobe *)ev->priv)->nmissed;
}

static int create(struct event *ev)
{
	struct kprobe *kp = (struct kprobe *)ev->priv;

	/* Registered disabled: a new event waits for "enable", as in Linux. */
	*kp = (struct kprobe){ .addr = (kprobe_opcode_t *)ev->addr,
			       .pre_handler = kprobe_event_hit,
			       .flags = KPROBE_FLAG_DISABLED };
	ev->missed = missed;
	return register_kprobe(kp);
}

static const struct probe_type kprobe_type = {
	.prefix = 'p',
	.name = "kprobe",
	.usage = "p[:[GRP/]EVENT] SYM[+offs]|ADDR [FETCHARGS]",
	.check = check,
	.priv_size = sizeof(struct kprobe),
	.create = create,
};
PROBE_TYPE(kprobe_type);
