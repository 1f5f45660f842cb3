/*
 * The console and power-off, through Ski's simulator system calls.
 *
 * With -noconsole the console is bski's own stdin and stdout.  Output
 * is SSC_PUTCHAR, a byte at a time.  Input is SSC_GETCHAR, which gives
 * 0 when no byte is waiting (Sonde's Ski patch makes that true of pipes
 * too, not only of a terminal): so a NUL typed at the console is lost.
 * SSC_EXIT ends the simulation with its argument as bski's exit status.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "ia64.h"

void arch_console_init(void)
{
	ia64_ssc(0, 0, 0, 0, SSC_CONSOLE_INIT);
}

__kprobes void arch_console_putc(char c)
{
	ia64_ssc((unsigned char)c, 0, 0, 0, SSC_PUTCHAR);
}

int arch_console_getc(void)
{
	long c = ia64_ssc(0, 0, 0, 0, SSC_GETCHAR) & 0xff;

	return c ? (int)c : -1;
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
void arch_reboot(void)
{
	arch_poweroff(POWEROFF_CLEAN);
}
NOKRETPROBE(arch_poweroff);
NOKRETPROBE(arch_reboot);
