/*
 * ia64 boot: what entry.S calls, on the boot stack, in bank 1.  Ski
 * has no firmware tables to read: the kernel arguments come from
 * SSC_GET_ARGS (the words after the kernel file on bski's command line,
 * each followed by a space), and RAM is whatever we say (ia64.h).
 */
#include <sonde/arch.h>
#include <sonde/string.h>
#include "ia64.h"

extern unsigned long ia64_boot_stack[];

__noreturn void ia64_boot(void)
{
	static struct boot_info bi;
	static char args[4096];        /* Ski's buffer is this size or less */
	long n;

	ia64_boot_stack[0] = RSE_END_MARK;
	arch_console_init();
	n = ia64_ssc((long)args, 0, 0, 0, SSC_GET_ARGS);
	if (n < 0)
		n = 0;
	n = MIN(n, BOOT_CMDLINE_MAX - 1);
	while (n > 0 && args[n - 1] == ' ')
		n--;
	memcpy(bi.cmdline, args, n);
	bi.cmdline[n] = '\0';
	bi.nr_ram = 1;
	bi.ram[0].base = (unsigned long)_kernel_end;
	bi.ram[0].size = RAM_END - (unsigned long)_kernel_end;
	bi.loader = "Ski (bski)";
	kmain(&bi);
}
