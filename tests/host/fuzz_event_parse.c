/*
 * libFuzzer target for the event-line parser, event_parse() in
 * probe/event_parse.c: random lines in, and after each one a check
 * that the parser kept its promises.
 *
 * Build and run with tools/fuzz.sh, which does:
 *   clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *       -Iinclude tests/host/fuzz_event_parse.c probe/event_parse.c \
 *       kernel/format.c -o build/host/fuzz_event_parse
 *
 * event_parse.c is compiled unchanged.  What it needs from the rest of
 * the kernel is small: snprintk (kernel/format.c, which builds on the
 * host as it is), the string routines, and a struct parse_env.  The
 * string routines come from the host's libc -- kernel/string.c would
 * clash with it -- except strlcpy, which glibc 2.36 lacks, so it is
 * defined below.  The parse_env is a fake: x86_64 register names, and
 * the three probe types p, r and l reduced to their parse-time hooks,
 * which mimic the real ones in probe/type_*.c.
 *
 * What is checked, besides "no crash, no sanitizer report":
 *   on error:   the return value is negative and equals err->err,
 *               err->pos is a column of the line (0..len),
 *               err->msg is a non-empty, terminated string;
 *   on success: the counts are in range (nargs <= 128, nnodes <= 512),
 *               every node index (an argument's root, a node's child)
 *               points at a node, children come after their parents (so
 *               no chain can loop), names are terminated, columns are
 *               inside the line, and the types' rules hold ($retval
 *               only in r, no offset for r and l, no arguments for l).
 * A broken promise prints what broke and aborts, which libFuzzer
 * reports as a crash and saves the input that caused it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sonde/events.h>
#include <sonde/errno.h>

/* ---- what event_parse.c needs that the host libc does not have ---- */

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

/* ---- the fake environment ---- */

/* x86_64's register names, as arch/x86_common/regs_names.c accepts
 * them; the index is just the position in this list. */
static const char *const reg_names[] = {
	"ax", "rax", "bx", "rbx", "cx", "rcx", "dx", "rdx", "si", "rsi",
	"di", "rdi", "bp", "rbp", "sp", "rsp", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "ip", "rip", "flags", "cs", "ss",
};
#define NREGS ((int)(sizeof(reg_names) / sizeof(reg_names[0])))

static int reg_lookup(const char *name)
{
	for (int i = 0; i < NREGS; i++)
		if (strcmp(reg_names[i], name) == 0)
			return i;
	return -1;
}

/* The largest MAXACTIVE (KRETPROBE_MAXACTIVE_LIMIT in the kernel). */
#define MAXACTIVE_LIMIT 4096

/* p: $retval makes no sense before the function has run. */
static int p_check(struct event_spec *spec, struct parse_error *e)
{
	int pos;

	if (spec_uses(spec, FETCH_RETVAL, &pos))
		return parse_error_set(e, -EINVAL, pos, "$retval is only for return probes (r)");
	return 0;
}

/* r: "r10" is a MAXACTIVE, parsed by the real helper. */
static int r_modifier(struct event_spec *spec, struct parse_error *e)
{
	return parse_maxactive(spec, e, MAXACTIVE_LIMIT);
}

/* r: a return probe goes on a function's entry. */
static int r_check(struct event_spec *spec, struct parse_error *e)
{
	if (spec->offset != 0)
		return parse_error_set(e, -EINVAL, spec->site_pos, "SYM or SYM+0 only");
	return 0;
}

/* l: a whole function, and nothing to fetch. */
static int l_check(struct event_spec *spec, struct parse_error *e)
{
	if (spec->offset != 0)
		return parse_error_set(e, -EINVAL, spec->site_pos, "SYM or SYM+0 only");
	if (spec->nargs)
		return parse_error_set(e, -EINVAL, spec->args[0].pos, "no fetch arguments");
	return 0;
}

/* Only the parse-time fields: the kernel-side hooks are never called. */
static const struct probe_type fake_types[] = {
	{ .prefix = 'p', .name = "kprobe", .check = p_check },
	{ .prefix = 'r', .name = "kretprobe", .parse_modifier = r_modifier, .check = r_check },
	{ .prefix = 'l', .name = "latency", .check = l_check },
};

static const struct probe_type *type_lookup(char prefix)
{
	for (size_t i = 0; i < sizeof(fake_types) / sizeof(fake_types[0]); i++)
		if (fake_types[i].prefix == prefix)
			return &fake_types[i];
	return NULL;
}

static const struct parse_env fake_env = { reg_lookup, type_lookup };

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
	CHECK(terminated(spec->modifier, sizeof(spec->modifier)));
	CHECK(spec->name_pos >= 0 && spec->name_pos <= len);

	if (spec->type == '-') {             /* a delete: just a name */
		CHECK(spec->event[0] != '\0');
		CHECK(spec->nargs == 0);
		return;
	}
	CHECK(type_lookup(spec->type) != NULL);
	CHECK(spec->site_pos >= 0 && spec->site_pos <= len);
	CHECK(spec->modifier_pos >= 0 && spec->modifier_pos <= len);
	CHECK(spec->maxactive >= 0 && spec->maxactive <= MAXACTIVE_LIMIT);
	CHECK(spec->type == 'r' || spec->maxactive == 0);
	CHECK(spec->nargs >= 0 && spec->nargs <= EVENT_MAX_ARGS);
	CHECK(spec->nnodes >= 0 && spec->nnodes <= EVENT_MAX_NODES);

	for (int n = 0; n < spec->nnodes; n++) {
		const struct fetch_node *node = &spec->nodes[n];
		CHECK(node->kind >= FETCH_REG && node->kind <= FETCH_DEREF);
		/* Only a dereference has a child, and it comes later in the
		 * array: so following children always ends. */
		if (node->kind == FETCH_DEREF)
			CHECK(node->child > n && node->child < spec->nnodes);
		else
			CHECK(node->child == -1);
		CHECK(terminated(node->sym, sizeof(node->sym)));
		if (node->kind == FETCH_SYM)
			CHECK(node->sym[0] != '\0');
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parser takes a C string: the input up to its first NUL.
	 * Both the line and the spec are malloc'ed at exactly their size,
	 * so AddressSanitizer catches a read or write one byte past them. */
	size_t len = strnlen((const char *)data, size);
	char *line = malloc(len + 1);
	struct event_spec *spec = malloc(sizeof(*spec));
	struct parse_error err;
	int ret;

	if (!line || !spec)
		abort();
	memcpy(line, data, len);
	line[len] = '\0';
	current_line = line;
	/* Garbage in the outputs, so a field the parser forgets to set
	 * shows up in the checks. */
	memset(spec, 0xa5, sizeof(*spec));
	memset(&err, 0xa5, sizeof(err));

	ret = event_parse(line, spec, &err, &fake_env);
	if (ret)
		check_error(ret, &err, (int)len);
	else
		check_spec(spec, (int)len);

	free(spec);
	free(line);
	return 0;
}
