/*
 * The serial-console shell, the top layer: nothing below calls it, the
 * layers only fill its two tables.  The linker gathers each table from
 * every file that uses the macro, so events/ adds its commands and its
 * lines without an edit here.
 */
#ifndef SHELL_SHELL_H
#define SHELL_SHELL_H

#include <sonde/console.h>
#include <sonde/printk.h>

#define SHELL_MAX_ARGS 32
#define SHELL_LINE_MAX 256     /* bytes, including the terminating NUL */
_Static_assert(SHELL_LINE_MAX <= CONSOLE_LINE_MAX, "history keeps whole lines");
#define SHELL_PROMPT "sonde> "

/* run gets argv[0] = the name, and returns 0 or a negative errno. */
struct shell_command {
	const char *name, *usage, *help;
	int (*run)(int argc, char **argv);
};
/* "used": nothing names the entry; the linker script gathers the
 * section into the array __start_shellcmds..__stop_shellcmds, which
 * the alignment keeps free of gaps. */
#define SHELL_COMMAND(name_, usage_, help_, run_)                          \
	static const struct shell_command shell_cmd_##run_                 \
	__attribute__((used, section(".table.shellcmds"), aligned(sizeof(void *)))) = { \
		.name = name_, .usage = usage_, .help = help_, .run = run_ }

/*
 * A layer claims whole lines before they are split into words (the
 * events layer: "p:...", "-:..."): the shell knows nothing of their
 * syntax.  boot_lines (or NULL) are what the layer's own boot argument
 * typed, ';'-separated with ',' for spaces; they run before the first
 * prompt, and one the layer does not claim is refused with refusal.
 */
struct shell_line_handler {
	bool (*claims)(const char *line);
	int (*run)(const char *line);
	int (*boot_run)(const char *line);    /* runs a line of boot_lines */
	const char *boot_lines, *refusal;
};
#define SHELL_LINE_HANDLER(claims_, run_, boot_run_, boot_lines_, refusal_) \
	static const struct shell_line_handler shell_lines_##run_           \
	__attribute__((used, section(".table.shelllines"), aligned(sizeof(void *)))) = { \
		.claims = claims_, .run = run_, .boot_run = boot_run_,      \
		.boot_lines = boot_lines_, .refusal = refusal_ }

/* The two tables, as the linker script gathers them. */
extern const struct shell_command __start_shellcmds[], __stop_shellcmds[];
extern const struct shell_line_handler __start_shelllines[], __stop_shelllines[];

int shell_main(void *arg);             /* the shell task */
int shell_execute(char *line);         /* run one line as if typed */
int shell_usage(const char *usage);    /* prints "usage: ...", returns -EINVAL */
/* A command's failure in one statement: print fmt (a whole line, the
 * "(-ERRNO)" in it if the message wants one) and return err. */
int shell_error(int err, const char *fmt, ...) __printf(2, 3);

/* Tab, for console_readline() (shell/complete.c). */
size_t shell_complete(char *buf, size_t len, size_t size);

#endif
