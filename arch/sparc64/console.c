/*
 * The console: the 16550 UART on sun4u's ebus, polled, reached with
 * physical-address loads and stores (ASI_PHYS_E), which need no TLB
 * entry and bypass the caches.  QEMU's UART needs no speed or format;
 * the PCI bridge in front of the ebus forwards its ports from reset.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "sparc64.h"

#define UART     0x1fe020003f8ul
#define UART_RBR 0              /* receive buffer           */
#define UART_THR 0              /* transmit holding         */
#define UART_LSR 5              /* line status              */
#define LSR_DR   0x01           /* a byte is waiting        */
#define LSR_THRE 0x20           /* room to transmit         */

void arch_console_init(void)
{
}

__kprobes void arch_console_putc(char c)
{
	while (!(phys_read8(UART + UART_LSR) & LSR_THRE))
		;
	phys_write8(UART + UART_THR, (uint8_t)c);
}

int arch_console_getc(void)
{
	if (!(phys_read8(UART + UART_LSR) & LSR_DR))
		return -1;
	return phys_read8(UART + UART_RBR);
}
