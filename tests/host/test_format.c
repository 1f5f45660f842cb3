/*
 * Host unit test for the kernel's formatter (kernel/format.c).
 *
 * vsnprintk is meant to agree with C's snprintf for everything it
 * supports, so most cases run the same format and arguments through
 * both and compare.  The few places where the kernel deliberately
 * differs from glibc (%p of NULL, formats C leaves undefined) give the
 * expected text explicitly instead.
 *
 * Every case is also re-run into every smaller buffer, down to size 0,
 * to check truncation: the return value must stay the full length, the
 * output must be cut and terminated, and nothing may be written past
 * the end.  Buffers are malloc'ed at exactly their size, so the
 * AddressSanitizer the harness builds this with stops the test on a
 * single byte too many.
 *
 * Build (the harness does this):
 *   gcc -std=gnu11 -g -O1 -Wall -Wextra -fsanitize=address,undefined \
 *       -fno-sanitize-recover=all -Iinclude \
 *       tests/host/test_format.c kernel/format.c -o build/host/test_format
 *
 * Output is TAP, one line per case; the exit status is 1 if any failed.
 */
/* System headers first: <sonde/types.h> defines short macros such as
 * __unused that some libc headers use as names. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <sonde/printk.h>

/* Bytes outside the output are filled with this, to see stray writes. */
#define FILL 0x5a

static int cases, failures;

/* Print n bytes of s as a C string literal, so blanks and NULs show. */
static void print_quoted(const char *s, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar('"');
}

/*
 * Format into a buffer of exactly `size` bytes and check the result
 * against want (want_len bytes: the full, untruncated output).
 * Returns NULL if all is well, or what went wrong.
 */
static const char *try_size(size_t size, const char *want, size_t want_len,
			    const char *fmt, va_list ap)
{
	/* size 0: pass NULL, which vsnprintk must not touch at all. */
	char *buf = size ? malloc(size) : NULL;
	const char *problem = NULL;
	va_list copy;
	int got;

	if (size)
		memset(buf, FILL, size);
	va_copy(copy, ap);                 /* ap is reused for every size */
	got = vsnprintk(buf, size, fmt, copy);
	va_end(copy);

	if (got != (int)want_len) {
		problem = "wrong return value";
	} else if (size) {
		size_t kept = want_len < size ? want_len : size - 1;

		if (memcmp(buf, want, kept) != 0)
			problem = "wrong text";
		else if (buf[kept] != '\0')
			problem = "not terminated right after the text";
		for (size_t i = kept + 1; i < size && !problem; i++)
			if (buf[i] != (char)FILL)
				problem = "wrote past the terminator";
	}
	if (problem) {
		printf("#   buffer size %zu: %s\n#     want ", size, problem);
		print_quoted(want, want_len < size ? want_len : (size ? size - 1 : 0));
		printf(" (return %zu)\n#     got  ", want_len);
		if (size)
			print_quoted(buf, strnlen(buf, size));
		printf(" (return %d)\n", got);
	}
	free(buf);
	return problem;
}

/* One case: want must come out for every buffer size. */
static void check(int line, const char *want, size_t want_len,
		  const char *fmt, va_list ap)
{
	bool ok = true;

	/* A few bytes more than needed (to see stray writes after the
	 * terminator), then every size down to 0. */
	for (size_t size = want_len + 4; ; size--) {
		if (try_size(size, want, want_len, fmt, ap)) {
			ok = false;
			break;                  /* one report per case is enough */
		}
		if (size == 0)
			break;
	}
	cases++;
	failures += !ok;
	printf("%s %d - line %d: ", ok ? "ok" : "not ok", cases, line);
	print_quoted(fmt, strlen(fmt));
	printf(" -> ");
	print_quoted(want, want_len);
	printf("\n");
}

/* Expect the same output as the C library's vsnprintf. */
static void __printf(2, 3) same_as_libc(int line, const char *fmt, ...)
{
	va_list ap, copy;
	char *want;
	int n;

	va_start(ap, fmt);
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);     /* first: how long? */
	va_end(copy);
	want = malloc((size_t)n + 1);
	va_copy(copy, ap);
	vsnprintf(want, (size_t)n + 1, fmt, copy);
	va_end(copy);

	check(line, want, (size_t)n, fmt, ap);
	free(want);
	va_end(ap);
}

