/*
 * x86 instruction-length decoder, shared by the i386 and x86_64 ports.
 * The probe engine needs to know where instructions start and where each
 * keeps its ModRM, displacement and immediate (to relocate a RIP-relative
 * copy), never their names, so this only walks the encoding:
 *
 *   [legacy prefixes] [REX | VEX | EVEX | XOP] opcode [ModRM [SIB]] [disp] [imm]
 *
 * Validity is checked per opcode (undefined legacy opcodes are rejected),
 * not for every ModRM.reg, mandatory prefix or VEX opcode: such encodings
 * get the length they would have if they were defined.
 */
#ifndef SONDE_ARCH_X86_INSN_H
#define SONDE_ARCH_X86_INSN_H

#include <sonde/types.h>

#define X86_MAX_INSN_SIZE 15      /* the longest legal x86 instruction */
#define LONG_MODE (sizeof(long) == 8)   /* the kernel's mode, as the probe files decode */

struct x86_insn {
	uint8_t length;          /* total bytes */
	uint8_t nr_prefixes;     /* legacy prefix bytes (not counting REX/VEX) */
	uint8_t rex;             /* REX byte, 0 if none (64-bit mode only) */
	bool opsize_prefix;      /* 0x66 seen */
	bool addrsize_prefix;    /* 0x67 seen */
	uint8_t rep;             /* 0xf2/0xf3 or 0 (last one seen) */
	bool lock;
	uint8_t segment;         /* segment override byte or 0 (last one seen) */
	uint8_t vex_len;         /* 0, 2 (c5), 3 (c4/8f XOP) or 4 (EVEX 62) */
	uint8_t opcode_offset;   /* offset of the first opcode byte (0f for 0f xx),
				    after prefixes/REX/VEX */
	uint8_t opcode_len;      /* 1, 2 (0f xx), 3 (0f 38 xx / 0f 3a xx); 1 after VEX/EVEX/XOP */
	uint8_t opcode;          /* the final opcode byte */
	uint8_t map;             /* 0 = one-byte, 1 = 0f, 2 = 0f38, 3 = 0f3a
				    (VEX/EVEX mmmmm), 8/9/10 XOP */
	bool has_modrm;
	uint8_t modrm, modrm_offset;
	bool has_sib;
	uint8_t sib;
	uint8_t disp_offset, disp_size;   /* bytes; disp_size 0 if none */
	uint8_t imm_offset, imm_size;     /* total immediate bytes (ENTER has 3,
					     far pointer 6, etc.) */
	bool rip_relative;                /* 64-bit: ModRM mod=00 rm=101 (no SIB) */
};

/*
 * Decode the instruction at code (at most max_len bytes readable).
 * long_mode: true for 64-bit code, false for 32-bit protected mode code.
 * Returns the length (1..15) and fills *insn, or -EILSEQ if the bytes are
 * not a valid instruction (undefined opcode, too long, truncated), or
 * -EINVAL for bad arguments.
 */
int x86_insn_decode(struct x86_insn *insn, const uint8_t *code, size_t max_len,
		    bool long_mode);

/*
 * Decode func[0..func_len) from its start and return true iff offset is
 * the start of an instruction that decodes.  A decode error on the way
 * gives false: we cannot tell where the following instructions start.
 */
bool x86_insn_is_boundary(const uint8_t *func, size_t func_len, size_t offset,
			  bool long_mode);

/* jmp, jcc, loop, jcxz, call rel: the immediate is the target's distance
 * from the instruction's end.  A signed 1- or 4-byte field at code + off. */
bool x86_insn_is_rel_branch(const struct x86_insn *in);
int32_t x86_insn_field(const uint8_t *code, unsigned off, unsigned size);

/*
 * Shared by the probe layer's two files (kprobes.c, kprobes_opt.c):
 * how an instruction is stepped (enum x86_fixup in kprobes.c), or a
 * negative errno if it must not be; kernel text as it was before any
 * probe changed it; a copy of an instruction that runs at addr, to
 * run at dst (false: its RIP-relative operand is out of reach from
 * there); a rel32 at `at`, which runs where it is written, to target.
 */
int x86_classify(const struct x86_insn *in);
void x86_read_original(uint8_t *dst, unsigned long addr, size_t len);
bool x86_copy_insn(uint8_t *dst, const uint8_t *orig, const struct x86_insn *in,
		   unsigned long addr);
void x86_put_rel32(uint8_t *at, unsigned long target);

#endif
