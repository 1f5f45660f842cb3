/*
 * Console output.
 *
 * printk() understands  %d %i %u %x %X %p %s %c %%  with the length
 * modifiers l, ll and z, a field width (or *), the flags '0' (zero
 * padding) and '-' (left align), and a precision for %s (%.5s, %.*s).
 * %p prints a pointer as 0x plus hex digits.
 * The formatter (kernel/format.c) has no other dependencies, so the
 * host unit tests compile it unchanged.
 */
#ifndef SONDE_PRINTK_H
#define SONDE_PRINTK_H

#include <sonde/types.h>

/* Format into buf (always terminated); returns the length it wanted. */
int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);
int snprintk(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Format and write to the serial console.  Safe from any context.
 * A text of more than 511 bytes is cut and ends "..." (and the newline
 * that ends fmt, if it does). */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/*
 * Stop the kernel: print the message, the registers of the caller and
 * a symbolised backtrace, then power off with a failure status
 * (kernel/panic.c; an unexpected trap gives the same report).
 */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond) \
	do { if (cond) panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); } while (0)

#endif
