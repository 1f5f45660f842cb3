/*
 * x86 instruction-length decoder (see insn.h), shared by the i386 and
 * x86_64 ports, written from the opcode maps in the Intel SDM volume 2
 * appendix A and AMD's APM volume 3.
 *
 * After the prefixes, an instruction's length follows from three facts
 * about its opcode: does it have a ModRM byte, how big is its immediate,
 * and is it defined at all.  The tables below record them for each map;
 * the ModRM byte and the address size then give the SIB and displacement.
 */
#include <sonde/types.h>
#include <sonde/errno.h>
#include "insn.h"

#define MAX_INSN_LEN 15    /* the CPU raises #GP on anything longer */

/* What follows an opcode.  "imm16/32" is imm16 with a 66 prefix. */
enum {
	UD = 0,  /* undefined opcode */
	PF,      /* a prefix or escape byte: handled before the table is used */
	NO,      /* nothing: no ModRM, no immediate */
	M0,      /* ModRM */
	MB,      /* ModRM + imm8 */
	MZ,      /* ModRM + imm16/32 */
	IB,      /* imm8, or a rel8 branch */
	IW,      /* imm16 (RET/RETF imm16) */
	IZ,      /* imm16/32 */
	JZ,      /* rel16/32 near branch; always rel32 in 64-bit mode */
	IV,      /* MOV reg, imm: imm16/32, or imm64 with REX.W */
	EN,      /* ENTER imm16, imm8 */
	AP,      /* far pointer ptr16:16 / ptr16:32 (CALLF/JMPF) */
	MO,      /* moffs: a bare address, sized by the address size */
	CR,      /* MOV to/from CR/DR: ModRM, always a register (mod ignored) */
	D3,      /* 3DNow!: ModRM, then an imm8 that is really the opcode */
};

/* The one-byte opcode map. */
static const uint8_t one_byte[256] = {
/*	 0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f */
/* 0 */	M0, M0, M0, M0, IB, IZ, NO, NO, M0, M0, M0, M0, IB, IZ, NO, PF, /* ADD, PUSH ES, OR */
/* 1 */	M0, M0, M0, M0, IB, IZ, NO, NO, M0, M0, M0, M0, IB, IZ, NO, NO, /* ADC, SBB */
/* 2 */	M0, M0, M0, M0, IB, IZ, PF, NO, M0, M0, M0, M0, IB, IZ, PF, NO, /* AND, ES:, DAA, SUB */
/* 3 */	M0, M0, M0, M0, IB, IZ, PF, NO, M0, M0, M0, M0, IB, IZ, PF, NO, /* XOR, SS:, AAA, CMP */
/* 4 */	NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, /* INC/DEC (REX) */
/* 5 */	NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, /* PUSH/POP reg */
/* 6 */	NO, NO, M0, M0, PF, PF, PF, PF, IZ, MZ, IB, MB, NO, NO, NO, NO,
	/* PUSHA, POPA, BOUND/EVEX, ARPL/MOVSXD, FS:, GS:, 66, 67, PUSH, IMUL */
/* 7 */	IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, IB, /* Jcc rel8 */
/* 8 */	MB, MZ, MB, MB, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0,
	/* group 1 (ALU imm), TEST, XCHG, MOV, MOV sreg, LEA, POP r/m or XOP */
/* 9 */	NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, AP, NO, NO, NO, NO, NO, /* XCHG, CALLF, PUSHF */
/* a */	MO, MO, MO, MO, NO, NO, NO, NO, IB, IZ, NO, NO, NO, NO, NO, NO, /* MOV moffs, strings */
/* b */	IB, IB, IB, IB, IB, IB, IB, IB, IV, IV, IV, IV, IV, IV, IV, IV, /* MOV reg, imm */
/* c */	MB, MB, IW, NO, M0, M0, MB, MZ, EN, NO, IW, NO, NO, IB, NO, NO,
	/* shift imm8, RET, LES/LDS/VEX, MOV r/m imm (XABORT/XBEGIN), ENTER,
	   LEAVE, RETF, INT3, INT, INTO, IRET */
/* d */	M0, M0, M0, M0, IB, IB, NO, NO, M0, M0, M0, M0, M0, M0, M0, M0, /* shifts, AAM, x87 */
/* e */	IB, IB, IB, IB, IB, IB, IB, IB, JZ, JZ, AP, IB, NO, NO, NO, NO,
	/* LOOPcc, JCXZ, IN/OUT imm8, CALL, JMP, JMPF ptr, JMP rel8, IN/OUT */
/* f */	PF, NO, PF, PF, NO, NO, M0, M0, NO, NO, NO, NO, NO, NO, M0, M0,
	/* LOCK, INT1, REPNE, REP, HLT, CMC, group 3 (TEST /0 has an imm,
	   see below), CLC...STD, group 4, group 5 */
};

