/* Console output; the conversions printk() knows are listed in
 * docs/architecture.md ("Console output"). */
#ifndef SONDE_PRINTK_H
#define SONDE_PRINTK_H

#include <sonde/types.h>

/* Format into buf (always terminated); returns the length it wanted. */
int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);
int snprintk(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* Write to the serial console, from any context (511 bytes at most). */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/* Print the message, registers and a backtrace; power off, failing. */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);

#define BUG_ON(cond) \
	do { if (cond) panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); } while (0)

#endif
