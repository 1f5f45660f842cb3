/*
 * ppc64: the trap frame, and the register accessors generic code uses.
 *
 * One of the ppc64 port's two public headers (see <sonde/arch.h>;
 * the other is <arch/kprobes.h>).
 * trap_entry.S builds a struct pt_regs on the stack at every exception
 * using the PT_* offsets below; the _Static_asserts fail the build if
 * the struct and the assembly ever disagree.
 *
 * Big-endian, 64-bit, ELFv1 ABI: r1 is the stack pointer (its word 0 is
 * the back chain), r2 the TOC pointer, r3..r10 the arguments, r3 the
 * return value, and a C function pointer points to a descriptor.
 */
#ifndef ARCH_PPC64_REGS_H
#define ARCH_PPC64_REGS_H

#define ARCH_NAME       "ppc64"

/* Byte offsets into struct pt_regs, for the assembly. */
#define PT_GPR(n)   ((n) * 8)
#define PT_NIP    256
#define PT_MSR    264
#define PT_LINK   272
#define PT_CTR    280
#define PT_CCR    288
#define PT_XER    296
#define PT_TRAP   304
#define PT_DAR    312
#define PT_DSISR  320
#define PT_SIZE   336             /* a multiple of 16, as frames must be */

/*
 * An exception frame, from r1 up: the ABI's minimum frame (back chain,
 * CR and LR save words, parameter area: 112 bytes), so that C code
 * called from the handler has a proper caller frame; then the
 * pt_regs; then the 288 bytes below the interrupted r1 that the ABI
 * lets leaf functions use without moving r1 (the "protected zone"),
 * which we must not touch.
 */
#define STACK_FRAME_OVERHEAD 112
#define STACK_PROTECTED_ZONE 288
#define EXC_FRAME_SIZE (STACK_FRAME_OVERHEAD + PT_SIZE + STACK_PROTECTED_ZONE)
#define EXC_REGS STACK_FRAME_OVERHEAD /* where pt_regs starts in the frame */

#ifndef __ASSEMBLER__
#include <stddef.h>

struct pt_regs {
	unsigned long gpr[32];
	unsigned long nip;     /* where to resume (SRR0)                      */
	unsigned long msr;     /* the MSR to resume with (SRR1)               */
	unsigned long link;    /* LR                                          */
	unsigned long ctr;
	unsigned long ccr;     /* CR                                          */
	unsigned long xer;
	unsigned long trap;    /* the vector: 0x300, 0x700, 0x900...          */
	unsigned long dar;     /* data address of a storage fault             */
	unsigned long dsisr;   /* why it faulted                              */
	unsigned long pad;
};

_Static_assert(offsetof(struct pt_regs, gpr[1]) == PT_GPR(1), "pt_regs.gpr");
_Static_assert(offsetof(struct pt_regs, gpr[31]) == PT_GPR(31), "pt_regs.gpr");
_Static_assert(offsetof(struct pt_regs, nip) == PT_NIP, "pt_regs.nip");
_Static_assert(offsetof(struct pt_regs, msr) == PT_MSR, "pt_regs.msr");
_Static_assert(offsetof(struct pt_regs, link) == PT_LINK, "pt_regs.link");
_Static_assert(offsetof(struct pt_regs, ctr) == PT_CTR, "pt_regs.ctr");
_Static_assert(offsetof(struct pt_regs, ccr) == PT_CCR, "pt_regs.ccr");
_Static_assert(offsetof(struct pt_regs, xer) == PT_XER, "pt_regs.xer");
_Static_assert(offsetof(struct pt_regs, trap) == PT_TRAP, "pt_regs.trap");
_Static_assert(offsetof(struct pt_regs, dar) == PT_DAR, "pt_regs.dar");
_Static_assert(offsetof(struct pt_regs, dsisr) == PT_DSISR, "pt_regs.dsisr");
_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs size");
/* The frame keeps r1's 16-byte alignment; trap_entry.S's stq/lq need it. */
_Static_assert(EXC_FRAME_SIZE % 16 == 0 && EXC_REGS % 16 == 0 && PT_NIP % 16 == 0 && PT_LINK % 16 == 0 &&
	       PT_CCR % 16 == 0 && PT_TRAP % 16 == 0 && PT_DAR == PT_TRAP + 8, "stq/lq pairs, 16-byte aligned");

/* MSR bits the port and its tests use. */
#define MSR_SF  (1ul << 63)    /* 64-bit mode                       */
#define MSR_EE  (1ul << 15)    /* external and decrementer interrupts */
#define MSR_SE  (1ul << 10)    /* single-step: trace after each insn */
#define MSR_RI  (1ul << 1)     /* the interrupt is recoverable       */

/*
 * The code address of a C function.  ELFv1 function pointers point to
 * a descriptor { entry, TOC, environment } in .opd; the first word is
 * the code.
 */
static inline unsigned long func_entry(const void *fn)
{
	return *(const unsigned long *)fn;
}

static inline unsigned long instruction_pointer(const struct pt_regs *r) { return r->nip; }
static inline void set_instruction_pointer(struct pt_regs *r, unsigned long v) { r->nip = v; }
static inline unsigned long stack_pointer(const struct pt_regs *r) { return r->gpr[1]; }
/* The back chain starts at r1: ppc64 needs no separate frame pointer. */
static inline unsigned long frame_pointer(const struct pt_regs *r) { return r->gpr[1]; }
static inline unsigned long regs_return_value(const struct pt_regs *r) { return r->gpr[3]; }
/* The vector the trap came in by, as trap reports print it. */
static inline unsigned long trap_vector(const struct pt_regs *r) { return r->trap; }

/*
 * The n-th integer argument (0-based): r3..r10, then the caller's
 * parameter save area, which starts 48 bytes above r1 at a function's
 * entry and has a word reserved for every argument, r3's included.
 */
static inline unsigned long regs_get_argument(const struct pt_regs *r, unsigned n)
{
	if (n < 8)
		return r->gpr[3 + n];
	return ((unsigned long *)(r->gpr[1] + 48))[n];
}
#endif

#endif