/* The two-byte map, 0f xx.  0f 38 and 0f 3a are escapes to three-byte maps. */
static const uint8_t two_byte[256] = {
/*	 0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f */
/* 0 */	M0, M0, M0, M0, UD, NO, NO, NO, NO, NO, UD, NO, UD, M0, NO, D3,
	/* groups 6 and 7, LAR, LSL, SYSCALL, ..., UD2, PREFETCHW, 3DNow! */
/* 1 */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* SSE, hint NOPs */
/* 2 */	CR, CR, CR, CR, UD, UD, UD, UD, M0, M0, M0, M0, M0, M0, M0, M0, /* MOV CR/DR, SSE */
/* 3 */	NO, NO, NO, NO, NO, NO, UD, NO, PF, UD, PF, UD, UD, UD, UD, UD, /* WRMSR, ..., GETSEC */
/* 4 */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* CMOVcc */
/* 5 */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* SSE */
/* 6 */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* MMX/SSE2 */
/* 7 */	MB, MB, MB, MB, M0, M0, M0, NO, M0, M0, UD, UD, M0, M0, M0, M0,
	/* PSHUF*, shift groups 12-14 (imm8), PCMPEQ, EMMS, VMREAD/VMWRITE
	   (or SSE4a EXTRQ/INSERTQ, see below), HADD/HSUB, MOVD/MOVQ */
/* 8 */	JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, JZ, /* Jcc rel16/32 */
/* 9 */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* SETcc */
/* a */	NO, NO, NO, M0, MB, M0, M0, M0, NO, NO, NO, M0, MB, M0, M0, M0,
	/* PUSH/POP FS, CPUID, BT, SHLD, VIA PadLock, PUSH/POP GS, RSM, BTS,
	   SHRD, group 15 (fences, XSAVE, ...), IMUL */
/* b */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, MB, M0, M0, M0, M0, M0,
	/* CMPXCHG, LSS, BTR, LFS, LGS, MOVZX, POPCNT, UD1, group 8 (BT*
	   imm8), BTC, BSF/TZCNT, BSR/LZCNT, MOVSX */
/* c */	M0, M0, MB, M0, MB, MB, MB, M0, NO, NO, NO, NO, NO, NO, NO, NO,
	/* XADD, CMPPS, MOVNTI, PINSRW, PEXTRW, SHUFPS, group 9, BSWAP */
/* d */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* MMX/SSE2 */
/* e */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0,
/* f */	M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, M0, /* ..., UD0 */
};

/* Sparse sets of opcodes as inclusive ranges: clearer than bitmaps. */
struct range { uint8_t first, last; };

/* 0f 38 xx (all take a ModRM and no immediate). */
static const struct range map_0f38[] = {
	{ 0x00, 0x0b },   /* SSSE3: PSHUFB, PHADD*, PMADDUBSW, PSIGN*, ... */
	{ 0x10, 0x10 }, { 0x14, 0x15 }, { 0x17, 0x17 },  /* BLENDV*, PTEST */
	{ 0x1c, 0x1e },   /* PABS* */
	{ 0x20, 0x25 }, { 0x28, 0x2b },   /* PMOVSX*, PMULDQ, ..., PACKUSDW */
	{ 0x30, 0x35 }, { 0x37, 0x41 },   /* PMOVZX*, PCMPGTQ, PMIN/PMAX*, ... */
	{ 0x80, 0x82 },   /* INVEPT, INVVPID, INVPCID */
	{ 0xc8, 0xcd },   /* SHA */
	{ 0xcf, 0xcf },   /* GF2P8MULB */
	{ 0xdb, 0xdf },   /* AES */
	{ 0xf0, 0xf1 },   /* MOVBE, CRC32 */
	{ 0xf5, 0xf6 },   /* WRUSS, WRSS, ADCX, ADOX */
	{ 0xf8, 0xf9 },   /* MOVDIR64B, ENQCMD, MOVDIRI */
};

/* 0f 3a xx (all take a ModRM and an imm8). */
static const struct range map_0f3a[] = {
	{ 0x08, 0x0f },   /* ROUND*, BLEND*, PALIGNR */
	{ 0x14, 0x17 },   /* PEXTR*, EXTRACTPS */
	{ 0x20, 0x22 },   /* PINSR*, INSERTPS */
	{ 0x40, 0x42 }, { 0x44, 0x44 },  /* DPPS, DPPD, MPSADBW, PCLMULQDQ */
	{ 0x60, 0x63 },   /* PCMPESTR*, PCMPISTR* */
	{ 0xcc, 0xcc },   /* SHA1RNDS4 */
	{ 0xce, 0xcf },   /* GF2P8AFFINE* */
	{ 0xdf, 0xdf },   /* AESKEYGENASSIST */
};

