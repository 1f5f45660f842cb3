/*
 * The console and power-off, through Ski's simulator system calls.
 *
 * With -noconsole the console is bski's own stdin and stdout.  Output
 * is SSC_PUTCHAR, a byte at a time.  Input is SSC_GETCHAR: under
 * Sonde's Ski patch (-icount) it never blocks and gives -1 when no byte
 * is waiting, so a NUL byte is 0; plain Ski gives 0 for both, and then
 * 0 must mean "none".  The first -1 tells which Ski this is; init asks
 * once, before the first prompt, so before anyone could have typed
 * (a byte already waiting, piped in, is kept for the first getc).
 * SSC_EXIT ends the simulation with its argument as bski's exit status.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "ia64.h"

static bool nul_is_a_byte;
static int typed_ahead = -1;

static long ssc_getchar(void)
{
	long c = ia64_ssc(0, 0, 0, 0, SSC_GETCHAR);

	nul_is_a_byte |= c == -1;
	return c;
}

void arch_console_init(void)
{
	ia64_ssc(0, 0, 0, 0, SSC_CONSOLE_INIT);
	long c = ssc_getchar();
	if (c > 0)
		typed_ahead = (int)(c & 0xff);
}

__kprobes void arch_console_putc(char c)
{
	ia64_ssc((unsigned char)c, 0, 0, 0, SSC_PUTCHAR);
}

int arch_console_getc(void)
{
	long c = typed_ahead;

	typed_ahead = -1;
	if (c < 0)
		c = ssc_getchar();
	if (c == -1 || (c == 0 && !nul_is_a_byte))
		return -1;
	return (int)(c & 0xff);
}

/* The status is bski's exit status: 0 clean, 1 every test passed, 2 a
 * test failed, 3 a panic (build.mk's EXIT_CODES). */
__kprobes void arch_poweroff(enum poweroff_status status)
{
	arch_irq_disable();
	ia64_ssc(status, 0, 0, 0, SSC_EXIT);
	for (;;)
		;
}

/* Ski cannot reset the machine: power off cleanly instead. */
void arch_reboot(void) { arch_poweroff(POWEROFF_CLEAN); }
NOKRETPROBE(arch_poweroff);
NOKRETPROBE(arch_reboot);
