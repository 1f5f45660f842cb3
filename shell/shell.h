/*
 * The serial-console shell (shell/shell.c).
 *
 * Commands are registered with SHELL_COMMAND() in whatever file
 * implements them; the linker gathers them into one table, so the
 * events layer adds its commands without touching shell/shell.c.  The
 * shell is the top layer: below it nothing calls it, they only fill
 * its two tables (SHELL_COMMAND, SHELL_LINE_HANDLER).
 */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

#include <sonde/types.h>

#define SHELL_MAX_ARGS 32
#define SHELL_LINE_MAX 256     /* bytes, including the terminating NUL */

struct shell_command {
	const char *name;
	const char *usage;     /* "sym NAME|ADDR"                           */
	const char *help;      /* one line for "help"                       */
	/* argv[0] is the command name.  Return 0 or a negative errno. */
	int (*run)(int argc, char **argv);
};

#define SHELL_COMMAND(name_, usage_, help_, run_)                          \
	static const struct shell_command shell_cmd_##run_                 \
	__attribute__((used, section(".table.shellcmds"), aligned(sizeof(void *)))) = { \
		.name = name_, .usage = usage_, .help = help_, .run = run_ }

/*
 * A layer above the shell can claim whole lines before they are split
 * into words: the events layer takes "p:...", "-:..." this way, so the
 * shell needs to know nothing of their syntax.  boot_lines, if not
 * NULL, are lines a boot argument typed for that layer (kprobe_event=):
 * the shell runs them before the first prompt, and refuses, with
 * refusal, any line among them that the layer does not claim.
 */
struct shell_line_handler {
	bool (*claims)(const char *line);
	int (*run)(const char *line);      /* 0 or a negative errno */
	const char *boot_lines;            /* ';'-separated, ',' for spaces */
	const char *refusal;
};

#define SHELL_LINE_HANDLER(claims_, run_, boot_lines_, refusal_)           \
	static const struct shell_line_handler shell_lines_##run_           \
	__attribute__((used, section(".table.shelllines"), aligned(sizeof(void *)))) = { \
		.claims = claims_, .run = run_, .boot_lines = boot_lines_, .refusal = refusal_ }

#define SHELL_PROMPT "sonde> "

/* The shell task's function. */
int shell_main(void *arg);

/* Run one command line as if typed; returns the command's result. */
int shell_execute(char *line);

/* The line editor (shell/line_edit.c): read a line with echo, editing,
 * history and Tab completion; -E2BIG if it did not fit in size. */
int read_line(char *buf, size_t size);
void line_history_add(const char *line);

#endif
