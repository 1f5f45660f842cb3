/*
 * The ia64 port's public probe definitions: what <sonde/arch.h> asks
 * of <arch/kprobes.h>.  How they are used is in arch/ia64/kprobes.c.
 * A probe address is bundle | slot (0, 1, 2): bundles are 16-aligned,
 * so the low bits of an ia64 code address are free to say which.
 */
#ifndef ARCH_IA64_KPROBES_H
#define ARCH_IA64_KPROBES_H

#include <stdint.h>
#include <arch/regs.h>

/*
 * The engine keeps the unit at a probe address in p->opcode: here the
 * 8 bytes from it on, read byte by byte (aligned(1): slot addresses are
 * not 8-aligned), only a fingerprint -- it changes when slot 0 or 1 is
 * armed.  The break goes into a slot, which no such unit can say: the
 * port arms and disarms a site itself (kprobes.c).
 */
typedef uint64_t kprobe_opcode_t __attribute__((aligned(1)));
#define ARCH_ARM_KPROBE

/* A copy of the whole bundle. */
#define ARCH_INSN_SLOT_SIZE 16
/* No boosting: the step's trap is what brings the copy back. */
#define ARCH_NO_BOOST

struct arch_specific_insn {
	kprobe_opcode_t *insn;       /* the copied bundle, in an executable slot */
	uint8_t slot;                /* the slot the break goes in (2 for movl) */
	uint8_t rel;                 /* an IP-relative branch: rebase a taken one */
	int8_t link;                 /* the b register a call writes, or -1 */
	uint8_t qp;                  /* the break's qualifying predicate */
};

/* break traps with cr.iip at the bundle and ipsr.ri at its slot. */
static inline unsigned long arch_breakpoint_address(const struct pt_regs *r) { return instruction_pointer(r); }
static inline void arch_kretprobe_resume(struct pt_regs *r, unsigned long ret) { set_instruction_pointer(r, ret); }

/* The trace's clock: ar.itc (one tick per instruction under -icount). */
static inline uint64_t arch_clock(void)
{
	uint64_t t;

	__asm__ volatile("mov %0 = ar.itc" : "=r"(t));
	return t;
}

#endif
