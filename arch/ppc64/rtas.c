/*
 * Power-off and reboot through RTAS, the firmware's run-time services.
 * QEMU runs an RTAS call from its argument buffer on a hypervisor call
 * of its own (KVMPPC_H_RTAS), so no RTAS image needs instantiating: we
 * only need each service's token, which the device tree's /rtas node
 * names.
 */
#include <sonde/arch.h>
#include <sonde/nokprobe.h>
#include "ppc64.h"

static uint32_t rtas_power_off, rtas_os_term, rtas_reboot;   /* tokens, from /rtas */

/* From ppc64_boot(), while Open Firmware can still be asked. */
void rtas_init(void)
{
	uint32_t token;

	if (of_getprop("/rtas", "power-off", &token, 4) == 4)
		rtas_power_off = token;
	if (of_getprop("/rtas", "ibm,os-term", &token, 4) == 4)
		rtas_os_term = token;
	if (of_getprop("/rtas", "system-reboot", &token, 4) == 4)
		rtas_reboot = token;
}

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
