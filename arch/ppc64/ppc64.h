/*
 * Private to the ppc64 port: constants shared by its assembly and C,
 * hypervisor calls, a few special-purpose-register helpers, and what
 * its C files share.
 */
#ifndef PPC64_PRIVATE_H
#define PPC64_PRIVATE_H

/* Hypervisor calls (PAPR), made with "sc 1": r3 = number, r4... = args. */
#define H_GET_TERM_CHAR 0x54
#define H_PUT_TERM_CHAR 0x58
#define H_CEDE          0xe0
#define KVMPPC_H_RTAS   0xf000     /* QEMU's: run an RTAS call from a buffer */
#define VTY_UNIT        0x71000000 /* QEMU pseries' first vty (the console) */

/*
 * arch_switch_to's frame: the ABI minimum, then r2, CR and r14..r31.
 * A new task's stack is laid out the same way (arch_task_stack_init).
 */
#define SWITCH_FRAME   272
#define SWITCH_R2      112
#define SWITCH_CR      120
#define SWITCH_GPR(n)  (128 + ((n) - 14) * 8)

/* Reason bits of SRR1 on a program interrupt (0x700); trap_entry.S too. */
#define SRR1_PROGTRAP   0x20000  /* a trap instruction             */
#define SRR1_PROGPRIV   0x40000  /* a privileged instruction        */
#define SRR1_PROGILL    0x80000  /* an illegal instruction          */
/* All interrupt-specific bits of SRR1: not MSR bits, dropped on return. */
#define SRR1_REASON_MASK 0x783f0000

#ifndef __ASSEMBLER__
#include <sonde/types.h>

/* The timebase ticks at 512 MHz on every CPU of QEMU's pseries machine. */
#define TIMEBASE_HZ 512000000ul

static inline unsigned long mfmsr(void)
{
	unsigned long v;
	__asm__ volatile("mfmsr %0" : "=r"(v));
	return v;
}

/* mtmsrd with L=1 changes only EE and RI: the cheap way to mask irqs. */
static inline void mtmsr_ee_ri(unsigned long v)
{
	__asm__ volatile("mtmsrd %0, 1" : : "r"(v) : "memory");
}

static inline void mtdec(unsigned long v)
{
	__asm__ volatile("mtdec %0" : : "r"(v));
}

/* Make instruction fetch see what was just stored at addr (one word). */
static inline void flush_icache_word(void *addr)
{
	__asm__ volatile("dcbst 0, %0\n\tsync\n\ticbi 0, %0\n\tisync"
			 : : "r"(addr) : "memory");
}

/* A hypervisor call (hcall.c): returns r3, and r4..r6 where asked. */
long ppc64_hcall(unsigned long op, unsigned long a1, unsigned long a2,
		 unsigned long a3, unsigned long a4, unsigned long *r4,
		 unsigned long *r5, unsigned long *r6);

/* Open Firmware, at boot only (of.c): a property's length (at most len
 * bytes copied into buf), or -1. */
void of_init(unsigned long client_entry);
int of_getprop(const char *path, const char *prop, void *buf, int len);

/* Read the RTAS tokens from the device tree (rtas.c), while OF is there. */
void rtas_init(void);

/* Timebase ticks per timer tick (timer.c); the 0x900 handler reloads it. */
extern unsigned long ppc64_dec_interval;
#endif

#endif
