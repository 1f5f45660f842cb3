/*
 * Basic types for a freestanding kernel.
 *
 * We build with -ffreestanding, so only the compiler's own headers
 * (stdint.h, stddef.h, stdbool.h, stdarg.h) are available; everything
 * else the kernel needs it defines itself.
 */
#ifndef SONDE_TYPES_H
#define SONDE_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

/* Number of elements in a fixed-size array. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define ALIGN_UP(x, a)   (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Recover the struct that contains a member, given a pointer to it. */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define __noreturn  __attribute__((noreturn))
#define __unused    __attribute__((unused))
#define __printf(f, a) __attribute__((format(printf, f, a)))

#endif
