/*
 * The trace buffer: a fixed-size ring of binary records, one per event
 * hit, turned into text only when someone reads it.
 *
 * Recording happens on the probe hit path, with interrupts off, so it
 * must be cheap: the record is written in place in the ring, with the
 * raw values (and strings) of the fetch arguments, done.  Formatting -- symbol lookups, number
 * bases, the ftrace-style line -- waits for the "trace" command.
 *
 * The ring itself is kernel/ring.c: when it is full the oldest records
 * are dropped to make room, and counted; "trace" reports how many.
 */
#include "internal.h"
#include <sonde/arch.h>
#include <sonde/bootargs.h>
#include <sonde/console.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/ring.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/task.h>
#include <arch/regs.h>

/* Bytes of a string argument kept: under 256, as a string's length
 * goes in the low 8 bits of its value (see trace_event_hit()). */
#define STRING_MAX 48

/* One argument's value in a record.  A fault is kept, not skipped: the
 * line then says "(fault)" where the value would be. */
enum { VAL_NUMBER, VAL_STRING, VAL_FAULT };

/* 16 KiB: a few hundred records of a few arguments (trace_buf= for
 * more), in blocks of 2 KiB, which hold the largest record. */
struct ring trace_ring = { .size = 16384 };

static int set_trace_buf(const char *v)
{
	uint64_t n;
	int err = parse_u64(v, &n);      /* -EINVAL: not a number */

	if (err)
		return err;
	if (n < 1024 || n > 16 * 1024 * 1024)
		return -ERANGE;
	/* Whole words in each of the ring's blocks. */
	trace_ring.size = (size_t)n & ~(size_t)(8 * RING_BLOCKS - 1);
	return 0;
}
BOOTARG("trace_buf", set_trace_buf, "trace buffer size in bytes, 1024..16M (default 16384)");

/*
 * A record's data: nargs 64-bit values, then nargs kind bytes, then the
 * bytes of any strings.  A string's value holds (offset << 8) | length
 * into that string area.
 */
#define STRINGS_MAX 512               /* string bytes in one record, all together */
/* The largest record: every argument, all the string bytes, and room
 * to round up to a word. */
#define RECORD_MAX (sizeof(struct trace_record) + EVENT_MAX_ARGS * 9 + STRINGS_MAX + 8)
_Static_assert(RECORD_MAX <= 16384 / RING_BLOCKS, "the default ring's blocks hold any record");

/* 9: a value and a kind byte per argument; whole words, because the
 * ring copies words. */
static size_t record_size(int nargs, size_t string_bytes)
{
	return ALIGN_UP(sizeof(struct trace_record) + (size_t)nargs * 9 + string_bytes, 8);
}

/* The terms the hit's loops read themselves; the walk does the others.
 * Each op has a loop of its own, over a chain of its arguments. */
#define IS_PLAIN(op, stack_ok) ((op) == FETCH_ARG || (op) == FETCH_RETVAL || ((op) == FETCH_STACK_N && (stack_ok)))

void trace_prepare(struct event *ev)
{
	ev->head = (struct record_head){ .size = (uint16_t)record_size(ev->nargs, 0), .nargs = (uint8_t)ev->nargs };
	ev->strings = ev->walk = false;
	ev->stack_room = TASK_STACK_SIZE;
	memset(ev->plain, 0, sizeof(ev->plain));
	/* Last first, so that each chain is in the arguments' order. */
	for (int i = ev->nargs - 1; i >= 0; i--) {
		struct fetch_arg *a = &ev->args[i];
		const struct fetch_node *node = &ev->nodes[a->root];
		enum fetch_type t = a->type;

		/* How much a hit reads: u8..x64 come in fours of 1, 2, 4 and
		 * 8 bytes (enum fetch_type); no type: a word; 0: a string's
		 * term is fetched as its address. */
		a->bytes = t >= FT_U8 && t <= FT_X64 ? 1u << (t - FT_U8) % 4 :
			   t == FT_STRING ? 0u : (unsigned)sizeof(long);
		ev->strings |= t == FT_STRING;
		/* The op: a term the hit's loop reads itself, or the walk's. */
		a->op = node->kind;
		ev->walk |= t == FT_STRING || !IS_PLAIN(a->op, true);
		a->n = (long)node->value - (node->kind == FETCH_ARG);     /* $arg1: 0 */
		if (node->kind == FETCH_STACK_N)
			ev->stack_room = MIN(ev->stack_room, TASK_STACK_SIZE - (node->value + 1) * sizeof(long));
		/* A plain term goes on its op's chain (a string's too: its
		 * value is the address copy_strings() reads). */
		if (IS_PLAIN(a->op, true)) {
			a->slot = (uint16_t)i;
			a->next = ev->plain[a->op];
			ev->plain[a->op] = a;
		}
	}
}

