/*
 * The shell's line editor: what happens between key presses and a
 * finished line.  Backspace/Delete erase one character, Ctrl-U the
 * line, Ctrl-C cancels it, Up/Down walk the last HISTORY lines, and Tab
 * completes a command name (first word) or a kernel symbol (later
 * words), adding a space once the name is whole and unique.  The
 * cursor stays at the end of the line, which keeps redrawing trivial.
 *
 * The arrow keys arrive as "CSI" sequences: ESC [, up to CSI_MAX
 * parameter bytes (0x30-0x3f, the "3" in ESC [ 3 ~), a final byte
 * (0x40-0x7e; 'A' is Up, 'B' Down).  Other sequences are dropped.  Any
 * other byte -- Enter, Ctrl-C, a second ESC -- means the sequence was
 * cut off: it is dropped and that byte handled as usual, so a stray
 * ESC [ never eats the Enter after it.
 */
#include <shell/shell.h>
#include <sonde/console.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

extern const struct shell_command __start_shellcmds[], __stop_shellcmds[];

#define CTRL(c) ((c) & 0x1f)
#define HISTORY 16
#define CSI_MAX 8

/* A ring: line i (counting every line ever added) is history[i %
 * HISTORY], and only the last HISTORY of them are still there. */
static char history[HISTORY][SHELL_LINE_MAX];
static int history_count;             /* lines ever added */

void line_history_add(const char *line)
{
	/* No empty lines, and no repeats, like most shells. */
	if (line[0] && (!history_count ||
			strcmp(history[(history_count - 1) % HISTORY], line) != 0))
		strlcpy(history[history_count++ % HISTORY], line, SHELL_LINE_MAX);
}

/* Back, blank, back: erases one character on any terminal. */
static void erase_chars(size_t n)
{
	while (n--)
		printk("\b \b");
}

/* Replace what is on screen (len chars) with text.  buf is always the
 * shell's line buffer, so SHELL_LINE_MAX is its size. */
static size_t replace_line(char *buf, size_t len, const char *text)
{
	erase_chars(len);
	strlcpy(buf, text, SHELL_LINE_MAX);
	printk("%s", buf);
	return strlen(buf);
}

/* The i-th name Tab may complete to, or NULL past the last: a command
 * in table order, or a symbol in the kernel's table. */
static const char *candidate(bool commands, int i)
{
	if (commands)
		return __start_shellcmds + i < __stop_shellcmds ? __start_shellcmds[i].name : NULL;
	return i < ksym_count() ? ksym_at(i)->name : NULL;
}

/* Complete the last word of buf.  One match: complete it.  Several:
 * complete their common prefix, or if that adds nothing, list them. */
static size_t complete(char *buf, size_t len, size_t size)
{
	size_t start = len, wlen, common = 0;
	const char *first = NULL, *name, *shown[40];
	int matches = 0;
	bool commands = true;

	/* The word starts after the last blank; it is a command name if
	 * only blanks come before it. */
	while (start > 0 && buf[start - 1] != ' ')
		start--;
	for (size_t i = 0; i < start; i++)
		commands &= buf[i] == ' ';
	wlen = len - start;
	/* common: how much of the first match every match shares.  The
	 * first 40 are kept to be listed: more would scroll off the screen. */
	for (int i = 0; (name = candidate(commands, i)) != NULL; i++) {
		if (strncmp(name, buf + start, wlen) != 0)
			continue;
		if (!first) {
			first = name;
			common = strlen(name);
		}
		size_t k = wlen;
		while (k < common && first[k] == name[k])
			k++;
		common = k;
		if (matches < 40)
			shown[matches] = name;
		matches++;
	}
	if (!first)
		return len;
	if (common > wlen || matches == 1) {  /* something to add (a space at least) */
		/* len + 2: room for the space and the NUL. */
		for (size_t k = wlen; k < common && len + 2 < size; k++) {
			buf[len++] = first[k];
			printk("%c", first[k]);
		}
		if (matches == 1 && len + 2 < size) {
			buf[len++] = ' ';
			printk(" ");
		}
		return len;
	}
	/* Ambiguous: show the choices, four a line, then the line again. */
	printk("\n");
	for (int i = 0; i < matches && i < 40; i++)
		printk("%s%s", i % 4 ? "  " : (i ? "\n" : ""), shown[i]);
	if (matches > 40)
		printk("\n... and %d more", matches - 40);
	buf[len] = '\0';
	printk("\n" SHELL_PROMPT "%s", buf);
	return len;
}

int read_line(char *buf, size_t size)
{
	/* Enter may send CR LF: the LF must not end a second, empty line.
	 * static: the pair can straddle two calls. */
	static bool last_was_cr;
	size_t len = 0;
	bool too_long = false;
	int browse = history_count;          /* history index being shown */
	int esc = 0;                         /* 1: after ESC; 2+N: after ESC [ and N parameters */

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
				len = replace_line(buf, len, history[--browse % HISTORY]);
			else if (c == 'B' && !too_long && browse < history_count)
				len = replace_line(buf, len, ++browse < history_count ?
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
				printk("^C\n" SHELL_PROMPT);
			else if (!too_long)
				erase_chars(len);
			len = 0;
			too_long = false;
		} else if (c == '\t') {
			if (!too_long)
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
