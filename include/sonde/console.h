/*
 * Console input.  Bytes arrive from the port's UART (or hypervisor
 * console) and are queued in a small ring; the shell takes them out.
 * Every timer tick polls the port (console.c registers a TICK_HOOK),
 * so no console interrupt is needed on any architecture.
 */
#ifndef SONDE_CONSOLE_H
#define SONDE_CONSOLE_H

/* Take one byte, sleeping until one arrives. */
int console_getc(void);

/* Take one byte if one is waiting, else -1. */
int console_trygetc(void);

#endif
