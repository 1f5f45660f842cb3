/* The small part of <string.h> the kernel uses (kernel/string.c). */
#ifndef SONDE_STRING_H
#define SONDE_STRING_H

#include <sonde/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copy at most size-1 bytes and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned number: decimal, or hex with a 0x prefix.  On
 * success store it in *out and return 0; return -EINVAL if s is not
 * entirely a number, -ERANGE if it does not fit in 64 bits.
 */
int parse_u64(const char *s, uint64_t *out);

/* n bytes of s as a quoted string, "\xNN" for any byte that is not
 * printable ASCII, into out (size bytes). */
void string_quote(const char *s, size_t n, char *out, size_t size);

#endif
