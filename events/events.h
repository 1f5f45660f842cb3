/*
 * Probe events: the shell's kprobe_events-style interface.
 *
 *   p[:[GRP/]EVENT] SYM[+offs]|ADDR [FETCHARGS]     a kprobe event
 *   r[MAXACTIVE][:[GRP/]EVENT] SYM[+0] [FETCHARGS]   a return probe event
 *   l[:[GRP/]EVENT] SYM                              a latency event
 *   -:[GRP/]EVENT                                    delete one
 *   -:[GRP/]*                                        delete every event (of GRP)
 *
 * A line is parsed in two steps.  event_parse() (events/parse.c)
 * checks the syntax and builds a struct event_spec; it depends on
 * nothing but this header (and arch_reg_lookup(), the port's), so the
 * host fuzzer compiles it as it is.
 * Then the probe type named by the first letter turns the spec into a
 * registered, disabled event (events/events.c).
 *
 * Each probe type is a struct probe_type registered with PROBE_TYPE():
 * p and r are built that way, and so is the latency type, the worked
 * example in docs/adding-a-probe-type.md.
 */
#ifndef EVENTS_EVENTS_H
#define EVENTS_EVENTS_H

#include <sonde/types.h>

#define EVENT_NAME_LEN   32
#define EVENT_SYM_LEN    64
#define EVENT_MAX_ARGS   128
#define EVENT_MAX_NODES  512      /* fetch nodes, all arguments together */
#define EVENT_LINE_MAX   1024

/* ---- fetch arguments ---- */

enum fetch_kind {
	FETCH_REG,        /* %REG            value: register number  */
	FETCH_MEM,        /* @ADDR           value: the address      */
	FETCH_SYM,        /* @SYM[+|-offs]   sym, value: the offset  */
	FETCH_STACK_N,    /* $stackN         value: N                */
	FETCH_STACK,      /* $stack                                  */
	FETCH_ARG,        /* $argN           value: N (1 = first)    */
	FETCH_RETVAL,     /* $retval                                 */
	FETCH_COMM,       /* $comm                                   */
	FETCH_DEREF,      /* +|-OFFS(child)  value: the offset       */
};

enum fetch_type {
	FT_DEFAULT,       /* the native word, in hex */
	FT_U8, FT_U16, FT_U32, FT_U64,
	FT_S8, FT_S16, FT_S32, FT_S64,
	FT_X8, FT_X16, FT_X32, FT_X64,
	FT_STRING, FT_SYMBOL,
};

struct fetch_node {
	enum fetch_kind kind;
	int64_t value;
	int child;                 /* index into spec->nodes, or -1 */
	/* FETCH_SYM only: where the symbol's name is in the line (it is
	 * looked up, and the node made a FETCH_MEM, before it is kept). */
	int16_t sym_pos, sym_len;
};

struct fetch_arg {
	char name[EVENT_NAME_LEN];
	int root;                  /* index into spec->nodes */
	enum fetch_type type;
	int pos;                   /* column in the line, for errors */
	/* What a hit reads (bytes), and how (op, n): trace_prepare().
	 * The hit's loop for op reads this term into value slot, then
	 * the next argument with the same op. */
	uint8_t bytes, op;
	uint16_t slot;
	const struct fetch_arg *next;
	int64_t n;
};

/* ---- a parsed line ---- */

struct event_spec {
	char type;                 /* the prefix letter, or '-' for a delete */
	char group[EVENT_NAME_LEN];
	char event[EVENT_NAME_LEN];    /* "" if none was given */
	bool group_given;              /* GRP/ was written      */
	int name_pos;

	char sym[EVENT_SYM_LEN];   /* the site: a symbol ...           */
	uint64_t addr;             /* ... or an address (sym "")       */
	int64_t offset;            /* +offs                            */
	int site_pos;
	int maxactive;             /* "10" in r10                      */

	/*
	 * The arguments and fetch terms live right after the spec, in
	 * the same block, with room for as many as this line can hold
	 * (event_spec_size()): a short line needs a small block.
	 */
	int nargs, max_args;
	struct fetch_arg *args;
	int nnodes, max_nodes;
	struct fetch_node *nodes;
};

/* What went wrong, and where (a column of the line, for the caret). */
struct parse_error {
	int err;                   /* -EINVAL, -ENOENT, -E2BIG, ...      */
	int pos;
	char msg[96];
};

/* Register name ("ax", "r3") -> number, or -1: the port's (in
 * <sonde/arch.h>), or the host fuzzer's. */
int arch_reg_lookup(const char *name);
/* The probe type for a prefix letter, or NULL (PROBE_TYPE() below). */
const struct probe_type *probe_type_lookup(char prefix);
extern const struct probe_type *const __start_probetypes[], *const __stop_probetypes[];

/* The bytes a spec for line needs: at most a few hundred for an
 * ordinary line, more only for a line with many fetch arguments. */
size_t event_spec_size(const char *line);
/* Parse one line into spec, a block of event_spec_size(line) bytes.
 * 0, or a negative errno with *err filled in. */
int event_parse(const char *line, struct event_spec *spec, struct parse_error *err);

/* Helpers for types' hooks (in parse.c). */
int parse_error_set(struct parse_error *e, int err, int pos, const char *msg);
bool spec_uses(const struct event_spec *spec, enum fetch_kind kind, int *pos);

/* ---- probe types ---- */

struct event;
struct pt_regs;
struct trace_record;