/*
 * The general walk, for any term (@SYM was resolved to an @ADDR; $comm,
 * a string, is copied by copy_strings()), reading `bytes` for the
 * outermost term (an inner one is an address: a whole word); bytes 0:
 * the address a string is read from, not a read.  At a return, $argN is
 * the value saved at entry (entry_args): the argument registers hold
 * something else by then.  False: a bad address.
 */
static bool fetch(const struct event *ev, const struct fetch_node *node, struct pt_regs *regs,
		  const unsigned long *entry_args, size_t bytes, uint64_t *out)
{
	unsigned long addr = (unsigned long)node->value;
	uint64_t base;

	switch (node->kind) {
	case FETCH_REG:
		*out = arch_reg_value(regs, (int)addr);
		return true;
	case FETCH_ARG:
		*out = entry_args ? entry_args[addr - 1] : regs_get_argument(regs, (unsigned)addr - 1);
		return true;
	case FETCH_RETVAL:
		*out = regs_return_value(regs);
		return true;
	case FETCH_STACK:
	case FETCH_COMM:                  /* 0: copy_strings() copies the name */
		*out = node->kind == FETCH_STACK ? stack_pointer(regs) : 0;
		return true;
	case FETCH_STACK_N:               /* the Nth word above the stack pointer */
		return kernel_read(stack_pointer(regs) + addr * sizeof(long), sizeof(long), out);
	case FETCH_DEREF:
		if (!fetch(ev, &ev->nodes[node->child], regs, entry_args, sizeof(long), &base))
			return false;
		addr += (unsigned long)base;
		break;
	default:                          /* FETCH_MEM: addr is the address */
		break;
	}
	if (!bytes)
		*out = addr;
	return !bytes || kernel_read(addr, bytes, out);
}

/* Copy r's strings, after its values and kinds, from the addresses
 * its values hold now; returns their total length. */
static size_t copy_strings(const struct event *ev, struct trace_record *r)
{
	uint8_t *kinds = (uint8_t *)(r->data + ev->nargs);
	char *strings = (char *)(kinds + ev->nargs);
	size_t slen = 0;

	for (int i = 0; i < ev->nargs; i++) {
		const char *from = (const char *)(unsigned long)r->data[i];
		int n = -1;

		if (ev->args[i].type != FT_STRING)
			continue;
		if (ev->nodes[ev->args[i].root].kind == FETCH_COMM)
			from = current->name;
		/* No room left, or a bad address: a fault marker. */
		if (slen + STRING_MAX <= STRINGS_MAX && kinds[i] == VAL_NUMBER)
			n = kernel_strncpy(strings + slen, from, STRING_MAX);
		kinds[i] = n >= 0 ? VAL_STRING : VAL_FAULT;
		if (n >= 0) {
			r->data[i] = ((uint64_t)slen << 8) | (uint64_t)n;
			slen += (size_t)n;
		}
	}
	return slen;
}

/* For a record that has strings, its size known only at the end: a
 * hit must not allocate.  One record at a time (a hit inside a hit
 * runs no handler): one buffer. */
static uint64_t space[RECORD_MAX / 8];

/* Out of line, so that the hit's loop makes no call: the terms it left
 * for the walk ($stackN too if the stack failed its check), the kind
 * bytes (the hit writes none: head.kinds says), the strings, and a
 * record built in space put into the ring. */
static __attribute__((noinline)) void record_rest(const struct event *ev, struct trace_record *r,
		struct pt_regs *regs, const unsigned long *entry_args, bool on_stack)
{
	uint8_t *kinds = (uint8_t *)(r->data + ev->nargs);

