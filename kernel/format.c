/*
 * vsnprintk: the formatter behind printk.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%
 * Length:      l, ll, z  (long, long long, size_t)
 * Flags:       0 (pad with zeros), - (align left)
 * Width:       a number or *;  precision (.N or .*) limits %s
 *
 * This file depends on nothing but the compiler's headers, so the
 * host unit test (tests/host/test_format.c) builds it as it is and runs
 * it under AddressSanitizer and UBSan.
 *
 * Everything here is __kprobes: printk runs inside probe hits (explain
 * mode, fault reports), and a probe on the formatter would recurse.
 */
#include <sonde/printk.h>
#include <sonde/nokprobe.h>

/* An output cursor that never writes past the end but keeps counting. */
struct out {
	char *buf;
	size_t size;
	size_t len;     /* what the full output would need */
};

__kprobes static void put(struct out *o, char c)
{
	/* + 1: the last byte is kept for the terminating NUL. */
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

__kprobes static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left;       /* '-' */
	bool zero;       /* '0' */
	int width;
	int precision;   /* -1 when absent */
};

/* Emit text of length n, padded to the field width. */
__kprobes static void emit(struct out *o, const struct spec *sp, const char *s, int n)
{
	int fill = sp->width - n;

	if (!sp->left)
		pad(o, ' ', fill);
	while (n-- > 0)
		put(o, *s++);
	if (sp->left)
		pad(o, ' ', fill);
}

/*
 * Emit a number.  Zero padding goes between the sign (or 0x) and the
 * digits, as C's printf does: "%05d" of -42 is "-0042".
 */
__kprobes static void emit_number(struct out *o, const struct spec *sp, uint64_t v,
			bool negative, unsigned base, bool upper,
			const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];                   /* 2^64 is 20 decimal digits */
	int n = 0, plen = 0, fill;

	/* do-while: zero still gives one digit, "0". */
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);

	if (negative)
		prefix = "-";
	if (prefix)
		while (prefix[plen])
			plen++;
	fill = sp->width - n - plen;

	if (!sp->left && !sp->zero)
		pad(o, ' ', fill);
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (!sp->left && sp->zero)
		pad(o, '0', fill);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', fill);
}

__kprobes int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct spec sp = { false, false, 0, -1 };
		int longs = 0;
		bool is_size = false;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;

		/* flags */
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		/* width */
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			/* As in C: a negative width from * means '-'. */
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		/* precision */
		if (*fmt == '.') {
			fmt++;
			sp.precision = 0;
			if (*fmt == '*') {
				/* Negative means none, as in C (see %s). */
				sp.precision = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.precision = sp.precision * 10 + (*fmt++ - '0');
			}
		}
		/* length */
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		if (*fmt == 'z') {
			is_size = true;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			/* %zd: size_t is as wide as long on every port
			 * (ILP32 and LP64). */
			long long v = is_size ? (long long)va_arg(ap, long) :
				      longs >= 2 ? va_arg(ap, long long) :
				      longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
			/* Negate in unsigned arithmetic: -LLONG_MIN overflows. */
			uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
			emit_number(&o, &sp, mag, v < 0, 10, false, NULL);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = is_size ? va_arg(ap, size_t) :
				     longs >= 2 ? va_arg(ap, unsigned long long) :
				     longs == 1 ? va_arg(ap, unsigned long) :
						  va_arg(ap, unsigned int);
			emit_number(&o, &sp, v, false, *fmt == 'u' ? 10 : 16,
				    *fmt == 'X', NULL);
			break;
		}
		case 'p':
			emit_number(&o, &sp, (uintptr_t)va_arg(ap, void *),
				    false, 16, false, "0x");
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int n = 0;

			/* A NULL string is a bug to show, not to fault on. */
			if (!s)
				s = "(null)";
			/* The precision bounds the scan too: "%.*s" may be
			 * given bytes that have no NUL. */
			while ((sp.precision < 0 || n < sp.precision) && s[n])
				n++;
			emit(&o, &sp, s, n);
			break;
		}
		case 'c': {
			/* A char passed through "..." arrives as an int. */
			char c = (char)va_arg(ap, int);
			emit(&o, &sp, &c, 1);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':          /* a lone % at the end: print it, stop */
			put(&o, '%');
			fmt--;              /* so the loop's fmt++ lands on the NUL */
			break;
		default:            /* unknown: print it as written */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	/* Terminated even when cut; o.len is still the length wanted, as
	 * C's snprintf returns, so a caller can tell that it was cut. */
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

__kprobes int snprintk(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintk(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
