/*
 * ppc64 boot glue, console, power and timer on QEMU's pseries machine
 * (entry.S is the assembly side of the boot).
 *
 * Boot: entry.S calls ppc64_boot() in 64-bit real mode with the Open
 * Firmware client-interface entry.  We ask the firmware (VOF or SLOF)
 * for what struct boot_info needs -- /chosen bootargs, /memory@0 reg --
 * and for the RTAS tokens we use to power off, then never call it
 * again: arch_trap_init() overwrites its exception vectors.
 *
 * Everything else goes to the hypervisor (QEMU) with "sc 1": console
 * bytes (H_PUT_TERM_CHAR, H_GET_TERM_CHAR), idling (H_CEDE), and RTAS
 * calls (QEMU's KVMPPC_H_RTAS, which takes the RTAS argument buffer
 * directly, so no RTAS image needs instantiating).
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include <sonde/string.h>
#include "ppc64.h"

/* ---------------------------------------------------- hypervisor calls */

/* r3 = op, r4..r7 = args; returns r3 (H_SUCCESS = 0) and r4..r6.
 * printk and the trap path use it: no probes here (__kprobes). */
__kprobes long ppc64_hcall(unsigned long op, unsigned long a1, unsigned long a2,
		 unsigned long a3, unsigned long a4, unsigned long *o4,
		 unsigned long *o5, unsigned long *o6)
{
	register unsigned long r3 __asm__("r3") = op;
	register unsigned long r4 __asm__("r4") = a1;
	register unsigned long r5 __asm__("r5") = a2;
	register unsigned long r6 __asm__("r6") = a3;
	register unsigned long r7 __asm__("r7") = a4;

	__asm__ volatile("sc 1"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			 : : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer",
			     "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	if (o4)
		*o4 = r4;
	if (o5)
		*o5 = r5;
	if (o6)
		*o6 = r6;
	return (long)r3;
}

/* ------------------------------------------------------------- console */

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

/* --------------------------------------------------------------- power */

static uint32_t rtas_power_off, rtas_os_term, rtas_reboot;   /* tokens, from /rtas */

/* An RTAS call: { token, nargs, nret, args..., rets... } in 32-bit cells. */
static void rtas_call(uint32_t token, int nargs, uint32_t a0, uint32_t a1)
{
	static uint32_t buf[8];

	buf[0] = token;
	buf[1] = (uint32_t)nargs;
	buf[2] = 1;
	buf[3] = a0;
	buf[4] = a1;
	ppc64_hcall(KVMPPC_H_RTAS, (unsigned long)buf, 0, 0, 0, NULL, NULL, NULL);
}

/*
 * A clean power-off and "all tests passed" both leave QEMU with status
 * 0 (RTAS power-off).  A failure or a panic calls ibm,os-term, which
 * QEMU treats as a guest panic: with -action panic=exit-failure (in
 * build.mk) it exits with status 1.
 */
__kprobes void arch_poweroff(enum poweroff_status status)
{
	static const char msg[] = "Sonde: failure";

	arch_irq_disable();
	if (status == POWEROFF_CLEAN || status == POWEROFF_TEST_PASS)
		rtas_call(rtas_power_off, 2, 0, 0);
	else
		rtas_call(rtas_os_term, 1, (uint32_t)(unsigned long)msg, 0);
	for (;;)                  /* not under QEMU: just stop */
		ppc64_hcall(H_CEDE, 0, 0, 0, 0, NULL, NULL, NULL);
}

void arch_reboot(void)
{
	arch_irq_disable();
	rtas_call(rtas_reboot, 0, 0, 0);
	for (;;)
		;
}
NOKRETPROBE(arch_poweroff);
NOKRETPROBE(arch_reboot);

/* ------------------------------------------------------ Open Firmware */

int of_call(void *args, unsigned long entry);
static unsigned long of_entry;

/* A client-interface call: service name, inputs, outputs (32-bit cells). */
static int of_service(const char *name, int nargs, int nret, const uint32_t *in,
		      uint32_t *out)
{
	uint32_t a[16];

	a[0] = (uint32_t)(unsigned long)name;
	a[1] = (uint32_t)nargs;
	a[2] = (uint32_t)nret;
	for (int i = 0; i < nargs; i++)
		a[3 + i] = in[i];
	for (int i = 0; i < nret; i++)
		a[3 + nargs + i] = (uint32_t)-1;
	if (of_call(a, of_entry) != 0)
		return -1;
	for (int i = 0; i < nret; i++)
		out[i] = a[3 + nargs + i];
	return 0;
}

/* The property's length (at most len bytes copied into buf), or -1. */
static int of_getprop(const char *path, const char *prop, void *buf, int len)
{
	uint32_t node, in[4], got;

	in[0] = (uint32_t)(unsigned long)path;
	if (of_service("finddevice", 1, 1, in, &node) || node == 0 || node == (uint32_t)-1)
		return -1;
	in[0] = node;
	in[1] = (uint32_t)(unsigned long)prop;
	in[2] = (uint32_t)(unsigned long)buf;
	in[3] = (uint32_t)len;
	if (of_service("getprop", 4, 1, in, &got) || got == (uint32_t)-1)
		return -1;
	return (int)got;
}

/* If the device tree says nothing about memory: build.mk's -m 256M. */
#define FALLBACK_RAM (256ul << 20)

/*
 * Called from entry.S.  The pseries device tree has #address-cells = 2
 * and #size-cells = 2 at its root, so /memory@0 reg is { base, size } in
 * 64-bit pairs; its first range is the RAM we boot in (all of it, with
 * the small -m sizes we use).
 */
__noreturn void ppc64_boot(unsigned long of_client_entry)
{
	static struct boot_info bi;
	static char path_buf[32];
	uint64_t reg[2];
	uint32_t token;
	int n;

	of_entry = of_client_entry;
	arch_console_init();

	n = of_getprop("/chosen", "bootargs", bi.cmdline, sizeof(bi.cmdline) - 1);
	bi.cmdline[n > 0 ? n : 0] = '\0';

	bi.nr_ram = 1;
	bi.ram[0].base = 0;
	bi.ram[0].size = FALLBACK_RAM;
	if (of_getprop("/memory@0", "reg", reg, sizeof(reg)) == sizeof(reg))
		bi.ram[0] = (struct mem_region){ reg[0], reg[1] };

	if (of_getprop("/rtas", "power-off", &token, 4) == 4)
		rtas_power_off = token;
	if (of_getprop("/rtas", "ibm,os-term", &token, 4) == 4)
		rtas_os_term = token;
	if (of_getprop("/rtas", "system-reboot", &token, 4) == 4)
		rtas_reboot = token;

	/* SLOF names itself in /openprom; VOF has no such node. */
	n = of_getprop("/openprom", "model", path_buf, sizeof(path_buf) - 1);
	path_buf[n > 0 ? n : 0] = '\0';
	bi.loader = n > 0 ? "Open Firmware (SLOF), QEMU pseries" : "VOF, QEMU pseries";
	kmain(&bi);
}

/* --------------------------------------------------------------- timer */

unsigned long ppc64_dec_interval;   /* timebase ticks per timer tick */

/*
 * The decrementer counts down at the timebase frequency and interrupts
 * (vector 0x900) when it goes negative; the handler in trap.c reloads
 * it.  It is enabled by MSR_EE like any external interrupt.
 */
void arch_timer_init(unsigned int hz)
{
	ppc64_dec_interval = TIMEBASE_HZ / hz;
	mtdec(ppc64_dec_interval);
}
