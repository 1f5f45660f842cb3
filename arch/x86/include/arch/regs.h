/*
 * i386: the trap frame, and the register accessors generic code uses.
 *
 * One of the i386 port's two public headers (see <sonde/arch.h>;
 * the other, <arch/kprobes.h>, it shares with x86_64 in
 * arch/x86_common/include/).
 * The PT_* offsets are used by trap_entry.S; the _Static_asserts below
 * fail the build if the struct and the assembly ever disagree.
 */
#ifndef ARCH_X86_REGS_H
#define ARCH_X86_REGS_H

#define ARCH_NAME       "x86"

#define PT_BX      0
#define PT_BP     20
#define PT_AX     24
#define PT_FLAGS  28
#define PT_SP     32
#define PT_VECTOR 36
#define PT_ERROR  40
#define PT_IP     44
#define PT_CS     48
#define PT_SIZE   52

#ifndef __ASSEMBLER__
#include <stddef.h>

/*
 * Lowest address first: the general registers, the flags and the stack
 * pointer pushed by trap_entry.S, then the stub's vector and error
 * code, then the ip and cs the CPU pushed.  A ring-0 trap on i386
 * pushes no SS:ESP, and its frame (ip, cs, flags) lies right below the
 * interrupted stack pointer, where a push would put its word.  So the
 * entry copies the flags lower and saves sp itself: the CPU's flags
 * word, just above cs, is not part of the frame, and a probe that
 * emulates a push (arch/x86_common/kprobes.c) stores its word there.
 * If sp has moved by the exit, the exit moves iret's three words to
 * just below the new sp (trap_entry.S).
 */
struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, ax;
	unsigned long flags, sp;
	unsigned long vector, error_code;
	unsigned long ip, cs;
};

_Static_assert(offsetof(struct pt_regs, bx) == PT_BX, "pt_regs.bx");
_Static_assert(offsetof(struct pt_regs, bp) == PT_BP, "pt_regs.bp");
_Static_assert(offsetof(struct pt_regs, ax) == PT_AX, "pt_regs.ax");
_Static_assert(offsetof(struct pt_regs, sp) == PT_SP, "pt_regs.sp");
_Static_assert(offsetof(struct pt_regs, vector) == PT_VECTOR, "pt_regs.vector");
_Static_assert(offsetof(struct pt_regs, error_code) == PT_ERROR, "pt_regs.error_code");
_Static_assert(offsetof(struct pt_regs, ip) == PT_IP, "pt_regs.ip");
_Static_assert(offsetof(struct pt_regs, cs) == PT_CS, "pt_regs.cs");
_Static_assert(offsetof(struct pt_regs, flags) == PT_FLAGS, "pt_regs.flags");
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

/* The n-th argument (0-based): cdecl passes them all on the stack,
 * just above the return address. */
static inline unsigned long regs_get_argument(const struct pt_regs *r, unsigned n)
{
	return ((unsigned long *)stack_pointer(r))[n + 1];
}
#endif

#endif
