/*
 * sparc64: the trap frame, and the register accessors generic code uses.
 *
 * One of the sparc64 port's two public headers (see <sonde/arch.h>;
 * the other is <arch/kprobes.h>).  trap_table.S builds a struct
 * pt_regs at every trap using the PT_* offsets below; the
 * _Static_asserts fail the build if the struct and the assembly ever
 * disagree.
 *
 * Register windows: a trap saves the globals and the interrupted
 * window's %o0..%o7 only.  Its %l and %i registers stay in the window,
 * and from there go to the register save area at the interrupted %sp
 * (plus the stack bias, 2047) when the window is spilled -- where the
 * unwinder reads them.  %o0..%o5 carry a function's first arguments
 * at its entry, %o6 is %sp, %o7 the address of the call.
 */
#ifndef ARCH_SPARC64_REGS_H
#define ARCH_SPARC64_REGS_H

#define ARCH_NAME       "sparc64"

/* The 64-bit ABI biases every %sp and %fp by 2047: frames start there. */
#define STACK_BIAS      2047
/* The minimum frame: the 128-byte window save area and 6 argument words. */
#define STACK_FRAME     176

/* Byte offsets into struct pt_regs, for the assembly. */
#define PT_G(n)    ((n) * 8)
#define PT_O(n)    (64 + (n) * 8)
#define PT_TSTATE  128
#define PT_TPC     136
#define PT_TNPC    144
#define PT_Y       152
#define PT_TT      160
#define PT_TL      168
#define PT_SIZE    176           /* a multiple of 16, as frames must be */

/* A trap's frame below the interrupted %sp: a C frame, then pt_regs. */
#define TRAP_FRAME (STACK_FRAME + PT_SIZE)
#define TRAP_REGS  (STACK_BIAS + STACK_FRAME)  /* pt_regs, from the new %sp */
#define TRAP_MARK  (STACK_BIAS + 128)   /* the first argument word: a mark */

#ifndef __ASSEMBLER__
#include <stddef.h>

struct pt_regs {
	unsigned long g[8];     /* %g0..%g7 (the normal globals)            */
	unsigned long o[8];     /* the interrupted window's %o0..%o7        */
	unsigned long tstate;   /* CCR, ASI, PSTATE and CWP at the trap     */
	unsigned long tpc;      /* the trapping instruction (retry runs it) */
	unsigned long tnpc;     /* the one after it                         */
	unsigned long y;
	unsigned long tt;       /* the trap type: 0x4e, 0x170...            */
	unsigned long tl;       /* the trap level it was taken at           */
};

_Static_assert(offsetof(struct pt_regs, g[1]) == PT_G(1), "pt_regs.g");
_Static_assert(offsetof(struct pt_regs, o[0]) == PT_O(0), "pt_regs.o");
_Static_assert(offsetof(struct pt_regs, o[7]) == PT_O(7), "pt_regs.o");
_Static_assert(offsetof(struct pt_regs, tstate) == PT_TSTATE, "pt_regs.tstate");
_Static_assert(offsetof(struct pt_regs, tpc) == PT_TPC, "pt_regs.tpc");
_Static_assert(offsetof(struct pt_regs, tnpc) == PT_TNPC, "pt_regs.tnpc");
_Static_assert(offsetof(struct pt_regs, y) == PT_Y, "pt_regs.y");
_Static_assert(offsetof(struct pt_regs, tt) == PT_TT, "pt_regs.tt");
_Static_assert(offsetof(struct pt_regs, tl) == PT_TL, "pt_regs.tl");
_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs size");

/* A C function pointer is its code address. */
static inline unsigned long func_entry(const void *fn) { return (unsigned long)fn; }

static inline unsigned long instruction_pointer(const struct pt_regs *r) { return r->tpc; }
/* retry resumes at TPC, then TNPC: a new ip means a new TNPC too. */
static inline void set_instruction_pointer(struct pt_regs *r, unsigned long v)
{
	r->tpc = v;
	r->tnpc = v + 4;
}
/* Where the stack is: %sp plus its bias, which is what $stack reads. */
static inline unsigned long stack_pointer(const struct pt_regs *r) { return r->o[6] + STACK_BIAS; }
/* Where the interrupted window's save area is (%sp without its bias):
 * its %i6 and %i7 lead on.  Backtraces use such unbiased addresses, as
 * __builtin_frame_address() gives them. */
static inline unsigned long frame_pointer(const struct pt_regs *r) { return r->o[6] + STACK_BIAS; }
static inline unsigned long regs_return_value(const struct pt_regs *r) { return r->o[0]; }
static inline unsigned long trap_vector(const struct pt_regs *r) { return r->tt; }

/*
 * The n-th integer argument (0-based) at a function's entry, before its
 * save: %o0..%o5, then the caller's argument words, which start 128
 * bytes into its frame with a word for every argument.
 */
static inline unsigned long regs_get_argument(const struct pt_regs *r, unsigned n)
{
	if (n < 6)
		return r->o[n];
	return ((unsigned long *)(r->o[6] + STACK_BIAS + 128))[n];
}
#endif

#endif
