/*
 * The event-line parser: text in, struct event_spec out.
 *
 *   p:mygroup/myevent kp_target_add+4 a=%di b=+8($stack):u32 name=@sym:string
 *   ^type    ^group  ^event  ^site         ^fetch arguments ...
 *
 * It only checks syntax; symbols are looked up afterwards, by the
 * kernel.  It uses nothing but its own header and a few string
 * routines, so tests/host/fuzz_event_parse.c compiles it unchanged
 * and feeds it random lines.  Every error names the column where the
 * problem starts, so the shell can put a caret under it.
 */
#include <events/events.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/printk.h>

/* Fill in *e and return err, so that a check can fail in one line:
 * return parse_error_set(e, -EINVAL, pos, "..."); */
int parse_error_set(struct parse_error *e, int err, int pos, const char *msg)
{
	e->err = err;
	e->pos = pos;
	strlcpy(e->msg, msg, sizeof(e->msg));
	return err;
}

const struct probe_type *probe_type_lookup(char prefix)
{
	for (const struct probe_type *const *t = __start_probetypes; t < __stop_probetypes; t++)
		if ((*t)->prefix == prefix)
			return *t;
	return NULL;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }

/*
 * A cursor over one token: text, its length, and the column of its
 * first byte in the whole line (for error positions).
 */
struct cursor {
	const char *s;
	int len, i, col;
};

/* '\0' past the token's end: a token points into the line, unended. */
static char peek(const struct cursor *c) { return c->i < c->len ? c->s[c->i] : '\0'; }
static int column(const struct cursor *c) { return c->col + c->i; }

/* A decimal or 0x-hex number, as an unsigned 64-bit value: the caller
 * decides what range fits (an address, an offset, MAXACTIVE). */
