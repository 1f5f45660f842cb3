/*
 * Private to the sparc64 port: constants its assembly and C share, and
 * what its C files share.
 */
#ifndef SPARC64_PRIVATE_H
#define SPARC64_PRIVATE_H

/* PSTATE bits. */
#define PSTATE_AG    0x01      /* alternate globals, as traps switch to */
#define PSTATE_IE    0x02      /* interrupts enabled                    */
#define PSTATE_PRIV  0x04
#define TSTATE_CWP   0x1f      /* the CWP field of TSTATE                */

/* Address space identifiers. */
#define ASI_PHYS_E   0x15      /* physical, uncached, big-endian        */
#define ASI_PHYS_E_L 0x1d      /* ... little-endian (PCI config space)  */
#define ASI_IMMU     0x50      /* TAG_ACCESS at 0x30                    */
#define ASI_ITLB_IN  0x54
#define ASI_DMMU     0x58      /* TAG_ACCESS at 0x30, SFAR at 0x20      */
#define ASI_DTLB_IN  0x5c
#define ASI_LSU_CONTROL 0x45   /* at 0: caches and MMUs on or off     */
#define LSU_ALL_ON   0xf       /* I- and D-cache, I- and D-MMU          */

/* The kernel window: 0x40000000 up maps physical 0x400000 up, in
 * locked 4 MiB pages (entry.S), LOCKED_PAGES of them. */
#define KERNEL_VIRT  0x40000000
#define KERNEL_PHYS  0x400000
#define LOCKED_PAGES 8
#define PAGE_4M      0x400000
#define TTE_4M_LOCKED 0xe000000000000077 /* V, 4M, L, CP, CV, P, W, G */

#ifndef __ASSEMBLER__
#include <sonde/types.h>

/* %tick counts at 100 MHz on QEMU's sun4u. */
#define TICK_HZ 100000000ul
#define TICK_NPT (1ul << 63)   /* set at reset; it is no count bit */

static inline unsigned long rdpr_pstate(void)
{
	unsigned long v;
	__asm__ volatile("rdpr %%pstate, %0" : "=r"(v));
	return v;
}

static inline void wrpr_pstate(unsigned long v)
{
	__asm__ volatile("wrpr %0, 0, %%pstate" : : "r"(v) : "memory");
}

static inline uint8_t phys_read8(unsigned long pa)
{
	uint8_t v;
	__asm__ volatile("lduba [%1] %2, %0" : "=r"(v) : "r"(pa), "i"(ASI_PHYS_E) : "memory");
	return v;
}

static inline void phys_write8(unsigned long pa, uint8_t v)
{
	__asm__ volatile("stba %0, [%1] %2" : : "r"(v), "r"(pa), "i"(ASI_PHYS_E) : "memory");
}

/* The window from the virtual addresses we run at to physical ones. */
#define VIRT_TO_PHYS(va) ((unsigned long)(va) - KERNEL_VIRT + KERNEL_PHYS)

/* Ticks per timer tick (timer.c); the level-14 handler reprograms it. */
void sparc64_timer_interrupt(void);
/* Register r (0..31: %g, %o, %l, %i) of the interrupted window (regs.c). */
struct pt_regs;
unsigned long *sparc64_reg(struct pt_regs *regs, int r);
/* Open the PCI bridges to the power register and the pvpanic device. */
void power_init(void);
#endif

#endif
