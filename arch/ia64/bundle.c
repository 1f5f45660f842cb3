/*
 * IA-64 bundles (see bundle.h), written from the encodings in Intel's
 * "IA-64 Architecture Software Developer's Manual", volume 3 (chapter 4:
 * instruction formats), and checked against binutils by
 * tests/host/test_ia64_bundle.c.
 *
 * Every slot holds a 41-bit instruction whose major opcode is bits 40:37;
 * what the opcode means depends on the unit the template gives the slot.
 * The probe layer needs only a few questions answered about one, so only
 * the fields those answers depend on are decoded here.
 */
#include <sonde/types.h>
#include <sonde/errno.h>
#include "bundle.h"

/* Bits hi..lo of an instruction. */
static inline unsigned field(uint64_t insn, unsigned hi, unsigned lo)
{
	return (insn >> lo) & ((1ULL << (hi - lo + 1)) - 1);
}

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

uint64_t ia64_slot_get(const struct ia64_bundle *b, unsigned slot)
{
	switch (slot) {
	case 0:
		return (b->lo >> 5) & IA64_SLOT_MASK;
	case 1:		/* 18 bits at the top of lo, 23 at the bottom of hi */
		return ((b->lo >> 46) | (b->hi << 18)) & IA64_SLOT_MASK;
	default:
		return b->hi >> 23;
	}
}

void ia64_slot_set(struct ia64_bundle *b, unsigned slot, uint64_t insn)
{
	insn &= IA64_SLOT_MASK;
	switch (slot) {
	case 0:
		b->lo = (b->lo & ~(IA64_SLOT_MASK << 5)) | insn << 5;
		break;
	case 1:
		b->lo = (b->lo & ((1ULL << 46) - 1)) | insn << 46;
		b->hi = (b->hi & ~((1ULL << 23) - 1)) | insn >> 18;
		break;
	default:
		b->hi = (b->hi & ((1ULL << 23) - 1)) | insn << 23;
	}
}

/* Major opcode 0 with x3/x6 = 0 in every unit; imm bit 20 goes to bit 36. */
uint64_t ia64_break(uint32_t imm, unsigned qp)
{
	return (uint64_t)((imm >> 20) & 1) << 36 | (uint64_t)(imm & 0xfffff) << 6 | (qp & 0x3f);
}

void ia64_put_break(struct ia64_bundle *b, unsigned slot, uint32_t imm, unsigned qp)
{
	if (ia64_slot_unit(b, slot) == IA64_X)
		ia64_slot_set(b, 1, 0);
	ia64_slot_set(b, slot, ia64_break(imm, qp));
}

/*
 * Integer compares (A6-A8, opcodes 0xc-0xe in an M or I slot), tbit and
 * tnat (I opcode 5, x2 = 0), fcmp and fclass (F opcodes 4, 5): is this
 * the .unc form?  An unconditional compare writes both its predicates
 * even when its own predicate is false (it clears them), so the break
 * that replaces it must fire whatever the predicate says.  The other
 * forms (none, .and, .or, .andcm...) do nothing when the predicate is
 * false, and the break keeps it.
 */
static bool unc_compare(enum ia64_unit unit, uint64_t insn)
{
	unsigned op = field(insn, 40, 37);

	if (unit == IA64_F)
		return (op == 4 || op == 5) && field(insn, 12, 12);
	if (unit != IA64_M && unit != IA64_I)
		return false;
	if (op >= 0xc && op <= 0xe)	/* ta = 0, c = 1; bit 36 is tb except in A8 (x2 >= 2) */
		return !field(insn, 33, 33) && field(insn, 12, 12) &&
			(field(insn, 35, 34) >= 2 || !field(insn, 36, 36));
	if (unit == IA64_I && op == 5 && field(insn, 35, 34) == 0)	/* tb = ta = 0, c = 1 */
		return !field(insn, 36, 36) && !field(insn, 33, 33) && field(insn, 12, 12);
	return false;
}

/*
 * Memory opcodes 4-7 (integer and FP loads and stores, register or
 * immediate forms) share one x6 table (bits 35:30) in which 0x04-0x0f
 * are the speculative and advanced loads (.s, .a, .sa) and 0x20-0x2b the
 * check loads (.c.clr, .c.nc).  Opcode 4 with x (bit 27) set is another
 * table (xchg, cmpxchg, fetchadd, getf), with none of them.
 */
