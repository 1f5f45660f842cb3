/*
 * ia64: the trap frame, and the register accessors generic code uses.
 *
 * ivt.S builds a struct pt_regs at every interruption using the PT_*
 * offsets below; the _Static_asserts fail the build if the struct and
 * the assembly ever disagree.
 *
 * What a frame holds: the interruption registers (cr.iip is a bundle,
 * cr.ipsr.ri the slot in it), the static registers r1..r31 (r16..r31
 * of bank 1, where the kernel runs), b0..b7, the application registers
 * C code may change, and the scratch FP registers f6..f15 (libgcc's
 * divide uses them).  The stacked registers r32.. are not copied: the
 * entry's "cover" puts the interrupted frame on the register stack,
 * whose top is bsp; they are read from the backing store (regs.c).
 */
#ifndef ARCH_IA64_REGS_H
#define ARCH_IA64_REGS_H

#define ARCH_NAME  "ia64"

/* Byte offsets into struct pt_regs, for the assembly: where each run of
 * fields that it stores or loads in struct order starts (ivt.S). */
#define PT_IIP     8
#define PT_PFS     64
#define PT_LC      96
#define PT_NATS    120
#define PT_B(n)    (128 + (n) * 8)
#define PT_R(n)    (192 + (n) * 8)
#define PT_F6      448           /* f6..f15, 16 bytes each */
#define PT_SIZE    608           /* a multiple of 16, as stacks need */

#define PSR_RI_SHIFT 41          /* the slot to resume at */

#ifndef __ASSEMBLER__
#include <stddef.h>

struct pt_regs {
	unsigned long vector;   /* the IVT entry's offset: 0x2c00 = break   */
	unsigned long iip;      /* the bundle interrupted                   */
	unsigned long ipsr;     /* its PSR; bits 42:41 (ri) the slot        */
	unsigned long ifs;      /* the frame marker "cover" saved: bits 6:0 */
	                        /*   are the frame's size (sof)             */
	unsigned long isr, ifa, iim;   /* what the fault says about itself */
	unsigned long rsc, pfs;
	unsigned long bsp;      /* the register stack's top, after cover    */
	unsigned long unat;     /* ar.unat as interrupted                   */
	unsigned long pr, lc, ccv, fpsr;
	unsigned long nats;     /* the NaT bits of the spilled r1..r31      */
	unsigned long b[8];
	unsigned long r[32];    /* r0 is never stored; r12 is sp, r1 gp     */
	unsigned long f[20];    /* f6..f15, as stf.spill writes them        */
};

_Static_assert(offsetof(struct pt_regs, iip) == PT_IIP, "pt_regs.iip");
_Static_assert(offsetof(struct pt_regs, pfs) == PT_PFS, "pt_regs.pfs");
_Static_assert(offsetof(struct pt_regs, lc) == PT_LC, "pt_regs.lc");
_Static_assert(offsetof(struct pt_regs, nats) == PT_NATS, "pt_regs.nats");
_Static_assert(offsetof(struct pt_regs, b[7]) == PT_B(7), "pt_regs.b");
_Static_assert(offsetof(struct pt_regs, r[31]) == PT_R(31), "pt_regs.r");
_Static_assert(offsetof(struct pt_regs, f) == PT_F6, "pt_regs.f");
_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs size");

/* A C function pointer is a descriptor {ip, gp}: its first word. */
static inline unsigned long func_entry(const void *fn) { return *(const unsigned long *)fn; }

/* An instruction's address is its bundle's, with the slot in bits 1:0. */
static inline unsigned long instruction_pointer(const struct pt_regs *r)
{
	return r->iip | ((r->ipsr >> PSR_RI_SHIFT) & 3);
}
static inline void set_instruction_pointer(struct pt_regs *r, unsigned long v)
{
	r->iip = v & ~15ul;
	r->ipsr = (r->ipsr & ~(3ul << PSR_RI_SHIFT)) | ((v & 3) << PSR_RI_SHIFT);
}
static inline unsigned long stack_pointer(const struct pt_regs *r) { return r->r[12]; }
/* Return addresses live on the register stack, which grows up; the
 * generic walk wants callers at higher "frame pointers", so ours is
 * the complement of a backing-store address (trap.c). */
static inline unsigned long frame_pointer(const struct pt_regs *r) { return ~r->bsp; }
static inline unsigned long regs_return_value(const struct pt_regs *r) { return r->r[8]; }
static inline unsigned long trap_vector(const struct pt_regs *r) { return r->vector; }

/* Stacked register r32 + n of the interrupted frame (regs.c). */
unsigned long ia64_stacked_reg(const struct pt_regs *r, unsigned n);
/* At a function's entry its arguments are r32, r33, ...: the caller's
 * outputs, the frame that cover saved. */
static inline unsigned long regs_get_argument(const struct pt_regs *r, unsigned n) { return ia64_stacked_reg(r, n); }
#endif

#endif