/* The 3DNow! operations (PI2FW, ..., PAVGUSB): the imm8 after 0f 0f ModRM. */
static const struct range amd_3dnow[] = {
	{ 0x0c, 0x0d }, { 0x1c, 0x1d }, { 0x8a, 0x8a }, { 0x8e, 0x8e },
	{ 0x90, 0x90 }, { 0x94, 0x94 }, { 0x96, 0x97 }, { 0x9a, 0x9a },
	{ 0x9e, 0x9e }, { 0xa0, 0xa0 }, { 0xa4, 0xa4 }, { 0xa6, 0xa7 },
	{ 0xaa, 0xaa }, { 0xae, 0xae }, { 0xb0, 0xb0 }, { 0xb4, 0xb4 },
	{ 0xb6, 0xb7 }, { 0xbb, 0xbb }, { 0xbf, 0xbf },
};

/*
 * One-byte opcodes that 64-bit mode dropped: PUSH/POP of ES/CS/SS/DS,
 * the BCD adjusts, PUSHA/POPA, BOUND, the 82 alias of group 1, far
 * CALL/JMP with an immediate pointer, LES/LDS, INTO, AAM/AAD and SALC.
 * (62, c4 and c5 are never looked up in 64-bit mode: they are EVEX/VEX.)
 */
static const struct range invalid_in_64[] = {
	{ 0x06, 0x07 }, { 0x0e, 0x0e }, { 0x16, 0x17 }, { 0x1e, 0x1f },
	{ 0x27, 0x27 }, { 0x2f, 0x2f }, { 0x37, 0x37 }, { 0x3f, 0x3f },
	{ 0x60, 0x62 }, { 0x82, 0x82 }, { 0x9a, 0x9a }, { 0xc4, 0xc5 },
	{ 0xce, 0xce }, { 0xd4, 0xd6 }, { 0xea, 0xea },
};

static bool in_set(const struct range *set, size_t n, uint8_t op)
{
	for (size_t i = 0; i < n; i++)
		if (op >= set[i].first && op <= set[i].last)
			return true;
	return false;
}
#define IN_SET(set, op) in_set(set, ARRAY_SIZE(set), op)

/* Record a legacy prefix in *insn; false if b is not one. */
static bool legacy_prefix(struct x86_insn *insn, uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
		insn->segment = b; break;
	case 0x66: insn->opsize_prefix = true; break;
	case 0x67: insn->addrsize_prefix = true; break;
	case 0xf0: insn->lock = true; break;
	case 0xf2: case 0xf3: insn->rep = b; break;
	default: return false;
	}
	return true;
}

/* One-byte group opcodes (ModRM.reg extends the opcode) with holes. */
static bool group_ok(uint8_t op, uint8_t modrm)
{
	uint8_t reg = (modrm >> 3) & 7, mod = modrm >> 6;

	switch (op) {
	case 0x8f:              /* POP r/m is /0 (other values are XOP) */
		return reg == 0;
	case 0xc6: case 0xc7:   /* MOV r/m, imm is /0; XABORT/XBEGIN are f8 */
		return reg == 0 || modrm == 0xf8;
	case 0xfe:              /* INC/DEC r/m8 */
		return reg <= 1;
	case 0xff:              /* /3 and /5 are far CALL/JMP through memory */
		return reg != 7 && !((reg == 3 || reg == 5) && mod == 3);
	}
	return true;
}

