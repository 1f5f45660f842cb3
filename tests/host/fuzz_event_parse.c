/*
 * libFuzzer target for the event-line parser, event_parse() in
 * events/parse.c: random lines in, and after each one a check
 * that the parser kept its promises.
 *
 * Build and run with tools/fuzz.sh, which does:
 *   clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -DPROBE_TYPE_SECTION='"probetypes"' -Iinclude -Iarch/x86_64/include \
 *       -Iarch/x86_common/include tests/host/fuzz_event_parse.c \
 *       events/parse.c events/type_*.c kernel/format.c \
 *       -o build/host/fuzz_event_parse
 *
 * parse.c and every probe type, events/type_*.c, are compiled
 * unchanged.  The types register themselves with PROBE_TYPE() as in the
 * kernel; here the section is one the host's linker makes
 * __start_probetypes/__stop_probetypes for, so the fuzzer looks types up
 * in the very table the kernel uses: a new type file is fuzzed with no
 * edit here.  Only the parse-time hook (check) ever
 * run; the kernel-side functions the type files call are stubs below
 * that abort if called.  (A new type that calls another kernel function
 * gets a link error naming it: add a stub.)
 *
 * What the parser needs besides: snprintk (kernel/format.c, which builds
 * on the host as it is), the string routines, and arch_reg_lookup().
 * The string routines come from the host's libc -- kernel/string.c
 * would clash with it -- except strlcpy, which glibc 2.36 lacks, so it
 * is defined below.  Registers are x86_64's names.
 *
 * What is checked, besides "no crash, no sanitizer report":
 *   on error:   the return value is negative and equals err->err,
 *               err->pos is a column of the line (0..len),
 *               err->msg is a non-empty, terminated string;
 *   on success: the counts are in range (nargs <= 128, nnodes <= 512,
 *               and within the spec's own room), every node index (an
 *               argument's root, a node's child) points at a node,
 *               children come after their parents (so no chain can
 *               loop), names are terminated, columns are inside the
 *               line, a type without a modifier hook has maxactive 0,
 *               and the built-in types' rules hold ($retval only in r,
 *               no offset for r and l, no arguments for l).
 * The spec is malloc'ed at exactly event_spec_size(line) bytes, so
 * AddressSanitizer catches a write past the room the parser asked for.
 * A broken promise prints what broke and aborts, which libFuzzer
 * reports as a crash and saves the input that caused it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <events/events.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/symbols.h>

/* ---- what parse.c needs that the host libc does not have ---- */

/* Copy at most size-1 bytes and always terminate; returns strlen(src),
 * like the kernel's (kernel/string.c) and BSD's. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* ---- the environment: the kernel's own probe types ---- */

/* x86_64's register names, as arch/x86_common/regs.c accepts
 * them; the index is just the position in this list. */
static const char *const reg_names[] = {
	"ax", "rax", "bx", "rbx", "cx", "rcx", "dx", "rdx", "si", "rsi",
	"di", "rdi", "bp", "rbp", "sp", "rsp", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "ip", "rip", "flags", "cs", "ss",
};
#define NREGS ((int)(sizeof(reg_names) / sizeof(reg_names[0])))

int arch_reg_lookup(const char *name)
{
	for (int i = 0; i < NREGS; i++)
		if (strcmp(reg_names[i], name) == 0)
			return i;
	return -1;
}


/* The kernel side of the type files: never called while parsing. */
static void not_here(const char *fn)
{
	fprintf(stderr, "fuzz_event_parse: %s called while parsing\n", fn);
	abort();
}
int register_kprobe(struct kprobe *p) { (void)p; not_here("register_kprobe"); return 0; }
void unregister_kprobe(struct kprobe *p) { (void)p; not_here("unregister_kprobe"); }
int enable_kprobe(struct kprobe *p) { (void)p; not_here("enable_kprobe"); return 0; }
int disable_kprobe(struct kprobe *p) { (void)p; not_here("disable_kprobe"); return 0; }
int register_kretprobe(struct kretprobe *rp) { (void)rp; not_here("register_kretprobe"); return 0; }
void unregister_kretprobe(struct kretprobe *rp) { (void)rp; not_here("unregister_kretprobe"); }
unsigned long kretprobe_return_address(const struct kretprobe_instance *ri)
{
	(void)ri;
	not_here("kretprobe_return_address");
	return 0;
}
int ksym_format(unsigned long addr, char *buf, size_t size)
{
	(void)addr; (void)buf; (void)size;
	not_here("ksym_format");
	return 0;
}
uint64_t arch_cycles(void) { not_here("arch_cycles"); return 0; }
unsigned long trace_record_caller(const struct trace_record *rec)
{
	(void)rec;
	not_here("trace_record_caller");
	return 0;
}
uint64_t trace_record_extra(const struct trace_record *rec)
{
	(void)rec;
	not_here("trace_record_extra");
	return 0;
}
void trace_event_hit(struct event *ev, struct pt_regs *regs, const unsigned long *entry_args,
		     unsigned long caller, uint64_t extra)
{
	(void)ev; (void)regs; (void)entry_args; (void)caller; (void)extra;
	not_here("trace_event_hit");
}
int kprobe_event_hit(struct kprobe *kp, struct pt_regs *regs)
{
	(void)kp; (void)regs;
	not_here("kprobe_event_hit");
	return 0;
}
int printk(const char *fmt, ...) { (void)fmt; not_here("printk"); return 0; }

/* ---- the checks ---- */

