/*
 * The serial-console shell: it reads lines (kernel/readline.c) and runs
 * them.  A line is claimed whole by a layer above (SHELL_LINE_HANDLER:
 * the events layer's "p:...", "-:..."), or else it names a command of
 * the SHELL_COMMAND() table (ours are in shell/commands.c and
 * shell/workloads.c, the events layer's in events/).
 *
 * A '#' that starts a word begins a comment, as in sh, so a README or
 * handout block pastes as written ("p:fibp fib n=$arg1   # a kprobe
 * event").  No fetch argument starts with '#', and one inside a word
 * stays part of it.
 *
 * Boot arguments can type lines, so a course can ship probes armed at boot:
 *   kprobe_event=p:fibp,fib,n=%di;r:fibr,fib,$retval   (event lines only)
 *   shell_run=enable,all;spawn,fib,5                   (any commands)
 * Commas stand for spaces and ';' separates lines, as in Linux's
 * kprobe_event=.  shell_run= is ours; a line handler owns its own
 * (the events layer's kprobe_event=), and its lines run first.
 */
#include <shell/shell.h>
#include <sonde/arch.h>
#include <sonde/bootargs.h>
#include <sonde/errno.h>
#include <sonde/nokprobe.h>
#include <sonde/printk.h>
#include <sonde/string.h>

/* Words are separated by spaces and tabs, as in sh. */
static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

int shell_error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	return err;
}

int shell_usage(const char *text)
{
	return shell_error(-EINVAL, "usage: %s\n", text);
}

/* A control byte (a stray escape sequence) would go into our messages
 * and confuse the terminal: the line is refused instead. */
static int refuse_byte(unsigned char c, int column)
{
	return shell_error(-EINVAL, "error: byte 0x%02x at column %d is not printable ASCII; "
			   "line ignored\n", c, column);
}

/* Names match whole, never as abbreviations: Tab completes them. */
static const struct shell_command *find_command(const char *name)
{
	for (const struct shell_command *c = __start_shellcmds; c < __stop_shellcmds; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Split line into argv in place: a NUL is written over each blank, so
 * a word starts wherever a non-blank follows the line's start or a NUL.
 * Returns argc or -E2BIG. */
static int split_words(char *line, char **argv)
{
	int argc = 0;

	for (char *p = line; *p; p++) {
		if (blank(*p)) {
			*p = '\0';
		} else if (p == line || p[-1] == '\0') {
			if (argc == SHELL_MAX_ARGS)
				return -E2BIG;
			argv[argc++] = p;
		}
	}
	return argc;
}

/* Cut line at a comment (a '#' that starts a word), and the blanks before it. */
static void strip_comment(char *line)
{
	for (char *p = line; *p; p++)
		if (*p == '#' && (p == line || blank(p[-1]))) {
			while (p > line && blank(p[-1]))
				p--;
			*p = '\0';
			return;
		}
}

int shell_execute(char *line)
{
	char *argv[SHELL_MAX_ARGS];
	const struct shell_command *cmd;
	int argc;

	/* Tab is the one control byte allowed: it separates words. */
	for (int i = 0; line[i]; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c != '\t' && (c < 0x20 || c >= 0x7f))
			return refuse_byte(c, i + 1);
	}
	/* Before a handler sees it: "p:x fib # note" is an event line. */
	strip_comment(line);
	for (const struct shell_line_handler *h = __start_shelllines; h < __stop_shelllines; h++)
		if (h->claims(line))
			return h->run(line);
	argc = split_words(line, argv);
	if (argc == -E2BIG)
		return shell_error(-E2BIG, "error: more than %d words; line ignored\n", SHELL_MAX_ARGS);
	if (argc == 0)
		return 0;
	cmd = find_command(argv[0]);
	if (!cmd)
		return shell_error(-ENOENT, "unknown command: %s (try help)\n", argv[0]);
	/* Called from here and nowhere else: a return probe on a command
	 * names shell_execute as its caller, in every trace. */
	return cmd->run(argc, argv);
}

/* exit_at_prompt (make bench): at the first prompt, print how many
 * cycles the boot took and power off. */
static bool exit_at_prompt;
static int set_exit_at_prompt(const char *v)
{
	(void)v;                      /* any value, or none, sets it */
	exit_at_prompt = true;
	return 0;
}
BOOTARG("exit_at_prompt", set_exit_at_prompt,
	"print the boot's cycle count at the first prompt, then power off");

static char boot_commands[BOOT_CMDLINE_MAX];
BOOTARG_STRING("shell_run", boot_commands,
	       "shell commands to run at boot, ';'-separated, ',' for spaces");

/* Run each ';'-separated line of script, shown as if typed; with a
 * handler h, only the lines it claims (or blank ones). */
static void run_script(const char *script, const struct shell_line_handler *h)
{
	char line[SHELL_LINE_MAX], *p;

	while (*script) {
		size_t len = 0;
		for (; *script && *script != ';'; script++, len++)
			if (len + 1 < sizeof(line))
				line[len] = *script == ',' ? ' ' : *script;
		script += *script == ';';    /* no ';' after the last line */
		/* Skipped whole, not cut short: a cut line would run
		 * something other than what was written. */
		if (len >= sizeof(line)) {
			printk("error: a boot script line is longer than %d characters; skipped\n",
			       SHELL_LINE_MAX - 1);
			continue;
		}
		line[len] = '\0';
		/* As if typed: the log reads like a session, and Up recalls it. */
		printk(SHELL_PROMPT "%s\n", line);
		console_history_add(line);
		if (!h) {
			shell_execute(line);
			continue;
		}
		/* The layer judges and runs the line without its comment, as
		 * it does a typed one.  It runs it its own way (the events
		 * layer enables what kprobe_event= defines, as Linux does). */
		strip_comment(line);
		for (p = line; blank(*p); p++)
			;
		if (*p && h->claims(line))
			h->boot_run(line);
		else if (*p)
			printk("%s\n", h->refusal);
	}
}

int shell_main(void *arg)
{
	char line[SHELL_LINE_MAX];

	(void)arg;
	/* Before anything runs at the prompt: the count is the boot's alone. */
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
		/* The line editor is the kernel's; Tab is ours: it knows the commands. */
		int n = console_readline(SHELL_PROMPT, line, sizeof(line), shell_complete);
		/* A NUL typed inside the line would silently end it early:
		 * it is refused like any other control byte. */
		if (n == -E2BIG) {
			printk("error: line too long (at most %d characters); line ignored\n",
			       SHELL_LINE_MAX - 1);
		} else if ((size_t)n != strlen(line)) {
			refuse_byte(0, (int)strlen(line) + 1);
		} else {
			console_history_add(line);
			shell_execute(line);
		}
	}
}
NOKRETPROBE(shell_main);          /* the shell never returns */

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c;

	if (argc > 2)
		return shell_usage("help [CMD]");
	if (argc == 2) {
		c = find_command(argv[1]);
		if (!c)
			return shell_error(-ENOENT, "help: no command '%s'\n", argv[1]);
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
			return 0;
		printk("  %-22s %s\n", next->usage, next->help);
		last = next->name;
	}
}
SHELL_COMMAND("help", "help [CMD]", "list commands, or explain one", cmd_help);
