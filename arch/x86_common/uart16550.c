/*
 * The console: a 16550 UART on COM1 (I/O port 0x3f8), polled.
 * QEMU's -serial stdio connects it to the terminal.  Shared by the
 * i386 and x86_64 ports.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "io.h"

#define COM1 0x3f8
#define UART_DATA 0      /* receive / transmit holding register */
#define UART_IER  1      /* interrupt enable                    */
#define UART_FCR  2      /* FIFO control                        */
#define UART_LCR  3      /* line control (bit 7: divisor latch) */
#define UART_MCR  4      /* modem control                       */
#define UART_LSR  5      /* line status                         */
#define LSR_DATA_READY 0x01
#define LSR_TX_EMPTY   0x20

void arch_console_init(void)
{
	outb(COM1 + UART_IER, 0x00);     /* polled: no UART interrupts */
	outb(COM1 + UART_LCR, 0x80);     /* divisor latch on...        */
	outb(COM1 + UART_DATA, 1);       /* ...115200 baud (divisor 1) */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x03);     /* 8 data bits, no parity, 1 stop */
	outb(COM1 + UART_FCR, 0xc7);     /* FIFOs on and cleared        */
	outb(COM1 + UART_MCR, 0x03);     /* DTR and RTS                 */
}

__kprobes void arch_console_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_TX_EMPTY))
		;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

int arch_console_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_DATA);
}
