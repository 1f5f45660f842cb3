/*
 * The console: the hypervisor's first virtual terminal (vty), a byte
 * at a time through hypervisor calls.  QEMU's -serial stdio connects it
 * to the terminal.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "ppc64.h"

void arch_console_init(void)
{
	/* Nothing to set up: the hypervisor's vty is ready from the start. */
}

/* One byte per call: bytes travel in r6, the first in the top byte. */
__kprobes void arch_console_putc(char c)
{
	while (ppc64_hcall(H_PUT_TERM_CHAR, VTY_UNIT, 1,
			   (unsigned long)(uint8_t)c << 56, 0, NULL, NULL, NULL) != 0)
		;                     /* H_BUSY: try again */
}

/* H_GET_TERM_CHAR hands out up to 16 bytes at once (in r5, r6); keep
 * them here and give them out one by one. */
static uint8_t in_buf[16];
static unsigned in_len, in_pos;

int arch_console_getc(void)
{
	if (in_pos == in_len) {
		unsigned long n, hi, lo;

		if (ppc64_hcall(H_GET_TERM_CHAR, VTY_UNIT, 0, 0, 0, &n, &hi, &lo) != 0 || n == 0)
			return -1;
		for (unsigned i = 0; i < 16; i++)
			in_buf[i] = (uint8_t)((i < 8 ? hi : lo) >> (56 - 8 * (i % 8)));
		in_len = n > 16 ? 16 : (unsigned)n;
		in_pos = 0;
	}
	return in_buf[in_pos++];
}
