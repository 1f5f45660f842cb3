/*
 * Console input.  Bytes arrive from the port's UART (or hypervisor
 * console) and are queued in a small ring; the shell takes them out.
 * The timer tick polls the port, so no console interrupt is needed on
 * any architecture.
 */
#ifndef SONDE_CONSOLE_H
#define SONDE_CONSOLE_H

/* Move any waiting input bytes from the hardware into the ring. */
void console_poll(void);

/* Take one byte, sleeping until one arrives. */
int console_getc(void);

/* Take one byte if one is waiting, else -1. */
int console_trygetc(void);

#endif