static int read_number(struct cursor *c, int64_t *out, struct parse_error *e)
{
	int start = c->i, base = 10;
	uint64_t v = 0;

	if (peek(c) == '0' && c->i + 1 < c->len && (c->s[c->i + 1] == 'x' || c->s[c->i + 1] == 'X')) {
		base = 16;
		c->i += 2;
	}
	/* "0x" with no digit after it is no number. */
	int digits = c->i;
	for (;;) {
		char ch = peek(c);
		int d = is_digit(ch) ? ch - '0' :
			(base == 16 && ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 :
			(base == 16 && ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
		if (d < 0)
			break;
		/* v * base + d must not pass 2^64 - 1. */
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return parse_error_set(e, -ERANGE, c->col + start, "number too large");
		v = v * (uint64_t)base + (uint64_t)d;
		c->i++;
	}
	if (c->i == digits)
		return parse_error_set(e, -EINVAL, c->col + start, "expected a number");
	*out = (int64_t)v;
	return 0;
}

/* An identifier into buf (symbol, register or variable name).  dots:
 * allow '.', which only symbols have (GCC's "cmd_x.cold" parts). */
static int read_ident(struct cursor *c, char *buf, size_t size, bool dots,
		      struct parse_error *e, const char *what)
{
	size_t n = 0;
	int start = c->i;         /* errors point at the name's start */

	if (!is_ident_start(peek(c)))
		return parse_error_set(e, -EINVAL, column(c), what);
	while (is_ident(peek(c)) || (dots && peek(c) == '.')) {
		if (n + 1 >= size)
			return parse_error_set(e, -ENAMETOOLONG, c->col + start, "name too long");
		buf[n++] = c->s[c->i++];
	}
	buf[n] = '\0';
	return 0;
}

/* A new fetch term; returns its index in spec->nodes.  Indexes, not
 * pointers: the terms are copied into the event as they are. */
static int new_node(struct event_spec *spec, enum fetch_kind kind, int64_t value,
		    struct parse_error *e, int pos)
{
	/* max_nodes is below EVENT_MAX_NODES only when the line cannot
	 * hold more terms than that (see event_spec_size()). */
	if (spec->nnodes >= spec->max_nodes)
		return parse_error_set(e, -E2BIG, pos, "too many fetch terms");
	spec->nodes[spec->nnodes] = (struct fetch_node){ .kind = kind, .value = value, .child = -1 };
	return spec->nnodes++;
}

/*
 * The $ variables.  read_ident() takes "stack3" as one name, so a
 * numbered one is a prefix and a decimal number (max is its range; 0:
 * not numbered).  The plain ones come first: "stack" alone is $stack,
 * not $stackN without its N.
 */
static const struct variable {
	const char *name;
	enum fetch_kind kind;
	int min, max;
	const char *range;
} variables[] = {
	{ "stack", FETCH_STACK, 0, 0, NULL },
	{ "retval", FETCH_RETVAL, 0, 0, NULL },
	{ "comm", FETCH_COMM, 0, 0, NULL },
	{ "stack", FETCH_STACK_N, 0, 1024, "$stackN: N must be at most 1024" },
	{ "arg", FETCH_ARG, 1, 16, "$argN: N must be 1..16" },
};

static int parse_variable(const char *name, struct event_spec *spec, struct parse_error *e,
			  int pos)
{
	for (unsigned i = 0; i < ARRAY_SIZE(variables); i++) {
		const struct variable *var = &variables[i];
		const char *p = name + strlen(var->name);
		int64_t v = 0;

		if (strncmp(name, var->name, strlen(var->name)) != 0 ||
		    (*p == '\0') != (var->max == 0))
			continue;
		for (; *p; p++) {
			if (!is_digit(*p))
				return parse_error_set(e, -EINVAL, pos, "bad variable number");
			/* Leading zeros are fine ($stack01 is $stack1), as in
			 * Linux; v stops short of overflowing, past every max. */
			v = MIN(v * 10 + (*p - '0'), 100000);
		}
		if (var->max && (v < var->min || v > var->max))
			return parse_error_set(e, -ERANGE, pos, var->range);
		return new_node(spec, var->kind, v, e, pos);
	}
	return parse_error_set(e, -EINVAL, pos, "unknown variable (try $stackN, $argN, $retval, $comm)");
}

/* +NUMBER or -NUMBER, c at the sign; a minus negates the value without
 * overflowing on INT64_MIN. */
static int read_offset(struct cursor *c, int64_t *out, struct parse_error *e)
{
	bool minus = peek(c) == '-';
	int err;

	c->i++;
	if ((err = read_number(c, out, e)))
		return err;
	*out = minus ? (int64_t)(0 - (uint64_t)*out) : *out;
	return 0;
}

/* One fetch term; returns its node index or a negative errno. */
static int parse_fetch(struct cursor *c, struct event_spec *spec, struct parse_error *e, int depth)
{
	int pos = column(c), node, err;
	char name[EVENT_SYM_LEN];
	int64_t v = 0;
	char ch = peek(c);

	/* Each +OFFS( recurses, on the kernel stack: bound it. */
	if (depth > 16)
		return parse_error_set(e, -E2BIG, pos, "dereferences nested too deep");
	if (ch == '%') {                  /* %REG: a register, by the port's names */
		c->i++;
		if ((err = read_ident(c, name, sizeof(name), false, e, "expected a register name")))
			return err;
		int reg = arch_reg_lookup(name);
		if (reg < 0)
			return parse_error_set(e, -EINVAL, pos, "unknown register");
		return new_node(spec, FETCH_REG, reg, e, pos);
	}
	if (ch == '@') {                  /* @ADDR, or @SYM[+|-OFFS] */
		c->i++;
		if (is_digit(peek(c))) {
			if ((err = read_number(c, &v, e)))
				return err;
			return new_node(spec, FETCH_MEM, v, e, pos);
		}
		int sym_col = column(c);
		if ((err = read_ident(c, name, sizeof(name), true, e, "expected an address or a symbol")))
			return err;
		int sym_len = column(c) - sym_col;
		if ((peek(c) == '+' || peek(c) == '-') && (err = read_offset(c, &v, e)))
			return err;
		/* The kernel looks the name up later: keep where it is. */
		node = new_node(spec, FETCH_SYM, v, e, pos);
		if (node >= 0) {
			spec->nodes[node].sym_pos = (int16_t)sym_col;
			spec->nodes[node].sym_len = (int16_t)sym_len;
		}
		return node;
	}
	if (ch == '$') {
		c->i++;
		if ((err = read_ident(c, name, sizeof(name), false, e, "expected a variable name")))
			return err;
		return parse_variable(name, spec, e, pos);
	}
	/* +OFFS(ARG): the word at ARG plus OFFS, ARG itself a fetch term. */
	if (ch == '+' || ch == '-') {
		if ((err = read_offset(c, &v, e)))
			return err;
		if (peek(c) != '(')
			return parse_error_set(e, -EINVAL, column(c), "expected '(' after the offset");
		c->i++;
		if (peek(c) == '\0')
			return parse_error_set(e, -EINVAL, column(c), "unbalanced parenthesis: expected a fetch argument and ')'");
		node = new_node(spec, FETCH_DEREF, v, e, pos);
		if (node < 0)
			return node;
		int child = parse_fetch(c, spec, e, depth + 1);
		if (child < 0)
			return child;
		spec->nodes[node].child = child;
		if (peek(c) != ')')
			return parse_error_set(e, -EINVAL, column(c), "unbalanced parenthesis: expected ')'");
		c->i++;
		return node;
	}
	return parse_error_set(e, -EINVAL, pos,
			       "bad fetch argument (try %REG, @ADDR, @SYM, $stackN, $argN, $retval, $comm, +OFFS(...))");
}

/* The :TYPE suffixes, by enum fetch_type (FT_DEFAULT has none). */
static const char *const type_names[] = {
	[FT_U8] = "u8", [FT_U16] = "u16", [FT_U32] = "u32", [FT_U64] = "u64",
	[FT_S8] = "s8", [FT_S16] = "s16", [FT_S32] = "s32", [FT_S64] = "s64",
	[FT_X8] = "x8", [FT_X16] = "x16", [FT_X32] = "x32", [FT_X64] = "x64",
	[FT_STRING] = "string", [FT_SYMBOL] = "symbol",
};

/* One argument token: [NAME=]FETCH[:TYPE]. */
static int parse_arg(struct cursor *tok, struct event_spec *spec, struct parse_error *e)
{
	struct fetch_arg *a;
	int colon = -1, eq = -1, err;

	if (spec->nargs >= spec->max_args)       /* max_args <= EVENT_MAX_ARGS */
		return parse_error_set(e, -E2BIG, tok->col, "too many arguments (at most 128)");
	a = &spec->args[spec->nargs];
	a->pos = tok->col;
	a->type = FT_DEFAULT;
	/* Unnamed, it is argN as in Linux (N counts from 1). */
	snprintk(a->name, sizeof(a->name), "arg%d", spec->nargs + 1);

	/* NAME= is the first '=', if it comes before any ':'; :TYPE is
	 * after the last ':' (a fetch term itself has neither). */
	for (int i = 0; i < tok->len; i++) {
		if (tok->s[i] == '=' && eq < 0 && colon < 0)
			eq = i;
		if (tok->s[i] == ':')
			colon = i;
	}
	if (eq >= 0) {
		struct cursor n = { tok->s, eq, 0, tok->col };
		if ((err = read_ident(&n, a->name, sizeof(a->name), false, e, "bad argument name")))
			return err;
		if (n.i != eq)
			return parse_error_set(e, -EINVAL, column(&n), "bad argument name");
	}
	/* Given or default ("argN"), every name must be unique. */
	for (int i = 0; i < spec->nargs; i++)
		if (strcmp(spec->args[i].name, a->name) == 0)
			return parse_error_set(e, -EEXIST, tok->col, "duplicate argument name");

	struct cursor f = { tok->s, colon >= 0 ? colon : tok->len, eq + 1, tok->col };
	a->root = parse_fetch(&f, spec, e, 0);
	if (a->root < 0)
		return a->root;
	if (f.i != f.len)
		return parse_error_set(e, -EINVAL, column(&f), "unexpected text after the fetch argument");

	if (colon >= 0) {
		const char *t = tok->s + colon + 1;
		int tlen = tok->len - colon - 1;
		for (unsigned k = 1; k < ARRAY_SIZE(type_names); k++)
			if ((int)strlen(type_names[k]) == tlen && strncmp(type_names[k], t, tlen) == 0)
				a->type = (enum fetch_type)k;
		if (a->type == FT_DEFAULT)
			return parse_error_set(e, -EINVAL, tok->col + colon + 1,
					       "unknown type (u8..u64, s8..s64, x8..x64, string, symbol)");
	}
	/* Strings live in memory: only a dereference, @ADDR/@SYM or $comm
	 * (a register's value is a number, even if it points at text). */
	enum fetch_kind k = spec->nodes[a->root].kind;
	bool memory = k == FETCH_DEREF || k == FETCH_MEM || k == FETCH_SYM;
	if (a->type == FT_STRING && !memory && k != FETCH_COMM)
		return parse_error_set(e, -EINVAL, tok->col + colon + 1,
				       "'string' needs a memory argument (+OFFS(..), @ADDR, @SYM, $comm)");
	if (k == FETCH_COMM && a->type != FT_DEFAULT && a->type != FT_STRING)
		return parse_error_set(e, -EINVAL, tok->col + colon + 1, "$comm can only be a string");
	if (k == FETCH_COMM)              /* the task's name: a string */
		a->type = FT_STRING;
	spec->nargs++;
	return 0;
}

/* The site: SYM[+offs] or ADDR.  No SYM-offs: before a function's
 * start is another function. */
static int parse_site(struct cursor *c, struct event_spec *spec, struct parse_error *e)
{
	int err;

	spec->site_pos = c->col;
	if (is_digit(peek(c)))
		err = read_number(c, (int64_t *)&spec->addr, e);
	else if (!(err = read_ident(c, spec->sym, sizeof(spec->sym), true, e,
				    "expected a symbol or an address")) && peek(c) == '+') {
		c->i++;
		err = read_number(c, &spec->offset, e);
	}
	if (err)
		return err;
	return c->i == c->len ? 0 : parse_error_set(e, -EINVAL, column(c), "unexpected text after the probe site");
}

/* [GRP/]EVENT after the ':'.  wild: this is a delete, where a '*' for
 * EVENT, as the token's last character, stands for every event (of
 * GRP, if given). */
static int parse_name(struct cursor *c, struct event_spec *spec, struct parse_error *e,
		      bool wild)
{
	int err;

	spec->name_pos = column(c);
	for (;;) {
		if (wild && peek(c) == '*' && c->i + 1 == c->len) {
			strlcpy(spec->event, "*", sizeof(spec->event));
			c->i++;
			return 0;
		}
		if ((err = read_ident(c, spec->event, sizeof(spec->event), false, e, spec->group_given ?
				      "expected an event name after the group" : "expected an event name")))
			return err;
		if (peek(c) != '/' || spec->group_given)
			break;
		/* What was read is the group; the event's name follows. */
		c->i++;
		strlcpy(spec->group, spec->event, sizeof(spec->group));
		spec->group_given = true;
	}
	return c->i == c->len ? 0 : parse_error_set(e, -EINVAL, column(c), "bad character in the event name");
}

/* Is kind used by any argument?  (*pos: where.)  For the types' check
 * hooks: "$retval only in r" is the r type's rule, not the parser's. */
bool spec_uses(const struct event_spec *spec, enum fetch_kind kind, int *pos)
{
	for (int i = 0; i < spec->nargs; i++)
		for (int n = spec->args[i].root; n >= 0; n = spec->nodes[n].child)
			if (spec->nodes[n].kind == kind) {
				if (pos)
					*pos = spec->args[i].pos;
				return true;
			}
	return false;
}

/*
 * How many arguments and fetch terms line can hold at most.  An
 * argument is a blank-separated word; every fetch term starts with a
 * character of its own: '%', '@', '$', or the '(' of +OFFS(...).
 */
static void spec_bounds(const char *line, int *max_args, int *max_nodes)
{
	int words = 0, terms = 0;

	for (int i = 0; line[i]; i++) {
		char ch = line[i];
		if (ch != ' ' && ch != '\t' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
			words++;
		if (ch == '%' || ch == '@' || ch == '$' || ch == '(')
			terms++;
	}
	*max_args = MIN(words, EVENT_MAX_ARGS);
	*max_nodes = MIN(terms, EVENT_MAX_NODES);
}

/* The spec, then its nodes (8-byte aligned), then its arguments. */
size_t event_spec_size(const char *line)
{
	int max_args, max_nodes;

	spec_bounds(line, &max_args, &max_nodes);
	return sizeof(struct event_spec) + (size_t)max_nodes * sizeof(struct fetch_node) +
	       (size_t)max_args * sizeof(struct fetch_arg);
}

int event_parse(const char *line, struct event_spec *spec, struct parse_error *e)
{
	/* The head, the site and 129 arguments: parse_arg() refuses the
	 * 129th with the message that any token after it gets here. */
	struct cursor toks[EVENT_MAX_ARGS + 3];
	int ntok = 0, len = (int)strlen(line), err;

	memset(spec, 0, sizeof(*spec));
	spec_bounds(line, &spec->max_args, &spec->max_nodes);
	/* The nodes, then the arguments, in the block after the spec. */
	spec->nodes = (struct fetch_node *)(spec + 1);
	spec->args = (struct fetch_arg *)(spec->nodes + spec->max_nodes);
	strlcpy(spec->group, "kprobes", sizeof(spec->group));   /* Linux's default */
	parse_error_set(e, 0, 0, "");
	if (len >= EVENT_LINE_MAX)
		return parse_error_set(e, -E2BIG, EVENT_LINE_MAX - 1, "line too long");

	/* Split at blanks, refusing anything that is not printable ASCII. */
	for (int i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)line[i];
		if (ch == ' ' || ch == '\t')
			continue;
		if (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') {     /* a new token */
			if (ntok == (int)ARRAY_SIZE(toks))
				return parse_error_set(e, -E2BIG, i, "too many arguments (at most 128)");
			toks[ntok++] = (struct cursor){ line + i, 0, 0, i };
		}
		if (ch < 0x20 || ch >= 0x7f)
			return parse_error_set(e, -EINVAL, i, "not a printable ASCII character");
		toks[ntok - 1].len++;
	}
	if (ntok == 0)
		return parse_error_set(e, -EINVAL, 0, "empty line");

	/* The head: -:NAME, or TYPE[MODIFIER][:NAME]. */
	struct cursor *h = &toks[0];
	spec->type = h->s[0];
	h->i = 1;
	if (spec->type == '-') {
		if (peek(h) != ':')
			return parse_error_set(e, -EINVAL, 1, "expected ':' after '-'");
		h->i++;
		if ((err = parse_name(h, spec, e, true)))
			return err;
		/* A delete is the name alone. */
		if (ntok > 1)
			return parse_error_set(e, -EINVAL, toks[1].col, "unexpected text after the event name");
		return 0;
	}
	const struct probe_type *type = probe_type_lookup(spec->type);
	if (!type)
		return parse_error_set(e, -EINVAL, 0, "unknown probe type (type 'define' for the list)");
	/* Between the letter and ':' or the site: a MAXACTIVE ("10" in
	 * r10), for a type that takes one.  Empty or 0 asks for the
	 * default, as in Linux. */
	struct cursor m = { h->s, 1, 1, 0 };
	while (m.len < h->len && h->s[m.len] != ':')
		m.len++;
	if (m.len > 16)
		return parse_error_set(e, -EINVAL, 1,
				       "too long: after the type letter only a number (MAXACTIVE) may come");
	if (m.len > 1 && !type->maxactive)
		return parse_error_set(e, -EINVAL, 1, "unexpected text after the probe type");
	if (m.len > 1) {
		int64_t v;
		if (!is_digit(peek(&m)))
			return parse_error_set(e, -EINVAL, 1, "expected a number (MAXACTIVE) or ':'");
		if ((err = read_number(&m, &v, e)))
			return err;
		if (m.i != m.len)
			return parse_error_set(e, -EINVAL, column(&m), "bad character after MAXACTIVE");
		if (v < 0 || v > KRETPROBE_MAXACTIVE_LIMIT)   /* v < 0: a number that wrapped */
			return parse_error_set(e, -E2BIG, 1, "MAXACTIVE must be 0..4096 (0: the default)");
		spec->maxactive = (int)v;
	}
	h->i = m.len;
	if (peek(h) == ':') {
		h->i++;
		if ((err = parse_name(h, spec, e, false)))
			return err;
	}

	/* The caret goes just past the line's end: what is missing. */
	if (ntok < 2)
		return parse_error_set(e, -EINVAL, len, "expected a probe site (SYM[+offs] or ADDR)");
	if ((err = parse_site(&toks[1], spec, e)))
		return err;
	for (int t = 2; t < ntok; t++)
		if ((err = parse_arg(&toks[t], spec, e)))
			return err;
	/* Last, on the whole spec: a type's rules may look at any of it. */
	return type->check ? type->check(spec, e) : 0;
}