	r->head.kinds = true;
	memset(kinds, VAL_NUMBER, (size_t)ev->nargs);
	for (int i = 0; i < ev->nargs; i++)
		if (!IS_PLAIN(ev->args[i].op, on_stack) && !fetch(ev, &ev->nodes[ev->args[i].root], regs,
							       entry_args, ev->args[i].bytes, &r->data[i]))
			kinds[i] = VAL_FAULT;
	if (ev->strings)
		r->head.size = (uint16_t)record_size(ev->nargs, copy_strings(ev, r));
	if (r == (struct trace_record *)space)   /* built there: now into the ring */
		ring_write(&trace_ring, r);
}

/* Inlined into kprobe_event_hit(), and defined (events.h: extern). */
inline __attribute__((always_inline)) void trace_event_hit(struct event *ev, struct pt_regs *regs,
		     const unsigned long *entry_args, unsigned long caller, uint64_t extra)
{
	struct trace_record *r = (struct trace_record *)space;

	/*
	 * Written in place in the ring, its room claimed first (the size is
	 * known at definition); only strings make it known at the end: such
	 * a record is built in space and copied.  NULL: dropped, before any
	 * fetch (also one too large even without its strings).  The engine
	 * runs the whole hit with interrupts off (probe/kprobes.c): one
	 * record at a time goes into the ring.
	 */
	if (!ev->strings || ev->head.size > trace_ring.block)
		r = ring_reserve(&trace_ring, ev->head.size);
	if (!r)
		return;
	const struct task *task = current;     /* after: fewer values live through it */
	unsigned long sp = stack_pointer(regs);
	/* One check for every $stackN (the largest N is known at definition)
	 * on the task's stack (none: sp - 0 fails it); else the walk checks each. */
	bool on_stack = sp - (unsigned long)task->stack <= ev->stack_room;

	r->head = ev->head;
	r->pid = task->pid;
	__builtin_memcpy(r->comm, task->name, sizeof(r->comm));  /* inlined */
	r->time = arch_clock();
	r->caller = caller;
	r->extra = extra;
	uint64_t *v = r->data;

	/* The plain terms, one load each and no test of their op: a loop
	 * for each op, over its chain.  The others are for the walk. */
	for (const struct fetch_arg *a = ev->plain[FETCH_ARG]; a; a = a->next)
		v[a->slot] = entry_args ? entry_args[a->n] : regs_get_argument(regs, (unsigned)a->n);
	for (const struct fetch_arg *a = on_stack ? ev->plain[FETCH_STACK_N] : NULL; a; a = a->next)
		v[a->slot] = ((const unsigned long *)sp)[a->n];
	for (const struct fetch_arg *a = ev->plain[FETCH_RETVAL]; a; a = a->next)
		v[a->slot] = regs_return_value(regs);
	/* Off the task's stack, the walk (and the kinds) for every event;
	 * a string sets walk, so a record built in space is finished there. */
	if (ev->walk || !on_stack)
		record_rest(ev, r, regs, entry_args, on_stack);
}

/* The 'p' type's pre handler: its kprobe is the event's priv, so no
 * lookup; no saved arguments, caller or extra, so the compiler
 * specialises trace_event_hit() for this, the commonest event. */
int kprobe_event_hit(struct kprobe *kp, struct pt_regs *regs)
{
	struct event *ev = event_of_priv(kp);

	ev->hits++;
	trace_event_hit(ev, regs, NULL, 0, 0);
	return 0;
}

/* ------------------------------------------------------------ reading */

/* The types read a struct trace_record only through these. */
unsigned long trace_record_caller(const struct trace_record *rec) { return rec->caller; }
uint64_t trace_record_extra(const struct trace_record *rec) { return rec->extra; }

static void format_value(const struct fetch_arg *a, uint8_t kind, uint64_t v,
			 const char *strings, char *out, size_t size)
{
	if (kind == VAL_FAULT)
		snprintk(out, size, "(fault)");
	else if (kind == VAL_STRING)
		string_quote(strings + (v >> 8), (size_t)(v & 0xff), out, size);
	else if (a->type == FT_SYMBOL)
		ksym_format((unsigned long)v, out, size);
	else if (a->type == FT_DEFAULT)
		snprintk(out, size, "0x%lx", (unsigned long)v);
	else {
		/* u8..u64, s8..s64, x8..x64 in that order (enum fetch_type):
		 * cut v to the type's width, sign-extending an s type. */
		int cls = (a->type - FT_U8) / 4, bits = 8 << ((a->type - FT_U8) % 4);
		if (bits < 64 && cls == 1)
			v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
		else if (bits < 64)
			v &= (1ull << bits) - 1;
		snprintk(out, size, cls == 0 ? "%llu" : cls == 1 ? "%lld" : "0x%llx",
			 (unsigned long long)v);
	}
}

