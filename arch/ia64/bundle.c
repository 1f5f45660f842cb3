/*
 * IA-64 bundles (see bundle.h), written from the encodings in Intel's
 * "IA-64 Architecture Software Developer's Manual", volume 3 (chapter 4:
 * instruction formats).  A slot's major opcode is bits 40:37, and what
 * it means depends on the slot's unit.  The probe layer asks only a few
 * questions about one, so only the fields they need are decoded here.
 */
#include <sonde/types.h>
#include <sonde/errno.h>
#include "bundle.h"

#define T(a, b, c, stops) { { IA64_##a, IA64_##b, IA64_##c }, stops }
#define RESERVED { { IA64_NONE, IA64_NONE, IA64_NONE }, 0 }

/* Stops: an odd template ends its group after slot 2 (bit 2); 0x02/0x03
 * and 0x0a/0x0b also have one inside the bundle (MI;;I, M;;MI). */
const struct ia64_template ia64_templates[32] = {
	T(M, I, I, 0), T(M, I, I, 4), T(M, I, I, 2), T(M, I, I, 6),	/* 0x00 */
	T(M, L, X, 0), T(M, L, X, 4), RESERVED, RESERVED,		/* 0x04 */
	T(M, M, I, 0), T(M, M, I, 4), T(M, M, I, 1), T(M, M, I, 5),	/* 0x08 */
	T(M, F, I, 0), T(M, F, I, 4), T(M, M, F, 0), T(M, M, F, 4),	/* 0x0c */
	T(M, I, B, 0), T(M, I, B, 4), T(M, B, B, 0), T(M, B, B, 4),	/* 0x10 */
	RESERVED, RESERVED, T(B, B, B, 0), T(B, B, B, 4),		/* 0x14 */
	T(M, M, B, 0), T(M, M, B, 4), RESERVED, RESERVED,		/* 0x18 */
	T(M, F, B, 0), T(M, F, B, 4), RESERVED, RESERVED,		/* 0x1c */
};

/*
 * What the probe layer asks about a slot, as a table in the manner of
 * the manual's opcode tables: the first rule whose units and major
 * opcode range match and whose other bits (mask) hold value gives the
 * slot's class; a slot that matches none is plain.  A call writes its
 * link register (bits 8:6).
 */
struct rule {
	uint8_t units;			/* 1 << enum ia64_unit, or'ed */
	uint8_t op_min, op_max;		/* the major opcode, bits 40:37 */
	uint64_t mask, value;		/* bits 36:0 */
	uint8_t kind;			/* enum ia64_kind */
	uint8_t call, always;
	const char *why;		/* IA64_REFUSED: the reason */
};

#define U(u) (1 << IA64_##u)
#define MASK(hi, lo) (((1ULL << ((hi) - (lo) + 1)) - 1) << (lo))
#define VAL(lo, v) ((uint64_t)(v) << (lo))
#define SPEC "a speculative load or check (ld.s, ld.a, ld.c, chk.s, chk.a)"

/*
 * The .unc compares -- integer (A6-A8, opcodes 0xc-0xe in an M or I
 * slot: ta, bit 33, = 0 and c, bit 12, = 1; bit 36 is tb, also 0, except
 * in A8, x2 (35:34) >= 2), tbit and tnat (I opcode 5, x2 = tb = ta = 0),
 * fcmp and fclass (F opcodes 4, 5) -- write both their predicates even
 * when their own predicate is false (they clear them), so the break that
 * replaces one must fire whatever the predicate says: always.  The other
 * forms (none, .and, .or, .andcm...) do nothing then, and it keeps it.
 *
 * Memory opcodes 4-7 (integer and FP loads and stores) share one x6
 * table (bits 35:30) in which 0x04-0x0f are the speculative and
 * advanced loads (.s, .a, .sa) and 0x20-0x2b the check loads (.c.clr,
 * .c.nc); opcode 4 with x (bit 27) set is another table (xchg, cmpxchg,
 * fetchadd, getf), with none of them.  chk.s and chk.a (x3, 35:33) branch
 * IP-relative to recovery code.  B opcode 0 is x6 (bits 32:27): 0x20
 * br.cond/br.ia through b2, 0x21 br.ret, the others change the machine
 * state; 1 is br.call b1 = b2; 4 the IP-relative branches, 5 br.call; in
 * an X slot 0xc is brl, 0xd brl.call.  br.wexit and br.wtop (btype 2, 3)
 * act on ar.ec and rotate registers whatever their predicate.
 */
