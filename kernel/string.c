/*
 * String and memory helpers.  GCC may emit calls to memcpy and memset
 * even in freestanding code (for struct copies and "= {0}"), so these
 * must exist under exactly these names.
 */
#include <sonde/string.h>
#include <sonde/errno.h>
#include <sonde/nokprobe.h>
#include <sonde/printk.h>

/* A word that may alias anything, for copying a word at a time. */
typedef unsigned long __attribute__((may_alias)) word_t;

__kprobes void *memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	/* A word at a time while both are aligned: the probe engine copies
	 * stacks (jprobes) and records (tracing) on its hit path. */
	if ((((uintptr_t)d | (uintptr_t)s) & (sizeof(word_t) - 1)) == 0)
		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)d = *(const word_t *)s;
			d += sizeof(word_t);
			s += sizeof(word_t);
		}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* No caller today, but GCC may emit memmove calls as it may memcpy's. */
void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	/* Copying forwards is right when dst is below src, overlap or not. */
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)             /* overlap with dst above src: copy backwards */
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	/* As unsigned char, as C says: byte 0x80 sorts after 0x7f. */
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		/* Equal so far and at the end: nothing past a NUL is read. */
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;      /* strchr(s, 0): the end, as in C */
}

/* Returns strlen(src), not what fitted: >= size tells the caller it was cut. */
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

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;                      /* not a digit: above any base */
}

int parse_u64(const char *s, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned d = digit_value(*s);
		if (d >= base)
			return -EINVAL;
		/* Checked before the multiply, which would wrap silently. */
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/*
 * A string from memory, for a trace: memory can hold any byte, and a
 * control character sent raw would move the cursor or clear the
 * terminal.  So it is shown as \xNN, and so is anything outside
 * printable ASCII; a backslash is doubled, so \xNN is never ambiguous.
 */
void string_quote(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0;

	out[o++] = '"';
	/* o + 6: room for one \xNN, the closing quote and the NUL. */
	for (size_t i = 0; i < n && o + 6 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
		} else if (c < 0x20 || c >= 0x7f) {
			snprintk(out + o, size - o, "\\x%02x", c);
			o += 4;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o++] = '"';
	out[o] = '\0';
}
