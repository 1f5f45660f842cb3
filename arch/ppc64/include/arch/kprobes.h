/*
 * The ppc64 port's public probe definitions: what <sonde/arch.h> asks
 * of <arch/kprobes.h>.  How they are used is in arch/ppc64/kprobes.c.
 */
#ifndef ARCH_PPC64_KPROBES_H
#define ARCH_PPC64_KPROBES_H

#include <stdint.h>
#include <arch/regs.h>

/* Every instruction is one aligned 32-bit word; the breakpoint is "trap"
 * (tw 31,0,0), which raises a program interrupt. */
typedef uint32_t kprobe_opcode_t;
#define BREAKPOINT_INSTRUCTION 0x7fe00008u

/* A slot: the copied instruction, and the boosted ways back (kprobes.c). */
#define ARCH_INSN_SLOT_SIZE 48

/* What prepare learned about the instruction, for the step's fixups. */
struct arch_specific_insn {
	kprobe_opcode_t *insn;       /* the copy, in an executable slot  */
	uint8_t fixup;               /* FIXUP_* bits in kprobes.c        */
	uint8_t boostable;           /* not a branch: may run at the slot */
	uint8_t emulate;             /* kprobes_emulate, when registered */
};
#define ARCH_HAS_EMULATE             /* arch_emulate: see kprobes.c      */

/* The probed address, given the regs of a breakpoint trap: "trap"
 * reports its own address.  (Inline: it is on every hit.) */
static inline unsigned long arch_breakpoint_address(const struct pt_regs *regs)
{
	return regs->nip;
}

/*
 * Out of the trampoline, to the real return address: nip, and LR too,
 * which still holds the trampoline (the blr that came here used it),
 * so that no trampoline is left in the registers.
 */
static inline void arch_kretprobe_resume(struct pt_regs *regs, unsigned long ret)
{
	regs->nip = ret;
	regs->link = ret;
}

/* The trace's clock: the timebase, 512 MHz on pseries. */
static inline uint64_t arch_clock(void)
{
	uint64_t tb;

	__asm__ volatile("mftb %0" : "=r"(tb));
	return tb;
}

#endif