static const struct rule rules[] = {
	{ U(M) | U(I), 0xc, 0xe, MASK(35, 35) | MASK(33, 33) | MASK(12, 12),
	  VAL(35, 1) | VAL(12, 1), IA64_PLAIN, 0, 1, NULL },		/* A8 .unc */
	{ U(M) | U(I), 0xc, 0xe, MASK(36, 36) | MASK(33, 33) | MASK(12, 12),
	  VAL(12, 1), IA64_PLAIN, 0, 1, NULL },				/* A6, A7 .unc */
	{ U(I), 5, 5, MASK(36, 33) | MASK(12, 12), VAL(12, 1), IA64_PLAIN, 0, 1, NULL },
	{ U(F), 4, 5, MASK(12, 12), VAL(12, 1), IA64_PLAIN, 0, 1, NULL },
	{ U(M) | U(I) | U(F) | U(B) | U(X), 0, 0, MASK(35, 27), 0, IA64_REFUSED, 0, 0,
	  "a break instruction" },
	{ U(M), 0, 0, MASK(35, 35), VAL(35, 1), IA64_REFUSED, 0, 0, SPEC },	/* chk.a */
	{ U(M), 1, 1, MASK(35, 33), VAL(33, 1), IA64_REFUSED, 0, 0, SPEC },	/* chk.s.m */
	{ U(M), 1, 1, MASK(35, 33), VAL(33, 3), IA64_REFUSED, 0, 0, SPEC },	/* chk.s, FP */
	{ U(M), 4, 4, MASK(27, 27), VAL(27, 1), IA64_PLAIN, 0, 0, NULL },	/* xchg... */
	{ U(M), 4, 7, MASK(35, 32), VAL(32, 1), IA64_REFUSED, 0, 0, SPEC },	/* x6 0x04-0x07 */
	{ U(M), 4, 7, MASK(35, 33), VAL(33, 1), IA64_REFUSED, 0, 0, SPEC },	/* 0x08-0x0f */
	{ U(M), 4, 7, MASK(35, 33), VAL(33, 4), IA64_REFUSED, 0, 0, SPEC },	/* 0x20-0x27 */
	{ U(M), 4, 7, MASK(35, 32), VAL(32, 10), IA64_REFUSED, 0, 0, SPEC },	/* 0x28-0x2b */
	{ U(I), 0, 0, MASK(35, 33), VAL(33, 1), IA64_REFUSED, 0, 0, SPEC },	/* chk.s.i */
	{ U(I), 0, 0, MASK(35, 27), VAL(27, 0x30), IA64_REFUSED, 0, 0,
	  "mov rN = ip (its value would be the copy's address)" },
	{ U(B), 0, 0, MASK(32, 28), VAL(28, 0x10), IA64_BR_IND, 0, 0, NULL },
	{ U(B), 0, 0, 0, 0, IA64_REFUSED, 0, 0,
	  "a B instruction that changes the machine state (rfi, bsw, cover, epc...)" },
	{ U(B), 1, 1, 0, 0, IA64_BR_IND, 1, 0, NULL },
	{ U(B), 4, 4, MASK(8, 7), VAL(7, 1), IA64_BR_REL, 0, 1, NULL },	/* br.wexit, wtop */
	{ U(B), 4, 4, 0, 0, IA64_BR_REL, 0, 0, NULL },
	{ U(B), 5, 5, 0, 0, IA64_BR_REL, 1, 0, NULL },
	{ U(X), 0xc, 0xc, 0, 0, IA64_BR_REL, 0, 0, NULL },
	{ U(X), 0xd, 0xd, 0, 0, IA64_BR_REL, 1, 0, NULL },
};

int ia64_classify(const struct ia64_bundle *b, unsigned slot, struct ia64_insn *out)
{
	enum ia64_unit unit = slot < 3 ? ia64_slot_unit(b, slot) : IA64_NONE;
	uint64_t insn = slot < 3 ? ia64_slot_get(b, slot) : 0;
	unsigned op = insn >> 37;

	*out = (struct ia64_insn){ IA64_PLAIN, -1, false, NULL };
	if (slot > 2 || unit == IA64_L)
		return -EINVAL;		/* MLX's immediate: the probe goes in slot 2 */
	if (unit == IA64_NONE) {
		out->why = "a reserved template";
		return -EILSEQ;
	}
	for (const struct rule *r = rules; r < rules + ARRAY_SIZE(rules); r++) {
		if ((r->units & 1 << unit) && op >= r->op_min && op <= r->op_max &&
		    (insn & r->mask) == r->value) {
			out->kind = (enum ia64_kind)r->kind;
			out->link = r->call ? (int)(insn >> 6 & 7) : -1;
			out->always = r->always;
			out->why = r->why;
			break;
		}
	}
	return 0;
}