static const char *current_line;     /* for the report */

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_event_parse: broken promise: %s\n  line: \"%s\"\n",
		what, current_line);
	abort();
}

#define CHECK(cond) do { if (!(cond)) fail(#cond); } while (0)

/* A fixed-size name field must hold a terminated string. */
static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static void check_error(int ret, const struct parse_error *e, int len)
{
	CHECK(ret < 0);
	CHECK(e->err == ret);
	CHECK(e->pos >= 0 && e->pos <= len);
	CHECK(terminated(e->msg, sizeof(e->msg)));
	CHECK(e->msg[0] != '\0');
}

static void check_spec(const struct event_spec *spec, int len)
{
	CHECK(terminated(spec->group, sizeof(spec->group)));
	CHECK(terminated(spec->event, sizeof(spec->event)));
	CHECK(terminated(spec->sym, sizeof(spec->sym)));
	CHECK(spec->name_pos >= 0 && spec->name_pos <= len);

	if (spec->type == '-') {             /* a delete: a name, or '*' */
		CHECK(spec->event[0] != '\0');
		CHECK(spec->event[0] != '*' || spec->event[1] == '\0');
		CHECK(spec->nargs == 0);
		return;
	}
	const struct probe_type *type = probe_type_lookup(spec->type);
	CHECK(type != NULL);
	CHECK(spec->site_pos >= 0 && spec->site_pos <= len);
	CHECK(spec->maxactive >= 0 && spec->maxactive <= KRETPROBE_MAXACTIVE_LIMIT);
	CHECK(type->maxactive || spec->maxactive == 0);
	CHECK(spec->nargs >= 0 && spec->nargs <= EVENT_MAX_ARGS && spec->nargs <= spec->max_args);
	CHECK(spec->nnodes >= 0 && spec->nnodes <= EVENT_MAX_NODES && spec->nnodes <= spec->max_nodes);

	for (int n = 0; n < spec->nnodes; n++) {
		const struct fetch_node *node = &spec->nodes[n];
		CHECK(node->kind >= FETCH_REG && node->kind <= FETCH_DEREF);
		/* Only a dereference has a child, and it comes later in the
		 * array: so following children always ends. */
		if (node->kind == FETCH_DEREF)
			CHECK(node->child > n && node->child < spec->nnodes);
		else
			CHECK(node->child == -1);
		if (node->kind == FETCH_SYM)      /* a name inside the line */
			CHECK(node->sym_len > 0 && node->sym_pos >= 0 &&
			      node->sym_pos + node->sym_len <= len);
		if (node->kind == FETCH_REG)
			CHECK(node->value >= 0 && node->value < NREGS);
		if (node->kind == FETCH_ARG)
			CHECK(node->value >= 1 && node->value <= 16);
		if (node->kind == FETCH_STACK_N)
			CHECK(node->value >= 0 && node->value <= 1024);
	}
	for (int i = 0; i < spec->nargs; i++) {
		const struct fetch_arg *a = &spec->args[i];
		CHECK(a->root >= 0 && a->root < spec->nnodes);
		CHECK(a->type >= FT_DEFAULT && a->type <= FT_SYMBOL);
		CHECK(a->pos >= 0 && a->pos <= len);
		CHECK(terminated(a->name, sizeof(a->name)));
		CHECK(a->name[0] != '\0');
		for (int j = 0; j < i; j++)           /* names are unique */
			CHECK(strcmp(spec->args[j].name, a->name) != 0);
		if (spec->nodes[a->root].kind == FETCH_COMM)
			CHECK(a->type == FT_STRING);
	}
	/* The types' own rules. */
	if (spec->type == 'p')
		CHECK(!spec_uses(spec, FETCH_RETVAL, NULL));
	if (spec->type == 'r' || spec->type == 'l')
		CHECK(spec->offset == 0);
	if (spec->type == 'l')
		CHECK(spec->nargs == 0);
}

/* ---- the target ---- */

/* Once, before the first input: say which types are fuzzed (and fail
 * if the table came out empty, which would fuzz nothing but errors). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (__stop_probetypes - __start_probetypes == 0) {
		fprintf(stderr, "fuzz_event_parse: no probe types registered\n");
		abort();
	}
	fprintf(stderr, "fuzz_event_parse: probe types:");
	for (const struct probe_type *const *t = __start_probetypes; t < __stop_probetypes; t++)
		fprintf(stderr, " %c (%s)", (*t)->prefix, (*t)->name);
	fprintf(stderr, "\n");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parser takes a C string: the input up to its first NUL.
	 * Both the line and the spec are malloc'ed at exactly their size,
	 * so AddressSanitizer catches a read or write one byte past them. */
	size_t len = strnlen((const char *)data, size);
	char *line = malloc(len + 1);
	struct event_spec *spec;
	struct parse_error err;
	size_t spec_size;
	int ret;

	if (!line)
		abort();
	memcpy(line, data, len);
	line[len] = '\0';
	current_line = line;
	spec_size = event_spec_size(line);
	spec = malloc(spec_size);
	if (!spec)
		abort();
	/* Garbage in the outputs, so a field the parser forgets to set
	 * shows up in the checks. */
	memset(spec, 0xa5, spec_size);
	memset(&err, 0xa5, sizeof(err));

	ret = event_parse(line, spec, &err);
	if (ret)
		check_error(ret, &err, (int)len);
	else
		check_spec(spec, (int)len);

	free(spec);
	free(line);
	return 0;
}