/* Expect exactly `want` (where the kernel differs from glibc). */
static void __printf(3, 4) expect(int line, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check(line, want, strlen(want), fmt, ap);
	va_end(ap);
}

#define SAME(...)         same_as_libc(__LINE__, __VA_ARGS__)
#define EXPECT(want, ...) expect(__LINE__, want, __VA_ARGS__)

static void test_signed(void)
{
	SAME("%d", 0);
	SAME("%d", 1);
	SAME("%d", -1);
	SAME("%d", 42);
	SAME("%i", -42);
	SAME("%d", INT_MAX);
	SAME("%d", INT_MIN);        /* its magnitude does not fit in an int */
	SAME("[%5d]", 42);
	SAME("[%5d]", -42);
	SAME("[%-5d]", 42);
	SAME("[%-5d]", -42);
	SAME("[%05d]", 42);
	SAME("[%05d]", -42);        /* "-0042": zeros go after the sign */
	SAME("[%05d]", 0);
	SAME("[%2d]", 12345);       /* width smaller than the number */
	SAME("[%20d]", INT_MIN);
	SAME("[%020d]", INT_MIN);
	SAME("[%-20d]", INT_MIN);
	SAME("%ld", 0L);
	SAME("%ld", LONG_MAX);
	SAME("%ld", LONG_MIN);
	SAME("%li", -123456789L);
	SAME("%lld", 0LL);
	SAME("%lld", LLONG_MAX);
	SAME("%lld", LLONG_MIN);    /* negating it overflows: a classic bug */
	SAME("[%30lld]", LLONG_MIN);
	SAME("[%030lld]", LLONG_MIN);
	SAME("[%-30lld]", LLONG_MIN);
	SAME("%lli", -1LL);
	SAME("%zd", (ssize_t)-1);
	SAME("%zd", (ssize_t)123456);
}

static void test_unsigned(void)
{
	SAME("%u", 0U);
	SAME("%u", 7U);
	SAME("%u", UINT_MAX);
	SAME("[%10u]", 12345U);
	SAME("[%010u]", 12345U);
	SAME("[%-10u]", 12345U);
	SAME("%lu", ULONG_MAX);
	SAME("%llu", 0ULL);
	SAME("%llu", ULLONG_MAX);
	SAME("[%25llu]", ULLONG_MAX);
	SAME("%zu", (size_t)0);
	SAME("%zu", SIZE_MAX);
	SAME("%u", (unsigned)-5);
}

static void test_hex(void)
{
	SAME("%x", 0U);
	SAME("%x", 255U);
	SAME("%X", 255U);
	SAME("%x", 0xdeadbeefU);
	SAME("%X", 0xdeadbeefU);
	SAME("%x", UINT_MAX);
	SAME("%x", (unsigned)-1);
	SAME("[%08x]", 0x1234U);
	SAME("[%8x]", 0x1234U);
	SAME("[%-8x]", 0x1234U);
	SAME("[%02x]", 0xabcU);     /* width smaller than the number */
	SAME("%lx", ULONG_MAX);
	SAME("%llx", ULLONG_MAX);
	SAME("%llX", 0x0123456789abcdefULL);
	SAME("[%020llx]", 0xfedcba9876543210ULL);
	SAME("%zx", SIZE_MAX);
	SAME("0x%08x", 0xf00U);
}

static void test_star_width(void)
{
	SAME("[%*d]", 6, 42);
	SAME("[%*d]", -6, 42);      /* a negative * width means left-align */
	SAME("[%-*d]", 6, 42);
	SAME("[%0*d]", 6, -42);
	SAME("[%*d]", 0, 42);
	SAME("[%*s]", 8, "abc");
	SAME("[%*s]", -8, "abc");
	SAME("[%*x]", 10, 0xbeefU);
	SAME("[%*lld]", 25, LLONG_MIN);
}

