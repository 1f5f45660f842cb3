/* Console input, queued by a TICK_HOOK that polls the port (no
 * console interrupt), and the line editor on top of it. */
#ifndef SONDE_CONSOLE_H
#define SONDE_CONSOLE_H

#include <sonde/types.h>

int console_getc(void);                /* sleeps until a byte arrives */
int console_trygetc(void);             /* -1 if none is waiting */

/*
 * Print prompt, read a line with echo, editing and history; Tab calls
 * complete (if not NULL), which may extend buf, echoing it, and returns
 * the new length.  The length, or -E2BIG: it did not fit, refused whole.
 */
#define CONSOLE_LINE_MAX 256          /* what history keeps of a line */
typedef size_t (*console_complete_t)(char *buf, size_t len, size_t size);
int console_readline(const char *prompt, char *buf, size_t size, console_complete_t complete);
void console_history_add(const char *line);

#endif
