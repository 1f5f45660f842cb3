/*
 * The sparc64 port's public probe definitions: what <sonde/arch.h> asks
 * of <arch/kprobes.h>.  How they are used is in arch/sparc64/kprobes.c.
 */
#ifndef ARCH_SPARC64_KPROBES_H
#define ARCH_SPARC64_KPROBES_H

#include <stdint.h>
#include <arch/regs.h>

/* Every instruction is one aligned 32-bit word; the breakpoint is
 * "ta 0x70", a software trap (trap type 0x170). */
typedef uint32_t kprobe_opcode_t;
#define BREAKPOINT_INSTRUCTION 0x91d02070u

/* The copy and the "ta 0x71" after it; then a "ba" back to the probed
 * code and a "wrpr" in its delay slot, for boosting. */
#define ARCH_INSN_SLOT_SIZE 16

struct arch_specific_insn {
	kprobe_opcode_t *insn;       /* the copy, in an executable slot  */
	uint8_t kind;                /* KIND_* in kprobes.c: how to step */
	uint8_t boost;               /* BOOST_*: how to skip the step    */
};

/* "ta" traps with TPC at itself. */
static inline unsigned long arch_breakpoint_address(const struct pt_regs *regs)
{
	return regs->tpc;
}

/* Out of the trampoline: resume at ret, the real %o7 + 8. */
static inline void arch_kretprobe_resume(struct pt_regs *regs, unsigned long ret)
{
	set_instruction_pointer(regs, ret);
}

/* The trace's clock: %tick at 100 MHz, the NPT bit dropped. */
static inline uint64_t arch_clock(void)
{
	uint64_t t;

	__asm__ volatile("rd %%tick, %0" : "=r"(t));
	return t << 1 >> 1;
}

#endif
