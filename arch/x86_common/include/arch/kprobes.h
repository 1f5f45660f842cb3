/*
 * The x86 ports' public probe definitions, shared by the i386 and
 * x86_64 ports: what <sonde/arch.h> asks of <arch/kprobes.h>.  How they
 * are used is in arch/x86_common/kprobes.c.
 */
#ifndef ARCH_X86_KPROBES_H
#define ARCH_X86_KPROBES_H

#include <stdint.h>
#include <arch/regs.h>

/* x86 instructions are byte strings; a breakpoint is the byte int3. */
typedef uint8_t kprobe_opcode_t;
#define BREAKPOINT_INSTRUCTION 0xcc

/* Each slot holds a copied instruction, twice, with room for the
 * "boost" tails after each (see arch/x86_common/kprobes.c). */
#define ARCH_INSN_SLOT_SIZE 48

/* What prepare learned about the instruction, for the step's fixups. */
struct arch_specific_insn {
	kprobe_opcode_t *insn;       /* the copy, in an executable slot    */
	uint8_t length;              /* bytes                              */
	uint8_t fixup;               /* enum x86_fixup in kprobes.c        */
	uint8_t boostable;           /* may run the copy without a step    */
	uint8_t sets_if;             /* cli, sti, popf: after the step, IF
				      * is theirs, not the saved one       */
	uint8_t jmp_tail[4];         /* the 4 bytes an optimising jmp's
				      * rel32 covers, as they were          */
	uint8_t emul;                /* enum x86_emul: done on regs, or 0  */
	uint8_t emul_dst, emul_src;  /* register numbers (ModRM's)         */
	uint8_t emul_wide;           /* 64-bit result (REX.W), not 32      */
	int32_t emul_imm;            /* immediate, displacement or rel     */
};

/* The breakpoint handler emulates common instructions (arch_emulate). */
#define ARCH_HAS_EMULATE

/* Jump optimisation (<sonde/arch.h>, arch/x86_common/kprobes_opt.c):
 * a detour's bytes (its template, then the relocated copy), and the
 * bytes a jmp rel32 covers. */
#define ARCH_OPTPROBE_SIZE (sizeof(long) == 8 ? 416 : 176)   /* x86_64, i386 */
#define ARCH_OPTPROBE_JMP_SIZE 5

/*
 * The probed address, given the regs of a breakpoint trap: int3 traps
 * with the ip already past its one byte.  (Inline: it is on every hit.)
 */
static inline unsigned long arch_breakpoint_address(const struct pt_regs *regs)
{
	return regs->ip - 1;
}

/* At a function's first instruction the return address is on top of
 * the stack.  A macro, as struct kretprobe_instance is not defined yet
 * here: inline, every kretprobe entry saves a call and its frame. */
#define arch_prepare_kretprobe(ri, regs) do { \
	unsigned long *slot_ = (unsigned long *)stack_pointer(regs); \
	(ri)->ret_addr = *slot_; \
	*slot_ = (unsigned long)kretprobe_trampoline; \
} while (0)

/* Out of the trampoline: the return address was on the stack, which
 * the return popped, so only the ip is left to set. */
static inline void arch_kretprobe_resume(struct pt_regs *regs, unsigned long ret)
{
	regs->ip = ret;
}

/* The trace's clock: the TSC (its rate: arch_clock_hz(), pit.c). */
static inline uint64_t arch_clock(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#endif
