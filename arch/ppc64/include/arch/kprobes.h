/*
 * The ppc64 port's public probe definitions.  Generic code sees only
 * these names; how they are used is in arch/ppc64/kprobes.c.
 */
#ifndef ARCH_PPC64_KPROBES_H
#define ARCH_PPC64_KPROBES_H

#include <stdint.h>
#include <arch/regs.h>

/* Every instruction is one aligned 32-bit word; the breakpoint is "trap"
 * (tw 31,0,0), which raises a program interrupt. */
typedef uint32_t kprobe_opcode_t;
#define BREAKPOINT_INSTRUCTION 0x7fe00008u
#define MAX_INSN_SIZE 1             /* in kprobe_opcode_t units */

/* A slot holds the copied instruction; 8 bytes keep slots doubleword aligned. */
#define ARCH_INSN_SLOT_SIZE 8

/* What prepare learned about the instruction, for the step's fixups. */
struct arch_specific_insn {
	kprobe_opcode_t *insn;       /* the copy, in an executable slot  */
	uint8_t fixup;               /* PPC_FIXUP_* in kprobes.c         */
};

/* The probed address, given the regs of a breakpoint trap: "trap"
 * reports its own address.  (Inline: it is on every hit.) */
static inline unsigned long arch_breakpoint_address(const struct pt_regs *regs)
{
	return regs->nip;
}

#endif