int x86_insn_decode(struct x86_insn *insn, const uint8_t *code, size_t max_len,
		    bool long_mode)
{
	size_t pos = 0, lim = max_len < MAX_INSN_LEN ? max_len : MAX_INSN_LEN;
	uint8_t kind, b, imm = 0, disp = 0;
	bool reg_only = false;

	if (!insn || !code || max_len == 0)
		return -EINVAL;
	*insn = (struct x86_insn){ 0 };

	/*
	 * Prefixes.  A REX prefix counts only if it comes last, just before
	 * the opcode: the CPU ignores a REX that is followed by a legacy
	 * prefix, so a legacy prefix clears it.
	 */
	for (;;) {
		if (pos >= lim)
			return -EILSEQ;
		b = code[pos];
		if (legacy_prefix(insn, b)) {
			insn->nr_prefixes++;
			insn->rex = 0;
		} else if (long_mode && (b & 0xf0) == 0x40) {
			insn->rex = b;
		} else {
			break;
		}
		pos++;
	}

	/*
	 * The opcode.  c4/c5 (VEX), 62 (EVEX) and 8f (XOP) are escapes that
	 * older instructions also use.  In 32-bit mode LES, LDS and BOUND
	 * need a memory operand, so a "ModRM" with mod=11 there means VEX or
	 * EVEX; the bits of that byte are the inverted REX.R/X, which must
	 * be 1 outside 64-bit mode anyway.  XOP's map (8 to 10) cannot be
	 * the /0 that POP r/m requires.
	 */
	insn->opcode_offset = pos;
	b = code[pos++];
	uint8_t next = pos < lim ? code[pos] : 0;
	bool vex_like = (b == 0xc4 || b == 0xc5 || b == 0x62) &&
			(long_mode || (next & 0xc0) == 0xc0);
	if (b == 0x8f && (next & 0x1f) >= 8)
		vex_like = true;

	if (vex_like) {
		/*
		 * VEX/EVEX/XOP carry their own REX bits and encode the 66/f2/f3
		 * prefix in their pp field: those prefixes (and LOCK) before
		 * them make the instruction undefined (#UD).
		 */
		if (insn->rex || insn->opsize_prefix || insn->rep || insn->lock)
			return -EILSEQ;
		insn->vex_len = b == 0xc5 ? 2 : b == 0x62 ? 4 : 3;
		if (pos + insn->vex_len > lim)
			return -EILSEQ;
		if (b == 0xc5)
			insn->map = 1;    /* VEX2 implies the 0f map */
		else if (b == 0x62)
			insn->map = next & 0x0f;   /* mm, plus bits that must be 0 */
		else
			insn->map = next & 0x1f;   /* mmmmm */
		/* EVEX: bit 2 of the second payload byte is always 1. */
		if (b == 0x62 && !(code[pos + 1] & 0x04))
			return -EILSEQ;
		pos += insn->vex_len - 1;
		insn->opcode = code[pos++];
		insn->opcode_len = 1;

		if (b == 0x8f) {
			/* XOP map 8 has an imm8, map 9 none, map 10 an imm32. */
			if (insn->map > 10)
				return -EILSEQ;
			kind = insn->map == 8 ? MB : M0;
			if (insn->map == 10)
				imm = 4;
		} else if (insn->map == 1) {
			/*
			 * VEX 0f xx follows the legacy 0f map, but only its
			 * ModRM-taking opcodes exist, plus VZEROUPPER/VZEROALL
			 * (VEX 0f 77, no ModRM) and AVX-512's unsigned
			 * conversions (EVEX 0f 7a/7b).
			 */
			kind = two_byte[insn->opcode];
			if (insn->opcode == 0x77 && b != 0x62)
				kind = NO;
			else if ((insn->opcode & 0xfe) == 0x7a && b == 0x62)
				kind = M0;
			else if (kind != M0 && kind != MB)
				return -EILSEQ;
		} else if (insn->map == 2) {
			kind = M0;
		} else if (insn->map == 3) {
			kind = MB;
		} else {
			return -EILSEQ;
		}
	} else if (b == 0x0f) {
		if (pos >= lim)
			return -EILSEQ;
		b = code[pos++];
		if (b == 0x38 || b == 0x3a) {
			if (pos >= lim)
				return -EILSEQ;
			insn->opcode = code[pos++];
			insn->opcode_len = 3;
			insn->map = b == 0x38 ? 2 : 3;
			if (b == 0x38)
				kind = IN_SET(map_0f38, insn->opcode) ? M0 : UD;
			else
				kind = IN_SET(map_0f3a, insn->opcode) ? MB : UD;
		} else {
			insn->opcode = b;
			insn->opcode_len = 2;
			insn->map = 1;
			kind = two_byte[b];
		}
	} else {
		insn->opcode = b;
		insn->opcode_len = 1;
		kind = one_byte[b];
		if (long_mode && IN_SET(invalid_in_64, b))
			return -EILSEQ;
	}

	/*
	 * Immediate sizes.  "z" is 16 bits with a 66 prefix, else 32; a
	 * REX.W operand size of 64 still takes a 32-bit immediate, except
	 * for MOV reg, imm64.  Near branches in 64-bit mode always have a
	 * 64-bit operand size and a rel32 (Intel ignores 66 on them).
	 */
	bool rex_w = insn->rex & 0x08;
	uint8_t z = insn->opsize_prefix && !rex_w ? 2 : 4;

	switch (kind) {
	case UD: case PF: return -EILSEQ;
	case NO: break;
	case CR: reg_only = true; /* fall through */
	case M0: insn->has_modrm = true; break;
	case D3: /* fall through */
	case MB: insn->has_modrm = true; imm = 1; break;
	case MZ: insn->has_modrm = true; imm = z; break;
	case IB: imm = 1; break;
	case IW: imm = 2; break;
	case IZ: imm = z; break;
	case JZ: imm = long_mode ? 4 : z; break;
	case IV: imm = rex_w ? 8 : z; break;
	case EN: imm = 3; break;
	case AP: imm = 2 + z; break;      /* selector + offset */
	case MO: imm = long_mode ? (insn->addrsize_prefix ? 4 : 8)
				: (insn->addrsize_prefix ? 2 : 4);
		break;
	}

	/*
	 * ModRM, SIB and displacement.  With 32/64-bit addressing, rm=100
	 * means a SIB byte follows, mod=00 rm=101 is a bare disp32 (RIP-
	 * relative in 64-bit mode), and a SIB with mod=00 base=101 has a
	 * disp32 instead of a base register.  16-bit addressing (67 in
	 * 32-bit mode) has no SIB; mod=00 rm=110 is a bare disp16.
	 */
	if (insn->has_modrm) {
		if (pos >= lim)
			return -EILSEQ;
		insn->modrm_offset = pos;
		insn->modrm = code[pos++];
		uint8_t mod = insn->modrm >> 6, rm = insn->modrm & 7;

		/* Immediates and validity that depend on the ModRM byte. */
		if (insn->map == 0 && insn->vex_len == 0) {
			if (!group_ok(insn->opcode, insn->modrm))
				return -EILSEQ;
			/* TEST r/m, imm is F6/F7 /0 (and its alias /1). */
			if ((insn->opcode & 0xfe) == 0xf6 && ((insn->modrm >> 3) & 7) <= 1)
				imm = insn->opcode == 0xf6 ? 1 : z;
		}
		/*
		 * AMD's SSE4a EXTRQ/INSERTQ reuse VMREAD's 0f 78 with a 66 or
		 * f2 prefix and a register operand, and take two imm8s.
		 */
		if (insn->map == 1 && insn->vex_len == 0 && insn->opcode == 0x78 &&
		    mod == 3 && (insn->opsize_prefix || insn->rep == 0xf2))
			imm = 2;

		if (mod == 3 || reg_only) {
			/* a register operand: nothing more */
		} else if (!long_mode && insn->addrsize_prefix) {
			if (mod == 1)
				disp = 1;
			else if (mod == 2 || (mod == 0 && rm == 6))
				disp = 2;
		} else {
			if (rm == 4) {
				if (pos >= lim)
					return -EILSEQ;
				insn->has_sib = true;
				insn->sib = code[pos++];
				if (mod == 0 && (insn->sib & 7) == 5)
					disp = 4;
			}
			if (mod == 0 && rm == 5) {
				disp = 4;
				insn->rip_relative = long_mode;
			}
			if (mod == 1)
				disp = 1;
			else if (mod == 2)
				disp = 4;
		}
	}

	if (disp) {
		insn->disp_offset = pos;
		insn->disp_size = disp;
		pos += disp;
	}
	if (imm) {
		insn->imm_offset = pos;
		insn->imm_size = imm;
		pos += imm;
	}
	if (pos > lim)
		return -EILSEQ;     /* truncated, or longer than 15 bytes */
	if (kind == D3 && !IN_SET(amd_3dnow, code[insn->imm_offset]))
		return -EILSEQ;

	insn->length = pos;
	return pos;
}

bool x86_insn_is_boundary(const uint8_t *func, size_t func_len, size_t offset,
			  bool long_mode)
{
	struct x86_insn insn;
	size_t pos = 0;

	if (!func)
		return false;
	while (pos <= offset && pos < func_len) {
		int len = x86_insn_decode(&insn, func + pos, func_len - pos,
					  long_mode);
		if (len < 0)
			return false;
		if (pos == offset)
			return true;
		pos += len;
	}
	return false;
}

bool x86_insn_is_rel_branch(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	if (in->vex_len)
		return false;
	if (in->map == 0)
		return (op >= 0x70 && op <= 0x7f) || (op >= 0xe0 && op <= 0xe3) ||
		       op == 0xe8 || op == 0xe9 || op == 0xeb;
	return in->map == 1 && op >= 0x80 && op <= 0x8f;
}

int32_t x86_insn_field(const uint8_t *code, unsigned off, unsigned size)
{
	return size == 1 ? (int8_t)code[off] : *(const int32_t *)(code + off);
}
