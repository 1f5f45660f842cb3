/*
 * The serial-console shell.
 *
 * Two parts: a line editor (read_line) that understands backspace,
 * Ctrl-U and Ctrl-C, and a command table that other files extend with
 * SHELL_COMMAND().  This file also holds the kernel's own commands;
 * the probe shell adds its commands from probe/.
 */
#include <sonde/shell.h>
#include <sonde/arch.h>
#include <sonde/bootargs.h>
#include <sonde/console.h>
#include <sonde/errno.h>
#include <sonde/events.h>
#include <sonde/printk.h>
#include <sonde/string.h>

extern const struct shell_command __start_shellcmds[], __stop_shellcmds[];

#define CTRL(c) ((c) & 0x1f)
#define KEY_BACKSPACE 0x08
#define KEY_DELETE    0x7f

static void erase_chars(size_t n)
{
	while (n--)
		printk("\b \b");
}

/*
 * Read one line into buf.  Returns its length, or -E2BIG if the line
 * was longer than the buffer (the rest is read and thrown away, so the
 * next line starts clean).
 */
static int read_line(char *buf, size_t size)
{
	static bool last_was_cr;
	size_t len = 0;
	bool too_long = false;

	for (;;) {
		int c = console_getc();

		if (c == '\n' && last_was_cr) {   /* the LF of a CR LF pair */
			last_was_cr = false;
			continue;
		}
		last_was_cr = (c == '\r');
		if (c == '\r' || c == '\n') {
			printk("\n");
			buf[len] = '\0';
			return too_long ? -E2BIG : (int)len;
		}
		if (c == KEY_BACKSPACE || c == KEY_DELETE) {
			if (len > 0 && !too_long) {
				len--;
				erase_chars(1);
			}
		} else if (c == CTRL('U')) {      /* kill the whole line */
			if (!too_long)
				erase_chars(len);
			len = 0;
			too_long = false;
		} else if (c == CTRL('C')) {      /* cancel the line */
			printk("^C\n");
			len = 0;
			too_long = false;
			printk(SHELL_PROMPT);
		} else if (len + 1 >= size) {
			too_long = true;              /* stop echoing; drain to EOL */
		} else if (!too_long) {
			buf[len++] = (char)c;
			if (c >= 0x20 && c < 0x7f)
				printk("%c", c);
			else
				printk("?");          /* show that something is there */
		}
	}
}

static const struct shell_command *find_command(const char *name)
{
	for (const struct shell_command *c = __start_shellcmds; c < __stop_shellcmds; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Split line at blanks into argv; returns argc or -E2BIG. */
static int split_words(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			return argc;
		if (argc == SHELL_MAX_ARGS)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
}

int shell_execute(char *line)
{
	char *argv[SHELL_MAX_ARGS];
	const struct shell_command *cmd;
	int argc;

	for (int i = 0; line[i]; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
			printk("error: byte 0x%02x at column %d is not printable ASCII; line ignored\n",
			       c, i + 1);
			return -EINVAL;
		}
	}
	if (is_event_line(line))
		return event_command(line);
	argc = split_words(line, argv);
	if (argc == -E2BIG) {
		printk("error: more than %d words; line ignored\n", SHELL_MAX_ARGS);
		return -E2BIG;
	}
	if (argc == 0)
		return 0;
	cmd = find_command(argv[0]);
	if (!cmd) {
		printk("unknown command: %s (try help)\n", argv[0]);
		return -ENOENT;
	}
	return cmd->run(argc, argv);
}

/*
 * exit_at_prompt: power off cleanly as soon as the first prompt would
 * appear, after printing how many cycles the boot took (make bench).
 */
static bool exit_at_prompt;

static int set_exit_at_prompt(const char *v)
{
	(void)v;
	exit_at_prompt = true;
	return 0;
}
BOOTARG("exit_at_prompt", set_exit_at_prompt,
	"print the boot's cycle count at the first prompt, then power off");

int shell_main(void *arg)
{
	char line[SHELL_LINE_MAX];

	(void)arg;
	if (exit_at_prompt) {
		printk("boot: prompt reached at cycle %llu\n",
		       (unsigned long long)arch_cycles());
		arch_poweroff(POWEROFF_CLEAN);
	}
	printk("Type 'help' for commands.\n");
	for (;;) {
		int n;

		printk(SHELL_PROMPT);
		n = read_line(line, sizeof(line));
		if (n == -E2BIG)
			printk("error: line too long (at most %d characters); line ignored\n",
			       SHELL_LINE_MAX - 1);
		else
			shell_execute(line);
	}
}

/* ------------------------------------------------------------ help */

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;

	if (argc > 1) {
		c = find_command(argv[1]);
		if (!c) {
			printk("help: no command '%s'\n", argv[1]);
			return -ENOENT;
		}
		printk("usage: %s\n  %s\n", c->usage, c->help);
		return 0;
	}
	/* The linker's order is arbitrary: print alphabetically. */
	printk("Commands (help CMD for one):\n");
	for (const char *last = ""; ; ) {
		const struct shell_command *next = NULL;
		for (c = __start_shellcmds; c < __stop_shellcmds; c++)
			if (strcmp(c->name, last) > 0 && (!next || strcmp(c->name, next->name) < 0))
				next = c;
		if (!next)
			break;
		printk("  %-22s %s\n", next->usage, next->help);
		last = next->name;
	}
	return 0;
}
SHELL_COMMAND("help", "help [CMD]", "list commands, or explain one", cmd_help);
