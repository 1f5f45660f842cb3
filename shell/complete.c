/*
 * Tab completion for the console's line editor (kernel/readline.c):
 * a command name (the first word) or a kernel symbol (later words),
 * adding a space once the name is whole and unique.
 */
#include <shell/shell.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>

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
size_t shell_complete(char *buf, size_t len, size_t size)
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
