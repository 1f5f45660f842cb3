/*
 * The 'l' probe type: how long a function takes, per call.
 *
 *   l[:[GRP/]EVENT] SYM
 *
 * This is Sonde's worked example of a probe type of one's own (see
 * docs/adding-a-probe-type.md): a kretprobe whose entry_handler stamps
 * the time into the instance's data, and whose handler subtracts it at
 * return.  Each call adds one to a log2 histogram, which "events"
 * prints, and records a trace line with the latency.
 *
 * Time is arch_cycles(): under QEMU's -icount shift=0 it counts guest
 * instructions, so the figures are exact and repeatable.
 */
#include <events/events.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/printk.h>
#include <sonde/symbols.h>

#define BUCKETS 40

struct latency {
	struct kretprobe rp;           /* first: event_of_priv(rp) works, and enable arms rp.kp */
	unsigned long hist[BUCKETS];   /* hist[i]: calls of 2^i..2^(i+1)-1 cycles */
	uint64_t min, max, total;
};

static int check(struct event_spec *spec, struct parse_error *e)
{
	if (spec->offset != 0)
		return parse_error_set(e, -EINVAL, spec->site_pos,
				       "a latency probe measures a whole function: SYM or SYM+0");
	if (spec->nargs)
		return parse_error_set(e, -EINVAL, spec->args[0].pos,
				       "a latency probe takes no fetch arguments");
	return 0;
}

static int stamp_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)regs;
	*(uint64_t *)ri->data = arch_cycles();
	return 0;
}

static int measure_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	uint64_t cycles = arch_cycles() - *(uint64_t *)ri->data;
	struct event *ev = event_of_priv(ri->rp);
	struct latency *lat = (struct latency *)ev->priv;
	int bucket = 0;

	/* The bucket is the highest bit set in cycles: its log2. */
	while (bucket < BUCKETS - 1 && (cycles >> (bucket + 1)))
		bucket++;
	lat->hist[bucket]++;
	/* ev->hits still counts the calls before this one. */
	if (!ev->hits || cycles < lat->min)
		lat->min = cycles;
	if (cycles > lat->max)
		lat->max = cycles;
	lat->total += cycles;
	ev->hits++;
	trace_event_hit(ev, regs, NULL, kretprobe_return_address(ri), cycles);
	return 0;
}

static int create(struct event *ev)
{
	struct latency *lat = (struct latency *)ev->priv;

	*lat = (struct latency){ .rp.kp.addr = (kprobe_opcode_t *)ev->addr,
				 .rp.kp.flags = KPROBE_FLAG_DISABLED,
				 .rp.handler = measure_return,
				 .rp.entry_handler = stamp_entry,
				 .rp.data_size = sizeof(uint64_t) };
	/* The r type's count and unregistering fit: rp comes first. */
	ev->missed = kretprobe_event_missed;
	return register_kretprobe(&lat->rp);
}

static int format_site(const struct event *ev, const struct trace_record *rec,
		       char *buf, size_t size)
{
	char caller[64], func[64];

	ksym_format(trace_record_caller(rec), caller, sizeof(caller));
	ksym_format(ev->addr, func, sizeof(func));
	return snprintk(buf, size, "(%s <- %s) latency=%llu", caller, func,
			(unsigned long long)trace_record_extra(rec));
}

/* The histogram, one line per non-empty bucket. */
static void show(const struct event *ev)
{
	const struct latency *lat = (const struct latency *)ev->priv;
	unsigned long most = 1;

	if (!ev->hits)
		return;
	/* The fullest bucket gets the whole bar, 30 characters. */
	for (int i = 0; i < BUCKETS; i++)
		if (lat->hist[i] > most)
			most = lat->hist[i];
	printk("    latency in cycles: min %llu, max %llu, mean %llu\n",
	       (unsigned long long)lat->min, (unsigned long long)lat->max,
	       (unsigned long long)(lat->total / ev->hits));
	for (int i = 0; i < BUCKETS; i++) {
		if (!lat->hist[i])
			continue;
		/* The first bar characters of a row of 30 stars, padded to 30. */
		printk("    %10llu .. %-10llu %6lu |%-30.*s|\n", 1ull << i, (2ull << i) - 1,
		       lat->hist[i], (int)(lat->hist[i] * 30 / most), "******************************");
	}
}

static const struct probe_type latency_type = {
	.prefix = 'l',
	.name = "latency",
	.usage = "l[:[GRP/]EVENT] SYM",
	.check = check,
	.priv_size = sizeof(struct latency),
	.create = create,
	.destroy = kretprobe_event_destroy,
	.format_site = format_site,
	.show = show,
};
PROBE_TYPE(latency_type);
