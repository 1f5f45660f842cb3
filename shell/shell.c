/*
 * The serial-console shell: it reads lines (with the line editor in
 * shell/line_edit.c) and runs them.  A line is either claimed whole by
 * a layer above (SHELL_LINE_HANDLER: the events layer's "p:...",
 * "-:..."), or a command from the table that files extend with
 * SHELL_COMMAND() -- the built-in commands are in shell/commands.c, the
 * events layer's in events/.
 *
 * A '#' at the start of a word begins a comment, as in sh: it and the
 * rest of the line are ignored, so a README or handout block pastes as
 * written ("p:fibp fib n=$arg1   # a kprobe event").  No fetch argument
 * starts with '#', and one inside a word stays part of it.
 *
 * Boot arguments can type lines for you, so a course can ship a probe
 * set that is armed at boot:
 *   kprobe_event=p:fibp,fib,n=%di;r:fibr,fib,$retval   (event lines only)
 *   shell_run=enable,all;spawn,fib,5                   (any commands)
 * Commas stand for spaces and ';' separates lines, as in Linux's
 * kprobe_event= boot parameter.  shell_run= is the shell's own; a line
 * handler brings its own lines (the events layer owns kprobe_event=),
 * and they run first.
 */
#include <shell/shell.h>
#include <sonde/arch.h>
#include <sonde/bootargs.h>
#include <sonde/console.h>
#include <sonde/errno.h>
#include <sonde/nokprobe.h>
#include <sonde/printk.h>
#include <sonde/string.h>

extern const struct shell_command __start_shellcmds[], __stop_shellcmds[];
extern const struct shell_line_handler __start_shelllines[], __stop_shelllines[];

/* Names match whole, never as abbreviations: Tab completes them. */
static const struct shell_command *find_command(const char *name)
{
	for (const struct shell_command *c = __start_shellcmds; c < __stop_shellcmds; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Split line at blanks into argv, in place: each word is ended by a
 * NUL written over the blank after it.  Returns argc or -E2BIG. */
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

/* Cut line at a comment (a '#' that starts a word), and the blanks before it. */
static void strip_comment(char *line)
{
	for (char *p = line; *p; p++) {
		if (*p != '#' || (p > line && p[-1] != ' ' && p[-1] != '\t'))
			continue;
		while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
		*p = '\0';
		return;
	}
}

/* The handler that claims line, or NULL: then it is a command. */
static const struct shell_line_handler *line_handler(const char *line)
{
	for (const struct shell_line_handler *h = __start_shelllines; h < __stop_shelllines; h++)
		if (h->claims(line))
			return h;
	return NULL;
}

int shell_execute(char *line)
{
	const struct shell_line_handler *h;
	char *argv[SHELL_MAX_ARGS];
	const struct shell_command *cmd;
	int argc;

	/* A control byte (a stray escape sequence) would go into the
	 * messages below and confuse the terminal: refuse the line. */
	for (int i = 0; line[i]; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
			printk("error: byte 0x%02x at column %d is not printable ASCII; line ignored\n",
			       c, i + 1);
			return -EINVAL;
		}
	}
	/* Before a handler sees it: "p:x fib # note" is an event line. */
	strip_comment(line);
	h = line_handler(line);
	if (h)
		return h->run(line);
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

/* For a handler's boot lines: does h claim line (or is it blank, or a comment)? */
static bool claimed_or_blank(const char *line, const struct shell_line_handler *h)
{
	char copy[SHELL_LINE_MAX];
	size_t i = 0;

	/* A copy: the line is shown and run as typed, comment and all. */
	strlcpy(copy, line, sizeof(copy));
	strip_comment(copy);
	while (copy[i] == ' ' || copy[i] == '\t')
		i++;
	return copy[i] == '\0' || h->claims(copy);
}

/*
 * exit_at_prompt: power off cleanly as soon as the first prompt would
 * appear, after printing how many cycles the boot took (make bench).
 */
static bool exit_at_prompt;

static int set_exit_at_prompt(const char *v)
{
	/* A flag: any value, or none, turns it on. */
	(void)v;
	exit_at_prompt = true;
	return 0;
}
BOOTARG("exit_at_prompt", set_exit_at_prompt,
	"print the boot's cycle count at the first prompt, then power off");

/* Commands typed by shell_run=, run before the first prompt. */
static char boot_commands[BOOT_CMDLINE_MAX];
BOOTARG_STRING("shell_run", boot_commands,
	       "shell commands to run at boot, ';'-separated, ',' for spaces");

/* Run each ';'-separated line of script, shown as if typed; with a
 * handler h, only the lines it claims. */
static void run_script(const char *script, const struct shell_line_handler *h)
{
	char line[SHELL_LINE_MAX];

	while (*script) {
		size_t n = 0, len = 0;
		for (; *script && *script != ';'; script++, len++)
			if (n + 1 < sizeof(line))
				line[n++] = *script == ',' ? ' ' : *script;
		line[n] = '\0';
		if (*script == ';')
			script++;
		/* Skipped whole, not cut short: a cut line would run
		 * something other than what was written. */
		if (len >= sizeof(line)) {
			printk("error: a boot script line is longer than %d characters; skipped\n",
			       SHELL_LINE_MAX - 1);
			continue;
		}
		/* As if typed: the log reads like a session, and Up
		 * recalls the line. */
		printk(SHELL_PROMPT "%s\n", line);
		line_history_add(line);
		if (h && !claimed_or_blank(line, h)) {
			printk("%s\n", h->refusal);
			continue;
		}
		shell_execute(line);
	}
}

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
	/* The layers' boot lines first: shell_run= may enable their events. */
	for (const struct shell_line_handler *h = __start_shelllines; h < __stop_shelllines; h++)
		if (h->boot_lines)
			run_script(h->boot_lines, h);
	run_script(boot_commands, NULL);
	for (;;) {
		int n;

		printk(SHELL_PROMPT);
		n = read_line(line, sizeof(line));
		if (n == -E2BIG) {
			printk("error: line too long (at most %d characters); line ignored\n",
			       SHELL_LINE_MAX - 1);
			continue;
		}
		/* A NUL typed inside the line would silently end it early:
		 * refuse it like any other control byte. */
		if ((size_t)n != strlen(line)) {
			printk("error: byte 0x00 at column %d is not printable ASCII; line ignored\n",
			       (int)strlen(line) + 1);
			continue;
		}
		line_history_add(line);
		shell_execute(line);
	}
}
NOKRETPROBE(shell_main);          /* the shell never returns */

/* ------------------------------------------------------------ help */

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;

	if (argc > 2) {
		printk("usage: help [CMD]\n");
		return -EINVAL;
	}
	if (argc == 2) {
		c = find_command(argv[1]);
		if (!c) {
			printk("help: no command '%s'\n", argv[1]);
			return -ENOENT;
		}
		printk("usage: %s\n  %s\n", c->usage, c->help);
		return 0;
	}
	/* The linker's order is arbitrary: print alphabetically, each
	 * round taking the least name after the last one printed (no
	 * array to sort, and there are only a few dozen commands). */
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
