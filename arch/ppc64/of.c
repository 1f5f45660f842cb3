/*
 * The Open Firmware client interface (VOF or SLOF), used only while
 * booting: ppc64_boot() and rtas_init() read device-tree properties
 * through it, then arch_trap_init() overwrites the firmware's exception
 * vectors and it is never called again.  of_call (entry.S) does the
 * switch to the firmware's 32-bit mode and back.
 */
#include "ppc64.h"

int of_call(void *args, unsigned long entry);
static unsigned long of_entry;

/* Where the firmware's client interface is (r5 at entry, from entry.S). */
void of_init(unsigned long client_entry)
{
	of_entry = client_entry;
}

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

int of_getprop(const char *path, const char *prop, void *buf, int len)
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