static void print_record(const struct trace_record *r)
{
	const struct event *ev = event_by_id(r->head.event_id);
	const uint8_t *kinds = (const uint8_t *)(r->data + r->head.nargs);
	const char *strings = (const char *)(kinds + r->head.nargs);
	char site[128], val[4 * STRING_MAX + 8], name[40];  /* a string may be all \xNN */
	uint64_t hz = arch_clock_hz();

	/* ftrace's layout: TASK-PID, the CPU (there is one), seconds and
	 * microseconds (since reset) of the CPU's counter. */
	snprintk(name, sizeof(name), "%s-%d", r->comm, r->pid);
	printk("%16s [000] %5llu.%06llu: ", name, (unsigned long long)(r->time / hz),
	       (unsigned long long)(r->time % hz * 1000000 / hz));
	/* Records outlive their events; the values cannot be named then. */
	if (!ev) {
		printk("(deleted event #%d)\n", r->head.event_id);
		return;
	}
	if (ev->type->format_site) {
		ev->type->format_site(ev, r, site, sizeof(site));
	} else {
		char func[64], caller[64];
		ksym_format(ev->addr, func, sizeof(func));
		ksym_format(r->caller, caller, sizeof(caller));
		if (r->caller)
			snprintk(site, sizeof(site), "(%s <- %s)", caller, func);
		else
			snprintk(site, sizeof(site), "(%s)", func);
	}
	printk("%s/%s: %s", ev->group, ev->name, site);
	for (int i = 0; i < r->head.nargs && i < ev->nargs; i++) {
		format_value(&ev->args[i], r->head.kinds ? kinds[i] : VAL_NUMBER, r->data[i], strings, val, sizeof(val));
		printk(" %s=%s", ev->args[i].name, val);
	}
	printk("\n");
}

/* Print the records from byte position pos on; returns the new position.
 * One at a time: ring_read() copies a record out with interrupts off,
 * and it is printed with them on, so a long dump never holds up the
 * timer, the scheduler or the keyboard. */
static uint64_t print_from(uint64_t pos)
{
	uint64_t space[RECORD_MAX / 8];

	while (ring_read(&trace_ring, &pos, space))
		print_record((const struct trace_record *)space);
	return pos;
}

void trace_print(void)
{
	const struct ring *r = &trace_ring;

	printk("# trace buffer: %lu bytes, %lu records, %lu dropped\n",
	       (unsigned long)r->size, ring_records(r), r->dropped);
	/* Two reasons to drop, two remedies: say which it was. */
	if (r->dropped > r->too_large)
		printk("# (the %lu oldest records were dropped: the buffer was full)\n",
		       r->dropped - r->too_large);
	if (r->too_large)
		printk("# (%lu records were dropped: each was larger than a block of the buffer, "
		       "%lu bytes; raise trace_buf=)\n", r->too_large, (unsigned long)r->block);
	/* ftrace's header, for the columns below (one CPU: #P:1). */
	printk("# tracer: nop\n#\n# entries-in-buffer/entries-written: %lu/%lu   #P:1\n#\n"
	       "#       TASK-PID CPU#     TIMESTAMP  FUNCTION\n"
	       "#          | |     |          |         |\n", ring_records(r), ring_records(r) + r->dropped);
	print_from(r->tail);
}

void trace_clear(void)
{
	ring_clear(&trace_ring);
}

/* Print records as they come, until Ctrl-C. */
void trace_follow(void)
{
	uint64_t pos = ring_head(&trace_ring);

	printk("# following the trace; Ctrl-C stops\n");
	for (;;) {
		pos = print_from(pos);
		if (console_trygetc() == 3)    /* Ctrl-C */
			break;
		/* Polled: sleep a tick between looks, so the workloads run. */
		task_sleep(1);
	}
	printk("^C\n");
}
