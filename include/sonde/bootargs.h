/*
 * Boot arguments, "key=value" words on the kernel command line: each
 * owner declares its keys with BOOTARG(), in a linker-made table.  An
 * unknown key or a refused value gets a warning, and boot goes on.
 */
#ifndef SONDE_BOOTARGS_H
#define SONDE_BOOTARGS_H

struct bootarg {
	const char *key;
	/* Return 0, or a negative errno to reject the value. */
	int (*set)(const char *value);
	const char *help;
};

#define BOOTARG(key_, set_, help_)                                         \
	static const struct bootarg bootarg_##set_                          \
	__attribute__((used, section(".table.bootargs"), aligned(sizeof(void *)))) = {  \
		.key = key_, .set = set_, .help = help_ }

/*
 * A key whose value is kept as it is, in the char array buf_ (a whole
 * command line fits: make it BOOT_CMDLINE_MAX long).  The file needs
 * <sonde/string.h> for strlcpy.
 */
#define BOOTARG_STRING(key_, buf_, help_)                                  \
	static int bootarg_keep_##buf_(const char *v)                       \
	{                                                                   \
		strlcpy(buf_, v, sizeof(buf_));                             \
		return 0;                                                   \
	}                                                                   \
	BOOTARG(key_, bootarg_keep_##buf_, help_)

/* Parse the command line, calling each key's handler. */
void bootargs_parse(const char *cmdline);

#endif
