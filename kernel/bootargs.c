/*
 * Boot-argument parsing.  The command line is split at spaces into
 * words; each "key=value" (or bare "key") word is matched against the
 * BOOTARG() table that the linker gathered from every file.
 */
#include <sonde/bootargs.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/errno.h>
#include <sonde/arch.h>

/* Every BOOTARG() in the kernel, gathered by the linker script. */
extern const struct bootarg __start_bootargs[], __stop_bootargs[];

static void apply(char *word)
{
	char *eq = strchr(word, '=');
	const char *value = "";
	const struct bootarg *a;

	/* Split at the first '=' only: a value may hold more of them
	 * (kprobe_event=p:fibp,fib,n=%di). */
	if (eq) {
		*eq = '\0';
		value = eq + 1;
	}
	for (a = __start_bootargs; a < __stop_bootargs; a++) {
		if (strcmp(a->key, word) == 0) {
			int err = a->set(value);
			/* Warn and boot on: a typo should not cost the boot. */
			if (err)
				printk("bootargs: warning: bad value '%s' for '%s' (-%s), ignored\n",
				       value, word, errno_name(err));
			return;
		}
	}
	/* Name the known keys: the usual cause is a misspelt one. */
	printk("bootargs: warning: unknown argument '%s' ignored (known:", word);
	for (a = __start_bootargs; a < __stop_bootargs; a++)
		printk(" %s", a->key);
	printk(")\n");
}

void bootargs_parse(const char *cmdline)
{
	char word[BOOT_CMDLINE_MAX];
	const char *p = cmdline;

	while (*p) {
		size_t n = 0;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		/* Words are split at spaces and nothing else: no quoting, as
		 * neither QEMU's -append nor the grub.cfg line needs it.  A
		 * word fits, as word[] is as long as the whole line. */
		while (*p && *p != ' ') {
			if (n < sizeof(word) - 1)
				word[n++] = *p;
			p++;
		}
		word[n] = '\0';
		apply(word);
	}
}
