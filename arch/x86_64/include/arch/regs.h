/*
 * x86_64: the trap frame, and the register accessors generic code uses.
 *
 * One of the x86_64 port's two public headers (see <sonde/arch.h>;
 * the other, <arch/kprobes.h>, it shares with i386 in
 * arch/x86_common/include/).
 * The PT_* offsets are used by trap_entry.S; the _Static_asserts below
 * fail the build if the struct and the assembly ever disagree.
 */
#ifndef ARCH_X86_64_REGS_H
#define ARCH_X86_64_REGS_H

#define ARCH_NAME       "x86_64"

/* Byte offsets into struct pt_regs, for the assembly. */
#define PT_R15      0
#define PT_AX      80
#define PT_VECTOR 120
#define PT_ERROR  128
#define PT_IP     136
#define PT_CS     144
#define PT_FLAGS  152
#define PT_SP     160
#define PT_SS     168
#define PT_SIZE   176

#ifndef __ASSEMBLER__
#include <stddef.h>

/*
 * Lowest address first: the general registers pushed by trap_entry.S,
 * then what the stub pushed (vector, error code), then what the CPU
 * pushed.  In long mode the CPU always pushes SS:RSP, even without a
 * privilege change, so sp is the stack pointer at the trap.
 */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di;
	unsigned long vector, error_code;
	unsigned long ip, cs, flags, sp, ss;
};

_Static_assert(offsetof(struct pt_regs, r15) == PT_R15, "pt_regs.r15");
_Static_assert(offsetof(struct pt_regs, ax) == PT_AX, "pt_regs.ax");
_Static_assert(offsetof(struct pt_regs, vector) == PT_VECTOR, "pt_regs.vector");
_Static_assert(offsetof(struct pt_regs, error_code) == PT_ERROR, "pt_regs.error_code");
_Static_assert(offsetof(struct pt_regs, ip) == PT_IP, "pt_regs.ip");
_Static_assert(offsetof(struct pt_regs, cs) == PT_CS, "pt_regs.cs");
_Static_assert(offsetof(struct pt_regs, flags) == PT_FLAGS, "pt_regs.flags");
_Static_assert(offsetof(struct pt_regs, sp) == PT_SP, "pt_regs.sp");
_Static_assert(offsetof(struct pt_regs, ss) == PT_SS, "pt_regs.ss");
_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs size");

/*
 * The code address of a C function.  On x86 a function pointer is the
 * code address; on ppc64 (ELFv1) it points to a descriptor instead, so
 * generic code always asks through this.
 */
static inline unsigned long func_entry(const void *fn) { return (unsigned long)fn; }

static inline unsigned long instruction_pointer(const struct pt_regs *r) { return r->ip; }
static inline void set_instruction_pointer(struct pt_regs *r, unsigned long v) { r->ip = v; }
static inline unsigned long stack_pointer(const struct pt_regs *r) { return r->sp; }
static inline unsigned long frame_pointer(const struct pt_regs *r) { return r->bp; }
static inline unsigned long regs_return_value(const struct pt_regs *r) { return r->ax; }
/* The vector the trap came in by, as trap reports print it. */
static inline unsigned long trap_vector(const struct pt_regs *r) { return r->vector; }

/* The n-th integer argument (0-based) under the System V AMD64 ABI: di,
 * si, dx, cx, r8, r9 (their words in pt_regs: one load, not a jump
 * table), then the stack, past the return address. */
static inline unsigned long regs_get_argument(const struct pt_regs *r, unsigned n)
{
	static const uint8_t word[6] = { 14, 13, 12, 11, 9, 8 };

	return n < 6 ? ((const unsigned long *)r)[word[n]] : ((unsigned long *)r->sp)[n - 5];
}
_Static_assert(offsetof(struct pt_regs, di) == 14 * 8 && offsetof(struct pt_regs, si) == 13 * 8 &&
	       offsetof(struct pt_regs, dx) == 12 * 8 && offsetof(struct pt_regs, cx) == 11 * 8 &&
	       offsetof(struct pt_regs, r8) == 9 * 8 && offsetof(struct pt_regs, r9) == 8 * 8,
	       "regs_get_argument: the words of the six argument registers");
#endif

#endif
