/*
 * Hypervisor calls on QEMU's pseries machine (PAPR): "sc 1" with the
 * call's number in r3.  The console, idling and RTAS all go this way.
 */
#include <sonde/nokprobe.h>
#include "ppc64.h"

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
