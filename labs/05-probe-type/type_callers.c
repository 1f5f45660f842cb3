/*
 * Lab 5: the 'c' probe type, a call counter per caller.
 *
 *   c[MAXACTIVE][:[GRP/]EVENT] SYM
 *
 * For each call of SYM, find the function that called it and add one
 * to that caller's count; "events" lists the callers, most calls first.
 * Built into the kernel by make grade LAB=5 (grade.txt's build line);
 * see README.md in this folder for the steps, and
 * docs/adding-a-probe-type.md with events/type_latency.c for the model.
 */
#include <events/events.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>

#define CALLERS_MAX 8                   /* callers kept by name; the rest are "other" */

struct caller {
	unsigned long func;             /* the calling function's start (0: unused slot) */
	unsigned long calls;
};

struct callers {
	struct kretprobe rp;            /* first: event_of_priv(rp) works, and enable arms rp.kp */
	struct caller slot[CALLERS_MAX];
	unsigned long other;            /* calls from callers that found no free slot */
};

/* How many calls of ev's function came from the function that starts
 * at func (the tests read it). */
unsigned long callers_calls_from(const struct event *ev, unsigned long func);
unsigned long callers_calls_from(const struct event *ev, unsigned long func)
{
	const struct callers *c = (const struct callers *)ev->priv;

	for (int i = 0; i < CALLERS_MAX; i++)
		if (c->slot[i].func == func)
			return c->slot[i].calls;
	return 0;
}

static int check(struct event_spec *spec, struct parse_error *e)
{
	if (spec->offset != 0)                                                          /* LAB 5: BEGIN check */
		return parse_error_set(e, -EINVAL, spec->site_pos,
				       "a caller counter counts calls of a function: SYM or SYM+0");
	if (spec->nargs)
		return parse_error_set(e, -EINVAL, spec->args[0].pos,
				       "a caller counter takes no fetch arguments");
	return 0;                                                                       /* LAB 5: END check */
}

static int count_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long ret = kretprobe_return_address(ri);                               /* LAB 5: BEGIN count */
	const struct ksym *sym = ksym_by_addr(ret);
	unsigned long func = sym ? sym->addr : ret;
	struct event *ev = event_of_priv(ri->rp);
	struct callers *c = (struct callers *)ev->priv;
	unsigned long calls = 0;
	int i;

	/* The caller's slot, or the first free one. */
	for (i = 0; i < CALLERS_MAX && c->slot[i].func && c->slot[i].func != func; i++)
		;
	if (i < CALLERS_MAX) {
		c->slot[i].func = func;
		calls = ++c->slot[i].calls;
	} else {
		calls = ++c->other;
	}
	ev->hits++;
	trace_event_hit(ev, regs, NULL, ret, calls);
	return 0;                                                                       /* LAB 5: END count */
}

static unsigned long missed(const struct event *ev)
{
	const struct callers *c = (const struct callers *)ev->priv;

	return c->rp.nmissed + c->rp.kp.nmissed;
}

static int create(struct event *ev)
{
	struct callers *c = (struct callers *)ev->priv;

	*c = (struct callers){ .rp.kp.addr = (kprobe_opcode_t *)ev->addr,               /* LAB 5: BEGIN create */
			       .rp.kp.flags = KPROBE_FLAG_DISABLED,
			       .rp.handler = count_return,
			       .rp.maxactive = ev->maxactive };
	ev->missed = missed;
	return register_kretprobe(&c->rp);                                              /* LAB 5: END create */
}

static void destroy(struct event *ev)
{
	unregister_kretprobe(&((struct callers *)ev->priv)->rp);
}

static int format_site(const struct event *ev, const struct trace_record *rec,
		       char *buf, size_t size)
{
	char caller[64], func[64];

	ksym_format(trace_record_caller(rec), caller, sizeof(caller));
	ksym_format(ev->addr, func, sizeof(func));
	return snprintk(buf, size, "(%s <- %s) calls=%llu", caller, func,
			(unsigned long long)trace_record_extra(rec));
}

/* The callers, most calls first (ties: the one seen first). */
static void show(const struct event *ev)
{
	const struct callers *c = (const struct callers *)ev->priv;                     /* LAB 5: BEGIN show */
	bool shown[CALLERS_MAX] = { false };

	if (!ev->hits)
		return;
	printk("    %-28s %8s\n", "CALLER", "CALLS");
	for (;;) {
		const struct ksym *sym;
		int best = -1;

		for (int i = 0; i < CALLERS_MAX; i++)
			if (c->slot[i].func && !shown[i] &&
			    (best < 0 || c->slot[i].calls > c->slot[best].calls))
				best = i;
		if (best < 0)
			break;
		shown[best] = true;
		sym = ksym_by_addr(c->slot[best].func);
		if (sym && sym->addr == c->slot[best].func)
			printk("    %-28s %8lu\n", sym->name, c->slot[best].calls);
		else
			printk("    %#-28lx %8lu\n", c->slot[best].func, c->slot[best].calls);
	}
	if (c->other)
		printk("    %-28s %8lu\n", "(other)", c->other);                            /* LAB 5: END show */
}

static const struct probe_type callers_type = {
	.prefix = 'c',
	.name = "callers",
	.usage = "c[MAXACTIVE][:[GRP/]EVENT] SYM",
	.maxactive = true,
	.check = check,
	.priv_size = sizeof(struct callers),
	.create = create,
	.destroy = destroy,
	.format_site = format_site,
	.show = show,
};
PROBE_TYPE(callers_type);

/* LAB 5: STUB check
 *	// LAB 5: step 2: refuse SYM+OFFSET and fetch arguments (parse_error_set)
 *	(void)spec;
 *	(void)e;
 *	return 0;
 */

/* LAB 5: STUB count
 *	// LAB 5: step 4: find the calling function of this call, add one to
 *	// its slot (or to other), count the hit and trace it
 *	(void)ri;
 *	(void)regs;
 *	return 0;
 */

/* LAB 5: STUB create
 *	// LAB 5: step 3: set up and register the kretprobe (disabled)
 *	(void)c;
 *	(void)missed;
 *	(void)count_return;
 *	return -ENOSYS;
 */

/* LAB 5: STUB show
 *	// LAB 5: step 5: print the callers under the event, most calls first
 *	(void)ev;
 */
