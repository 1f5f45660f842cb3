/*
 * Private to the ia64 port: constants its assembly and C share, and
 * what its C files share.
 */
#ifndef IA64_PRIVATE_H
#define IA64_PRIVATE_H

/* PSR bits (the ones the port touches). */
#define PSR_I      (1ul << 14)   /* external interrupts enabled          */
#define PSR_SS     (1ul << 40)   /* single step: trap after one insn     */

/* Ski's simulator system calls: "break 0x80001", number in r15. */
#define SSC_CONSOLE_INIT 20
#define SSC_GETCHAR      21
#define SSC_PUTCHAR      31
#define SSC_EXIT         66
#define SSC_GET_ARGS     75

/* IVT entries the port handles (offsets into the table). */
#define IVT_EXTINT   0x3000
#define IVT_BREAK    0x2c00
#define IVT_SSTEP    0x6000

#define TIMER_VECTOR 0xef        /* the interval timer's interrupt       */

/* Where RAM is: Ski backs any physical address with memory on first
 * use; we hand out what lies between the image and 32 MiB. */
#define RAM_END      0x2000000ul

/* arch_switch_to's frame below sp (switch.S; a new task's is made in
 * trap.c), one run that switch.S stores and loads in this order. */
#define SW_B0     16        /* after the callee's 16 bytes of scratch: b0, */
                            /* pfs, lc, pr, unat as the caller had it, b1..b5 */
#define SW_R4     96        /* r4..r7, then f2..f5, f16..f31: 16 bytes each */
#define SW_NATS   448       /* the NaT bits of r4..r7, bspstore, rnat */
#define SW_BSPSTORE 456
#define SW_SIZE   480

/* The word below each backing store: where backtraces stop; and the
 * first of the two the IVT entry leaves above a covered frame, the
 * second being its pt_regs (ivt.S, trap.c). */
#define RSE_END_MARK 0x5ee0fba0ba0ba000
#define RSE_TRAP_MARK 0x5ee0f7a9f7a90000

#ifndef __ASSEMBLER__
#include <sonde/types.h>

/* A simulator system call (entry.S): arguments in r32.., result r8. */
long ia64_ssc(long a0, long a1, long a2, long a3, long nr);

/* Stacked registers in the backing store (regs.c), and making the RSE
 * load every frame below the current one from there again (entry.S),
 * after they were changed in memory. */
unsigned long *ia64_stacked_slot(const struct pt_regs *r, unsigned n);
void ia64_rse_reload(void);

/* Every slot of a backing store at an address with bits 8:3 all ones
 * holds the NaT bits of the 63 registers below it, not a register;
 * rse_skip() steps over n registers, forwards or back (regs.c). */
static inline bool rse_nat_slot(const unsigned long *p)
{
	return ((unsigned long)p >> 3 & 63) == 63;
}
unsigned long *rse_skip(unsigned long *p, long n);

/* The C side of every interruption (trap.c). */
void ia64_trap(struct pt_regs *regs);
/* The timer's interrupt (timer.c). */
void ia64_timer_interrupt(void);

static inline unsigned long get_psr(void)
{
	unsigned long v;
	__asm__ volatile("mov %0 = psr" : "=r"(v));
	return v;
}
#endif

#endif