struct probe_type {
	char prefix;                       /* the line's first letter     */
	const char *name;                  /* "kprobe"                    */
	const char *usage;                 /* one line for "help"         */
	bool maxactive;                    /* takes a MAXACTIVE, as r10:  */
	/* Check the whole spec against this type's rules ($retval, +0). */
	int (*check)(struct event_spec *spec, struct parse_error *err);

	/* Kernel side (events/events.c calls these). */
	size_t priv_size;                  /* bytes of ev->priv, which starts
					    * with the kprobe "enable" arms */
	int (*create)(struct event *ev);   /* register, disabled          */
	/* Unregister; NULL: the kprobe that starts ev->priv. */
	void (*destroy)(struct event *ev);
	/* The "(...)" of a trace line; NULL: "(SITE)", or ftrace's
	 * "(CALLER <- FUNC)" for a record with a caller (a return). */
	int (*format_site)(const struct event *ev, const struct trace_record *rec,
			   char *buf, size_t size);
	/* Extra lines for "events" (the latency histogram); may be NULL. */
	void (*show)(const struct event *ev);
};

/* ---- events (kernel side, events/events.c) ---- */

/* A trace record's first words: its size (without strings), nargs,
 * whether kind bytes were written (else every value is a number). */
struct record_head {
	uint16_t size;
	uint8_t nargs, kinds;                /* kinds: a bool */
	int32_t event_id;
};

struct event {
	int id;                            /* never reused; trace records keep it */
	char group[EVENT_NAME_LEN];
	char name[EVENT_NAME_LEN];
	const struct probe_type *type;
	char *definition;                  /* the line that made it            */
	unsigned long addr;                /* the resolved probe site          */
	int maxactive;
	int nargs;
	struct fetch_arg *args;            /* copied from the spec             */
	struct fetch_node *nodes;
	struct record_head head;           /* of its records: trace_prepare() */
	bool strings, walk;                /* a :string; one for record_rest() */
	const struct fetch_arg *plain[FETCH_RETVAL + 1];  /* by op: its first */
	unsigned long stack_room;          /* $stackN reach: one check a hit  */
	bool enabled;
	unsigned long hits;
	unsigned long (*missed)(const struct event *ev);   /* type's count  */
	struct event *next;
	char priv[] __attribute__((aligned(16)));  /* the type's data (a kprobe...) */
};

/* The event whose type data is at priv. */
static inline struct event *event_of_priv(void *priv)
{
	return (struct event *)((char *)priv - __builtin_offsetof(struct event, priv));
}

/* Check the probe types, allocate the trace buffer (kmain calls it). */
void events_init(void);

/* The event named "GRP/EVENT", or "EVENT" if only one group has one of
 * that name; else NULL. */
struct event *event_lookup(const char *name);

/*
 * For a command that uses probes and the trace itself (test, bench):
 * events_park() disables the user's enabled events and sets the trace's
 * records aside; events_unpark() puts both back.  who names the command
 * in messages.  NULL (no memory, said on the console) is fine to unpark.
 */
struct events_parked;
struct events_parked *events_park(const char *who);
void events_unpark(struct events_parked *p);

/* Run one event line ("p:...", "r...", "-:..."); prints errors. */
int event_command(const char *line);
/*
 * Check a table of probe types: each prefix a letter used once, and no
 * shell command that would read as one of their event lines (a type
 * 'x' would take over "x fib 4").  0, or a negative errno and why.
 * events_init() runs it on the real table and panics if it fails.
 */
int probe_types_check(const struct probe_type *const *begin,
		      const struct probe_type *const *end, char *why, size_t size);

/* At definition: each hit's record size and reads, worked out once. */
void trace_prepare(struct event *ev);
/*
 * Record a hit of ev in the trace buffer: evaluate its fetch arguments
 * against regs (entry_args: the argument values saved at entry, for a
 * return probe), with caller for the "(...)" part (the site: ev->addr).
 */
void trace_event_hit(struct event *ev, struct pt_regs *regs, const unsigned long *entry_args,
		     unsigned long caller, uint64_t extra);
/* The 'p' type's pre handler: trace_event_hit() for its event.  Both
 * only from a probe handler: interrupts off, one static scratch buffer. */
struct kprobe;
int kprobe_event_hit(struct kprobe *kp, struct pt_regs *regs);

/* A type whose ev->priv starts with a kretprobe (r, l) may take r's
 * "missed" (no free instance, or a hit inside a handler) and destroy. */
unsigned long kretprobe_event_missed(const struct event *ev);
void kretprobe_event_destroy(struct event *ev);

/* What a type's format_site may read of a record. */
unsigned long trace_record_caller(const struct trace_record *rec);
uint64_t trace_record_extra(const struct trace_record *rec);

/*
 * Register a probe type: a pointer to it goes in a linker-made table,
 * __start_probetypes..__stop_probetypes.  The kernel's linker scripts
 * make that table from ".table.probetypes".  The host fuzzer builds the
 * same type files with PROBE_TYPE_SECTION "probetypes", a name the
 * host's linker makes __start_ and __stop_ symbols for by itself.
 */
#ifndef PROBE_TYPE_SECTION
#define PROBE_TYPE_SECTION ".table.probetypes"
#endif
#define PROBE_TYPE(var)                                                    \
	static const struct probe_type *const probe_type_ptr_##var          \
	__attribute__((used, section(PROBE_TYPE_SECTION),                   \
		       aligned(sizeof(void *)))) = &var

#endif
