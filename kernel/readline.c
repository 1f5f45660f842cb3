/*
 * The console's line editor: what happens between key presses and a
 * finished line.  Backspace/Delete erase one character, Ctrl-U the
 * line, Ctrl-C cancels it, Up/Down walk the last HISTORY lines, and Tab
 * asks the caller's completion function (the shell's, which knows its
 * commands).  The cursor stays at the end of the line, which keeps
 * redrawing trivial.
 *
 * The arrow keys arrive as "CSI" sequences: ESC [, up to CSI_MAX
 * parameter bytes (0x30-0x3f, the "3" in ESC [ 3 ~), a final byte
 * (0x40-0x7e; 'A' is Up, 'B' Down).  Other sequences are dropped.  Any
 * other byte -- Enter, Ctrl-C, a second ESC -- means the sequence was
 * cut off: it is dropped and that byte handled as usual, so a stray
 * ESC [ never eats the Enter after it.
 */
#include <sonde/console.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>

#define CTRL(c) ((c) & 0x1f)
#define HISTORY 16
#define CSI_MAX 8

/* A ring: line i (counting every line ever added) is history[i %
 * HISTORY], and only the last HISTORY of them are still there. */
static char history[HISTORY][CONSOLE_LINE_MAX];
static int history_count;             /* lines ever added */

void console_history_add(const char *line)
{
	/* No empty lines, and no repeats, like most shells. */
	if (line[0] && (!history_count ||
			strcmp(history[(history_count - 1) % HISTORY], line) != 0))
		strlcpy(history[history_count++ % HISTORY], line, CONSOLE_LINE_MAX);
}

/* Back, blank, back: erases one character on any terminal. */
static void erase_chars(size_t n)
{
	while (n--)
		printk("\b \b");
}

/* Replace what is on screen (len chars) with text. */
static size_t replace_line(char *buf, size_t len, size_t size, const char *text)
{
	erase_chars(len);
	strlcpy(buf, text, size);
	printk("%s", buf);
	return strlen(buf);
}

int console_readline(const char *prompt, char *buf, size_t size, console_complete_t complete)
{
	/* Enter may send CR LF: the LF must not end a second, empty line.
	 * static: the pair can straddle two calls. */
	static bool last_was_cr;
	size_t len = 0;
	bool too_long = false;
	int browse = history_count;          /* history index being shown */
	int esc = 0;                         /* 1: after ESC; 2+N: after ESC [ and N parameters */

	printk("%s", prompt);
	for (;;) {
		int c = console_getc();

		if (esc == 1 && c == '[') {      /* ESC [ : a CSI sequence */
			esc = 2;
			continue;
		}
		if (esc >= 2 && esc < 2 + CSI_MAX && c >= 0x30 && c <= 0x3f) {
			esc++;
			continue;
		}
		if (esc >= 2 && c >= 0x40 && c <= 0x7e) {    /* the final byte */
			esc = 0;
			/* Up stops at the oldest line the ring still holds;
			 * Down past the newest gives an empty line. */
			if (c == 'A' && !too_long && browse > 0 && browse > history_count - HISTORY)
				len = replace_line(buf, len, size, history[--browse % HISTORY]);
			else if (c == 'B' && !too_long && browse < history_count)
				len = replace_line(buf, len, size, ++browse < history_count ?
						   history[browse % HISTORY] : "");
			continue;
		}
		esc = 0;                         /* none, a lone ESC, or cut off: take c as usual */
		if (c == '\n' && last_was_cr) {  /* the LF of a CR LF pair */
			last_was_cr = false;
			continue;
		}
		last_was_cr = (c == '\r');
		if (c == '\r' || c == '\n') {
			printk("\n");
			buf[len] = '\0';
			return too_long ? -E2BIG : (int)len;
		}
		if (c == '\033') {               /* ESC */
			esc = 1;
		} else if (c == '\b' || c == 0x7f) {      /* Backspace, Delete */
			if (len > 0 && !too_long) {
				len--;
				erase_chars(1);
			}
		} else if (c == CTRL('U') || c == CTRL('C')) {
			/* Ctrl-C leaves the cancelled line on screen, as sh does;
			 * Ctrl-U erases it, to type it again in its place. */
			if (c == CTRL('C'))
				printk("^C\n%s", prompt);
			else if (!too_long)
				erase_chars(len);
			len = 0;
			too_long = false;
		} else if (c == '\t') {
			if (!too_long && complete)
				len = complete(buf, len, size);
		} else if (len + 1 >= size) {
			/* Stop echoing, and read on to the end of the line: the
			 * whole line is refused, not run cut short. */
			too_long = true;
		} else if (!too_long) {
			buf[len++] = (char)c;
			printk("%c", c >= 0x20 && c < 0x7f ? c : '?');
		}
	}
}