static bool speculative(uint64_t insn)
{
	unsigned op = field(insn, 40, 37), x6 = field(insn, 35, 30);

	switch (op) {
	case 0:		/* chk.a.nc, chk.a.clr: x3 = 4-7 */
		return field(insn, 35, 33) >= 4;
	case 1:		/* chk.s.m (x3 = 1) and chk.s for FP registers (x3 = 3) */
		return field(insn, 35, 33) == 1 || field(insn, 35, 33) == 3;
	case 4: case 5: case 6: case 7:
		if (op == 4 && field(insn, 27, 27))
			return false;
		return (x6 >= 0x04 && x6 <= 0x0f) || (x6 >= 0x20 && x6 <= 0x2b);
	}
	return false;
}

int ia64_classify(const struct ia64_bundle *b, unsigned slot, struct ia64_insn *out)
{
	enum ia64_unit unit;
	uint64_t insn;
	unsigned op;

	if (slot > 2)
		return -EINVAL;
	unit = ia64_slot_unit(b, slot);
	if (unit == IA64_NONE)
		return -EILSEQ;		/* a reserved template: not code */
	if (unit == IA64_L)
		return -EINVAL;		/* MLX's immediate: the probe goes in slot 2 */
	insn = ia64_slot_get(b, slot);
	op = field(insn, 40, 37);
	out->kind = IA64_PLAIN;
	out->link = -1;
	out->always = unc_compare(unit, insn);

	switch (unit) {
	case IA64_M:
		if (speculative(insn))
			out->kind = IA64_SPEC;
		break;
	case IA64_I:
		if (op == 0 && field(insn, 35, 33) == 1)	/* chk.s.i */
			out->kind = IA64_SPEC;
		else if (op == 0 && field(insn, 35, 27) == 0x30)	/* mov r1 = ip */
			out->kind = IA64_READS_IP;
		break;
	case IA64_B:
		/* Opcode 0: x6 0x20 is br.cond/br.ia through b2, 0x21 br.ret;
		 * 1 is br.call b1 = b2; 4 the IP-relative branches, 5 br.call. */
		if (op == 0 && (field(insn, 32, 27) == 0x20 || field(insn, 32, 27) == 0x21))
			out->kind = IA64_BR_IND;
		else if (op == 1)
			out->kind = IA64_BR_IND;
		else if (op == 4 || op == 5)
			out->kind = IA64_BR_REL;
		if (op == 1 || op == 5)
			out->link = field(insn, 8, 6);
		/* br.wexit, br.wtop (btype 2, 3) act on ar.ec and rotate
		 * registers whatever their predicate: it is their condition. */
		if (op == 4 && (field(insn, 8, 6) == 2 || field(insn, 8, 6) == 3))
			out->always = true;
		break;
	case IA64_X:		/* brl (0xc) and brl.call (0xd) */
		if (op == 0xc || op == 0xd)
			out->kind = IA64_BR_REL;
		if (op == 0xd)
			out->link = field(insn, 8, 6);
		break;
	default:
		break;
	}
	return 0;
}

/*
 * B-unit IP-relative branches hold a 21-bit signed bundle count: s at
 * bit 36, imm20b at bits 32:13.  brl adds 39 more bits from the L slot
 * (bits 40:2), between imm20b and its sign i (bit 36 of X): 60 bits.
 */
int64_t ia64_branch_disp(const struct ia64_bundle *b, unsigned slot)
{
	uint64_t insn = ia64_slot_get(b, slot);
	uint64_t imm = field(insn, 32, 13);

	if (ia64_slot_unit(b, slot) == IA64_X) {
		imm |= (ia64_slot_get(b, 1) >> 2) << 20 | (uint64_t)field(insn, 36, 36) << 59;
		return (int64_t)(imm << 4);		/* 60 + 4 bits: the sign lands on bit 63 */
	}
	imm |= (uint64_t)field(insn, 36, 36) << 20;
	return (int64_t)(imm << 43) >> 39;		/* sign-extend 21 bits, times 16 */
}

int ia64_branch_set_disp(struct ia64_bundle *b, unsigned slot, int64_t disp)
{
	uint64_t insn = ia64_slot_get(b, slot);
	uint64_t count = (uint64_t)disp >> 4;		/* in bundles */
	const uint64_t imm_bits = (0xfffffULL << 13) | 1ULL << 36;

	if (disp & 15)
		return -EINVAL;
	insn = (insn & ~imm_bits) | (count & 0xfffff) << 13;
	if (ia64_slot_unit(b, slot) == IA64_X) {
		uint64_t l = ia64_slot_get(b, 1) & 3;	/* L bits 1:0 are not ours */

		ia64_slot_set(b, 1, l | ((count >> 20) & ((1ULL << 39) - 1)) << 2);
		insn |= ((count >> 59) & 1) << 36;
	} else {
		if (disp < -(1LL << 24) || disp >= (1LL << 24))
			return -ERANGE;			/* beyond +-16 MiB */
		insn |= ((count >> 20) & 1) << 36;
	}
	ia64_slot_set(b, slot, insn);
	return 0;
}