static void test_strings(void)
{
	/* Three bytes with no terminator: %.3s must not read a fourth,
	 * and AddressSanitizer would see it if it did. */
	char *abc = malloc(3);

	memcpy(abc, "abc", 3);

	SAME("%s", "");
	SAME("%s", "hello");
	SAME("[%10s]", "hi");
	SAME("[%-10s]", "hi");
	SAME("[%2s]", "hello");     /* width smaller than the string */
	SAME("[%10s]", "");
	SAME("%.3s", "hello");
	SAME("%.0s", "hello");
	SAME("%.10s", "hi");
	SAME("[%8.3s]", "hello");
	SAME("[%-8.3s]", "hello");
	SAME("%.*s", 2, "hello");
	SAME("%.*s", 0, "hello");
	SAME("%.*s", -1, "hello");  /* a negative precision is no precision */
	SAME("[%*.*s]", 6, 2, "hello");
	SAME("[%-*.*s]", 6, 2, "hello");
	SAME("%.3s", abc);
	SAME("%.*s", 3, abc);
	SAME("<%s|%s>", "one", "two");
	SAME("%s", "a string that is quite a bit longer than the small buffers "
		   "the truncation checks use, so every cut point gets tried");
	free(abc);

	/* A NULL string prints "(null)", as glibc's %s does too; but glibc
	 * prints nothing for NULL when the precision is below 6, so spell
	 * the kernel's own behaviour out. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-overflow"  /* "argument is null": yes */
	EXPECT("(null)", "%s", (char *)NULL);
	EXPECT("[    (null)]", "[%10s]", (char *)NULL);
	EXPECT("[(null)    ]", "[%-10s]", (char *)NULL);
#pragma GCC diagnostic pop
}

static void test_chars_and_percent(void)
{
	SAME("%c", 'A');
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("[%3c]", 'x');
	SAME("[%-3c]", 'x');
	SAME("a%cb", 0);            /* a NUL in the middle still counts */
	SAME("%c", 0xff);
	SAME("100%%");
	SAME("%%d");
	SAME("%d%%", 50);
	SAME("%%%d%%", 7);
	SAME("no conversions at all");
}

static void test_pointers(void)
{
	/* Kernel %p is always 0x + lowercase hex; glibc prints "(nil)". */
	EXPECT("0x0", "%p", NULL);
	EXPECT("[       0x0]", "[%10p]", NULL);
	SAME("%p", (void *)0x1234);
	SAME("%p", (void *)UINTPTR_MAX);
	SAME("%p", (void *)&cases);
	SAME("[%20p]", (void *)0xabcdef);
	SAME("[%-20p]", (void *)0xabcdef);
}

static void test_mixed(void)
{
	SAME("%s=%d (0x%x) %c%%", "answer", 42, 42U, '!');
	SAME("%5d|%-5d|%05d|%x|%X|%s|%c", -3, -3, -3, 3054U, 3054U, "str", 'z');
	SAME("pid %d: %s %lu ticks", 3, "sleeping", 123456UL);
	SAME("%lld %llu %llx", LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
	SAME("%d %ld %lld %zu", INT_MIN, LONG_MIN, LLONG_MIN, SIZE_MAX);
}

/*
 * Formats gcc warns about, with reason: C defines some of them but gcc
 * thinks they are mistakes, and the rest C leaves undefined, so only
 * the kernel's documented choice can be checked.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
static void test_odd_formats(void)
{
	/* '-' wins over '0' (defined by C; gcc warns the 0 is ignored). */
	SAME("[%-05d]", 42);
	SAME("[%0-5d]", -42);
	SAME("[%-08x]", 0xabU);
	/* The kernel prints an unknown conversion as written... */
	EXPECT("%q", "%q");
	EXPECT("a%yb", "a%yb");
	/* ...and a lone % at the very end as itself. */
	EXPECT("50%", "50%");
	/* An empty format (gcc warns about a zero-length format). */
	SAME("");
}
#pragma GCC diagnostic pop

int main(void)
{
	/* Line-buffer stdout even into a pipe: if a sanitizer aborts the
	 * run, the harness still sees every case that passed before it. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	test_signed();
	test_unsigned();
	test_hex();
	test_star_width();
	test_strings();
	test_chars_and_percent();
	test_pointers();
	test_mixed();
	test_odd_formats();

	printf("1..%d\n", cases);
	printf("# %d passed, %d failed\n", cases - failures, failures);
	return failures ? 1 : 0;
}
