/*
 * IA-64 instruction bundles: decode, patch and classify the slots that a
 * probe is put on.  Plain freestanding C, shared by the kernel's probe
 * layer and the host test tests/host/test_ia64_bundle.c (which checks it
 * against binutils).
 *
 * An IA-64 instruction is not a run of bytes at an address.  Code comes
 * in 16-byte bundles: a 5-bit template (which execution unit runs each
 * slot, and where the stops between instruction groups are) and three
 * 41-bit slots.  So a probe address is "bundle address | slot", and
 * putting a breakpoint there means rewriting 41 bits in the middle of a
 * 128-bit value.  Layout (little-endian, as two 64-bit halves):
 *
 *   bits   4:0  template        bits  86:46  slot 1 (spans both halves)
 *   bits  45:5  slot 0          bits 127:87  slot 2
 *
 * In an MLX bundle slot 1 is L, the top of slot 2's 64-bit immediate
 * (movl, brl): not an instruction.  Slot 2 (X) is, and a probe goes there.
 */
#ifndef SONDE_IA64_BUNDLE_H
#define SONDE_IA64_BUNDLE_H

#include <sonde/types.h>

struct ia64_bundle {
	uint64_t lo;	/* bytes 0-7: template, slot 0, low 18 bits of slot 1 */
	uint64_t hi;	/* bytes 8-15: high 23 bits of slot 1, slot 2 */
};

/* The unit a slot is executed by; L is MLX's immediate, NONE a reserved template. */
enum ia64_unit { IA64_NONE, IA64_M, IA64_I, IA64_F, IA64_B, IA64_L, IA64_X };

struct ia64_template {
	uint8_t unit[3];	/* enum ia64_unit per slot */
	uint8_t stops;		/* bit s: a stop (;;) after slot s */
};

extern const struct ia64_template ia64_templates[32];

/* The immediates Sonde's breakpoints carry (Linux used the same). */
#define IA64_BREAK_KPROBE 0x80200
#define IA64_BREAK_JPROBE 0x80300

#define IA64_SLOT_MASK ((1ULL << 41) - 1)

static inline unsigned ia64_template_of(const struct ia64_bundle *b) { return b->lo & 0x1f; }

static inline enum ia64_unit ia64_slot_unit(const struct ia64_bundle *b, unsigned slot)
{
	return (enum ia64_unit)ia64_templates[ia64_template_of(b)].unit[slot];
}

/*
 * Reading and writing a slot: the bundle as one 128-bit number, where
 * slot s starts at bit 5 + 41 * s.  Inline, so that the no-probe code
 * that arms probes and walks stacks never calls out into code that
 * could carry a probe itself.
 */
static inline unsigned __int128 ia64_bundle_bits(const struct ia64_bundle *b)
{
	return (unsigned __int128)b->hi << 64 | b->lo;
}

static inline uint64_t ia64_slot_get(const struct ia64_bundle *b, unsigned slot)
{
	return (uint64_t)(ia64_bundle_bits(b) >> (5 + 41 * slot)) & IA64_SLOT_MASK;
}

static inline void ia64_slot_set(struct ia64_bundle *b, unsigned slot, uint64_t insn)
{
	unsigned at = 5 + 41 * slot;
	unsigned __int128 v = ia64_bundle_bits(b) & ~((unsigned __int128)IA64_SLOT_MASK << at);

	v |= (unsigned __int128)(insn & IA64_SLOT_MASK) << at;
	b->lo = (uint64_t)v;
	b->hi = (uint64_t)(v >> 64);
}

/*
 * Write "break imm" (21 bits) with qualifying predicate qp into a slot.
 * break.m, .i, .b, .f and .x share one encoding (major opcode 0, x3 and
 * x6 0, imm bit 20 at bit 36, bits 19:0 at 25:6); the template says
 * which unit it is.  In an X slot L (the top of break.x's immediate) is
 * cleared too.  Disarming writes back the saved bundle.
 */
static inline void ia64_put_break(struct ia64_bundle *b, unsigned slot, uint32_t imm, unsigned qp)
{
	if (ia64_slot_unit(b, slot) == IA64_X)
		ia64_slot_set(b, 1, 0);
	ia64_slot_set(b, slot, (uint64_t)((imm >> 20) & 1) << 36 |
		      (uint64_t)(imm & 0xfffff) << 6 | (qp & 0x3f));
}

/* The qualifying predicate of an instruction (bits 5:0): p0 is "always". */
static inline unsigned ia64_qp(uint64_t insn) { return insn & 0x3f; }

/* What the probe layer must know about one slot (ia64_classify()). */
enum ia64_kind {
	IA64_PLAIN,	/* runs the same out of line */
	IA64_BR_REL,	/* IP-relative branch: a taken one is rebased after the step */
	IA64_BR_IND,	/* branch through a b register: its target is absolute */
	IA64_REFUSED,	/* must not be stepped out of line: why says why */
};

/* What the step out of line must fix up (kprobes.c), or refuse. */
struct ia64_insn {
	enum ia64_kind kind;
	int link;		/* a call: the b register (0-7) it writes the return address to; else -1 */
	bool always;		/* acts even when its predicate is false: the break must use p0 */
	const char *why;	/* IA64_REFUSED, or an error: the reason, for "explain" */
};

/* 0, or -EINVAL for slot 3 and up or MLX's L slot, -EILSEQ for a
 * reserved template (not code). */
int ia64_classify(const struct ia64_bundle *b, unsigned slot, struct ia64_insn *out);

#endif
