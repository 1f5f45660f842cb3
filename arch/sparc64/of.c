/*
 * The Open Firmware client interface (OpenBIOS), used only while
 * booting: sparc64_boot() reads device-tree properties through it
 * before the takeover.  Cells are 64 bits wide; the handler is called
 * like a C function with the argument array.
 */
#include "sparc64.h"

static long (*of_cif)(unsigned long *args);

void of_init(unsigned long cif)
{
	of_cif = (long (*)(unsigned long *))cif;
}

/* A client-interface call: service name, inputs, outputs. */
static int of_service(const char *name, int nargs, int nret, const unsigned long *in,
		      unsigned long *out)
{
	unsigned long a[12];

	a[0] = (unsigned long)name;
	a[1] = (unsigned long)nargs;
	a[2] = (unsigned long)nret;
	for (int i = 0; i < nargs; i++)
		a[3 + i] = in[i];
	for (int i = 0; i < nret; i++)
		a[3 + nargs + i] = (unsigned long)-1;
	if (of_cif(a) != 0)
		return -1;
	for (int i = 0; i < nret; i++)
		out[i] = a[3 + nargs + i];
	return 0;
}

/* A property's length (at most len bytes copied into buf), or -1. */
int of_getprop(const char *path, const char *prop, void *buf, int len)
{
	unsigned long node, in[4], got;

	in[0] = (unsigned long)path;
	if (of_service("finddevice", 1, 1, in, &node) || (int)node == 0 || (int)node == -1)
		return -1;
	in[0] = node;
	in[1] = (unsigned long)prop;
	in[2] = (unsigned long)buf;
	in[3] = (unsigned long)len;
	if (of_service("getprop", 4, 1, in, &got) || (int)got == -1)
		return -1;
	return (int)got;
}
