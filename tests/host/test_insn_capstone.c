/*
 * Host test for the x86 instruction-length decoder (arch/x86_common/insn.c):
 * compare its lengths with Capstone's, in 32-bit and 64-bit mode.
 *
 * Build and run from the top of the tree:
 *
 *   gcc -std=gnu11 -O2 -g -Wall -Wextra -fsanitize=address,undefined -Iinclude \
 *       tests/host/test_insn_capstone.c arch/x86_common/insn.c -lcapstone
 *   ./a.out [N]
 *
 * N is how many instructions of real code to compare per mode (default
 * 2000000, about 10 seconds in all; 0 skips that part).  ALLCLASSES=1 in
 * the environment lists every class of difference, not just the biggest.
 * Three parts:
 *
 *  1. hand-written cases, checking lengths and the located fields;
 *  2. an exhaustive sweep: every opcode of the one-byte, 0f, 0f 38 and
 *     0f 3a maps, and of the VEX, EVEX and XOP maps, behind a set of
 *     prefixes, each followed by ModRM/SIB/displacement patterns that
 *     cover every mod/rm addressing form and every ModRM.reg value;
 *  3. real code: the executable sections of the ELF files on this
 *     machine, walked linearly with Capstone as the reference.
 *
 * A disagreement is either a length that differs or an instruction that
 * Capstone decodes and we reject.  Those that an entry of the allow-list
 * below explains (a Capstone 4.0.2 bug, checked against the Intel SDM and
 * objdump) are reported apart; the program exits 0 only if none is left
 * unexplained.  Bytes that we decode and Capstone rejects have no
 * reference length: they are reported for information (see
 * find_neighbour() for how their lengths are still checked).
 */
/* Capstone's x86.h has an "enum x86_insn" of its own: rename it away. */
#define x86_insn capstone_x86_insn
#include <capstone/capstone.h>
#undef x86_insn
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "../../arch/x86_common/insn.h"

/* ---- small helpers ---- */

/* Parse "48 8b 05" into bytes; returns the count. */
static size_t parse_hex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	char *end;

	while (*s && n < max) {
		unsigned long v = strtoul(s, &end, 16);
		if (end == s)
			break;
		out[n++] = (uint8_t)v;
		s = end;
	}
	return n;
}

static void hex_string(const uint8_t *b, size_t n, char *out, size_t outsz)
{
	size_t used = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && used + 4 < outsz; i++)
		used += snprintf(out + used, outsz - used, "%s%02x", i ? " " : "", b[i]);
}

/* Filler after the pattern: displacement/immediate bytes.  The first
 * is a valid 3DNow! suffix (pfadd) so that 0f 0f is exercised. */
static const uint8_t filler[16] = {
	0x9e, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

/* ---- 1. hand-written cases ---- */

#define ANY (-1)   /* field not checked */
#define BAD 0      /* expected length 0: must be rejected with -EILSEQ */

struct unit_case {
	int bits;                 /* 32 or 64 */
	const char *hex;
	int len;                  /* expected length, or BAD */
	int rip;                  /* expected rip_relative, or ANY */
	int disp_off, disp_size;  /* ANY to skip */
	int imm_off, imm_size;
	const char *what;
};

static const struct unit_case unit_cases[] = {
	{ 64, "48 b8 11 22 33 44 55 66 77 88", 10, 0, ANY, 0, 2, 8, "mov rax, imm64" },
	{ 64, "b8 11 22 33 44", 5, 0, ANY, 0, 1, 4, "mov eax, imm32" },
	{ 64, "66 48 b8 11 22 33 44 55 66 77 88", 11, 0, ANY, 0, 3, 8, "REX.W beats 66" },
	{ 64, "48 66 b8 11 22", 5, 0, ANY, 0, 3, 2, "REX before 66 is ignored" },
	{ 64, "e8 00 00 00 00", 5, 0, ANY, 0, 1, 4, "call rel32" },
	{ 32, "66 e8 00 00", 4, 0, ANY, 0, 2, 2, "call rel16 (32-bit)" },
	{ 64, "66 e8 00 00 00 00", 6, 0, ANY, 0, 2, 4, "66 call: still rel32 in 64-bit (Intel)" },
	{ 32, "0f 84 00 00 00 00", 6, 0, ANY, 0, 2, 4, "jz rel32" },
	{ 32, "66 0f 84 00 00", 5, 0, ANY, 0, 3, 2, "jz rel16" },
	{ 64, "c4 e2 79 18 05 00 00 00 00", 9, 1, 5, 4, ANY, 0, "vbroadcastss xmm0, [rip]" },
	{ 64, "48 8b 05 00 00 00 00", 7, 1, 3, 4, ANY, 0, "mov rax, [rip]" },
	{ 32, "8b 05 00 00 00 00", 6, 0, 2, 4, ANY, 0, "mov eax, [disp32]" },
	{ 64, "ff 15 00 00 00 00", 6, 1, 2, 4, ANY, 0, "call [rip]" },
	{ 64, "c7 05 10 00 00 00 01 00 00 00", 10, 1, 2, 4, 6, 4, "mov dword [rip], imm32" },
	{ 64, "c8 10 00 00", 4, 0, ANY, 0, 1, 3, "enter 16, 0" },
	{ 64, "f3 0f 1e fa", 4, 0, ANY, 0, ANY, 0, "endbr64" },
	{ 64, "a1 11 22 33 44 55 66 77 88", 9, 0, ANY, 0, 1, 8, "mov eax, moffs64" },
	{ 64, "67 a1 11 22 33 44", 6, 0, ANY, 0, 2, 4, "mov eax, moffs32 (67)" },
	{ 32, "a1 11 22 33 44", 5, 0, ANY, 0, 1, 4, "mov eax, moffs32" },
	{ 32, "67 a1 11 22", 4, 0, ANY, 0, 2, 2, "mov eax, moffs16 (67)" },
	{ 64, "48 c7 c0 ff ff ff ff", 7, 0, ANY, 0, 3, 4, "mov rax, simm32" },
	{ 64, "66 c7 c0 ff ff", 5, 0, ANY, 0, 3, 2, "mov ax, imm16" },
	{ 64, "f6 c0 01", 3, 0, ANY, 0, 2, 1, "test al, 1 (F6 /0)" },
	{ 64, "f6 c8 01", 3, 0, ANY, 0, 2, 1, "test al, 1 (F6 /1 alias)" },
	{ 64, "f6 d0", 2, 0, ANY, 0, ANY, 0, "not al (F6 /2: no imm)" },
	{ 64, "f7 44 24 08 11 22 33 44", 8, 0, 3, 1, 4, 4, "test dword [rsp+8], imm32" },
	{ 64, "66 f7 04 24 11 22", 6, 0, ANY, 0, 4, 2, "test word [rsp], imm16" },
	{ 32, "9a 11 22 33 44 55 66", 7, 0, ANY, 0, 1, 6, "call far ptr16:32" },
	{ 32, "66 9a 11 22 33 44", 6, 0, ANY, 0, 2, 4, "call far ptr16:16" },
	{ 64, "9a 11 22 33 44 55 66", BAD, ANY, ANY, ANY, ANY, ANY, "no far call imm in 64-bit" },
	{ 64, "06", BAD, ANY, ANY, ANY, ANY, ANY, "no push es in 64-bit" },
	{ 32, "06", 1, 0, ANY, 0, ANY, 0, "push es" },
	{ 32, "40", 1, 0, ANY, 0, ANY, 0, "inc eax (REX only in 64-bit)" },
	{ 64, "41 50", 2, 0, ANY, 0, ANY, 0, "push r8" },
	{ 32, "67 8b 46 10", 4, 0, 3, 1, ANY, 0, "16-bit addressing [bp+disp8]" },
	{ 32, "67 8b 06 34 12", 5, 0, 3, 2, ANY, 0, "16-bit addressing [disp16]" },
	{ 32, "67 8b 04", 3, 0, ANY, 0, ANY, 0, "16-bit addressing [si]: no SIB" },
	{ 32, "67 8b 84 11 22", 5, 0, 3, 2, ANY, 0, "16-bit addressing [si+disp16]" },
	{ 64, "67 8b 04 24", 4, 0, ANY, 0, ANY, 0, "67 in 64-bit: 32-bit addressing, SIB" },
	{ 64, "67 8b 05 00 00 00 00", 7, 1, 3, 4, ANY, 0, "eip-relative" },
	{ 32, "8b 04 25 11 22 33 44", 7, 0, 3, 4, ANY, 0, "SIB without base: disp32" },
	{ 32, "8b 44 24 08", 4, 0, 3, 1, ANY, 0, "mov eax, [esp+8]" },
	{ 32, "8b 84 24 00 01 00 00", 7, 0, 3, 4, ANY, 0, "mov eax, [esp+256]" },
	{ 64, "c4 e3 79 4a c2 30", 6, 0, ANY, 0, 5, 1, "vblendvps (VEX map 3 imm8)" },
	{ 64, "c5 f8 77", 3, 0, ANY, 0, ANY, 0, "vzeroupper" },
	{ 64, "c5 f9 70 c1 1b", 5, 0, ANY, 0, 4, 1, "vpshufd imm8" },
	{ 64, "66 c5 f8 77", BAD, ANY, ANY, ANY, ANY, ANY, "66 before VEX" },
	{ 64, "62 f1 7c 48 58 44 24 01", 8, 0, 7, 1, ANY, 0, "vaddps zmm0, zmm0, [rsp+0x40] (disp8*N)" },
	{ 64, "62 f1 7c 48 58 05 00 00 00 00", 10, 1, 6, 4, ANY, 0, "vaddps zmm0, zmm0, [rip]" },
	{ 32, "62 f1 7c 48 58 c1", 6, 0, ANY, 0, ANY, 0, "EVEX in 32-bit mode" },
	{ 32, "c4 00", 2, 0, ANY, 0, ANY, 0, "les eax, [eax]" },
	{ 32, "c5 05 11 22 33 44", 6, 0, 2, 4, ANY, 0, "lds eax, [disp32]" },
	{ 32, "62 00", 2, 0, ANY, 0, ANY, 0, "bound eax, [eax]" },
	{ 32, "c5 f8 77", 3, 0, ANY, 0, ANY, 0, "vzeroupper (32-bit)" },
	{ 64, "0f 0f c1 9e", 4, 0, ANY, 0, 3, 1, "pfadd mm0, mm1" },
	{ 64, "0f 0f c1 00", BAD, ANY, ANY, ANY, ANY, ANY, "undefined 3DNow! suffix" },
	{ 64, "8f e9 78 e1 c1", 5, 0, ANY, 0, ANY, 0, "XOP map 9 vphsubbw" },
	{ 64, "8f e8 78 c0 c1 05", 6, 0, ANY, 0, 5, 1, "XOP map 8 vprotb imm8" },
	{ 64, "8f ea 78 10 c0 11 22 33 44", 9, 0, ANY, 0, 5, 4, "XOP map 10 bextr imm32" },
	{ 64, "8f c0", 2, 0, ANY, 0, ANY, 0, "pop rax (8f /0)" },
	{ 64, "8f c8", BAD, ANY, ANY, ANY, ANY, ANY, "8f /1 (not XOP: map 8..10 needed)" },
	{ 64, "0f 20 c0", 3, 0, ANY, 0, ANY, 0, "mov rax, cr0" },
	{ 64, "0f 22 05", 3, 0, ANY, 0, ANY, 0, "mov cr0: mod is ignored" },
	{ 64, "66 0f 78 c0 04 08", 6, 0, ANY, 0, 4, 2, "extrq imm8, imm8" },
	{ 64, "0f 3a 0f c1 08", 5, 0, ANY, 0, 4, 1, "palignr mm0, mm1, 8" },
	{ 64, "66 0f 3a 0f 44 24 10 08", 8, 0, 6, 1, 7, 1, "palignr xmm0, [rsp+16], 8" },
	{ 64, "f2 48 0f 38 f1 c1", 6, 0, ANY, 0, ANY, 0, "crc32 rax, rcx" },
	{ 64, "0f 38 ff c0", BAD, ANY, ANY, ANY, ANY, ANY, "undefined 0f 38 ff" },
	{ 64, "66 66 66 66 66 66 66 66 66 66 66 66 66 66 90", 15, 0, ANY, 0, ANY, 0, "15 bytes" },
	{ 64, "66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 90", BAD, ANY, ANY, ANY, ANY, ANY, "16 bytes" },
	{ 64, "e8 00 00", BAD, ANY, ANY, ANY, ANY, ANY, "truncated" },
	{ 64, "66 2e 0f 1f 84 00 00 00 00 00", 10, 0, 6, 4, ANY, 0, "nopw cs:[rax+rax]" },
	{ 64, "f0 48 0f b1 0f", 5, 0, ANY, 0, ANY, 0, "lock cmpxchg [rdi], rcx" },
	{ 64, "c6 f8 01", 3, 0, ANY, 0, 2, 1, "xabort 1" },
	{ 64, "c7 f8 00 00 00 00", 6, 0, ANY, 0, 2, 4, "xbegin rel32" },
	{ 64, "c6 c8 01", BAD, ANY, ANY, ANY, ANY, ANY, "c6 /1" },
	{ 64, "ff f8", BAD, ANY, ANY, ANY, ANY, ANY, "ff /7" },
	{ 64, "0f 04", BAD, ANY, ANY, ANY, ANY, ANY, "undefined 0f 04" },
	{ 64, "c2 08 00", 3, 0, ANY, 0, 1, 2, "ret 8" },
	{ 64, "48 69 c0 11 22 33 44", 7, 0, ANY, 0, 3, 4, "imul rax, rax, imm32" },
	{ 64, "6b c0 11", 3, 0, ANY, 0, 2, 1, "imul eax, eax, imm8" },
	{ 64, "66 68 11 22", 4, 0, ANY, 0, 2, 2, "push imm16" },
};

/* The located opcode and ModRM, and the prefixes seen. */
struct layout_case {
	int bits;
	const char *hex;
	int nr_prefixes, rex, vex_len, opcode_offset, opcode_len, map, opcode;
	int modrm_offset;         /* -1: no ModRM */
	int has_sib;
};

static const struct layout_case layout_cases[] = {
	{ 64, "66 2e 0f 1f 84 00 00 00 00 00", 2, 0, 0, 2, 2, 1, 0x1f, 4, 1 },
	{ 64, "f2 48 0f 38 f1 c1", 1, 0x48, 0, 2, 3, 2, 0xf1, 5, 0 },
	{ 64, "66 0f 3a 0f 44 24 10 08", 1, 0, 0, 1, 3, 3, 0x0f, 4, 1 },
	{ 64, "48 66 b8 11 22", 1, 0, 0, 2, 1, 0, 0xb8, -1, 0 },
	{ 64, "f0 64 48 0f b1 0f", 2, 0x48, 0, 3, 2, 1, 0xb1, 5, 0 },
	{ 64, "c4 e3 79 4a c2 30", 0, 0, 3, 0, 1, 3, 0x4a, 4, 0 },
	{ 64, "3e c5 f9 70 c1 1b", 1, 0, 2, 1, 1, 1, 0x70, 4, 0 },
	{ 64, "62 f1 7c 48 58 44 24 01", 0, 0, 4, 0, 1, 1, 0x58, 5, 1 },
	{ 64, "8f ea 78 10 c0 11 22 33 44", 0, 0, 3, 0, 1, 10, 0x10, 4, 0 },
	{ 32, "c5 f8 77", 0, 0, 2, 0, 1, 1, 0x77, -1, 0 },
	{ 32, "c5 05 11 22 33 44", 0, 0, 0, 0, 1, 0, 0xc5, 1, 0 },
};

static int run_unit_cases(void)
{
	int failures = 0;

	for (size_t i = 0; i < ARRAY_SIZE(unit_cases); i++) {
		const struct unit_case *t = &unit_cases[i];
		uint8_t buf[32];
		size_t n = parse_hex(t->hex, buf, sizeof(buf));
		struct x86_insn in;
		int r = x86_insn_decode(&in, buf, n, t->bits == 64);
		bool ok;

		if (t->len == BAD)
			ok = r == -EILSEQ;
		else
			ok = r == t->len && in.length == t->len &&
			     (t->rip == ANY || in.rip_relative == t->rip) &&
			     (t->disp_size == ANY || in.disp_size == t->disp_size) &&
			     (t->disp_off == ANY || in.disp_offset == t->disp_off) &&
			     (t->imm_size == ANY || in.imm_size == t->imm_size) &&
			     (t->imm_off == ANY || in.imm_offset == t->imm_off);
		if (!ok) {
			printf("  unit FAIL (%d-bit) %-40s [%s]: got %d (rip %d disp %d@%d imm %d@%d), want %d\n",
			       t->bits, t->what, t->hex, r, r > 0 ? in.rip_relative : -1,
			       r > 0 ? in.disp_size : -1, r > 0 ? in.disp_offset : -1,
			       r > 0 ? in.imm_size : -1, r > 0 ? in.imm_offset : -1, t->len);
			failures++;
		}
	}

	for (size_t i = 0; i < ARRAY_SIZE(layout_cases); i++) {
		const struct layout_case *t = &layout_cases[i];
		uint8_t buf[32];
		size_t n = parse_hex(t->hex, buf, sizeof(buf));
		struct x86_insn in;

		if (x86_insn_decode(&in, buf, n, t->bits == 64) <= 0 ||
		    in.nr_prefixes != t->nr_prefixes || in.rex != t->rex ||
		    in.vex_len != t->vex_len || in.opcode_offset != t->opcode_offset ||
		    in.opcode_len != t->opcode_len || in.map != t->map || in.opcode != t->opcode ||
		    in.has_modrm != (t->modrm_offset >= 0) ||
		    (t->modrm_offset >= 0 && in.modrm_offset != t->modrm_offset) ||
		    in.has_sib != t->has_sib) {
			printf("  unit FAIL layout (%d-bit) [%s]: prefixes %d rex %02x vex %d "
			       "opcode %02x@%d len %d map %d modrm %d@%d sib %d\n",
			       t->bits, t->hex, in.nr_prefixes, in.rex, in.vex_len, in.opcode,
			       in.opcode_offset, in.opcode_len, in.map, in.has_modrm,
			       in.modrm_offset, in.has_sib);
			failures++;
		}
	}

	/* x86_insn_is_boundary: push rbp; mov rbp, rsp; pop rbp; ret */
	static const uint8_t func[] = { 0x55, 0x48, 0x89, 0xe5, 0x5d, 0xc3 };
	static const bool starts[] = { 1, 1, 0, 0, 1, 1, 0, 0 };
	for (size_t off = 0; off < sizeof(starts); off++) {
		if (x86_insn_is_boundary(func, sizeof(func), off, true) != starts[off]) {
			printf("  unit FAIL is_boundary offset %zu\n", off);
			failures++;
		}
	}
	/* a decode error before the offset gives false */
	static const uint8_t bad[] = { 0x06, 0x90 };
	if (x86_insn_is_boundary(bad, sizeof(bad), 1, true) ||
	    !x86_insn_is_boundary(bad, sizeof(bad), 1, false)) {
		printf("  unit FAIL is_boundary after an invalid opcode\n");
		failures++;
	}
	if (x86_insn_decode(NULL, func, 1, true) != -EINVAL ||
	    x86_insn_decode(&(struct x86_insn){ 0 }, func, 0, true) != -EINVAL) {
		printf("  unit FAIL bad arguments\n");
		failures++;
	}
	printf("unit cases: %zu, failures: %d\n",
	       ARRAY_SIZE(unit_cases) + ARRAY_SIZE(layout_cases) + sizeof(starts) + 2, failures);
	return failures;
}

/* ---- disagreements, the allow-list, and classes ---- */

enum kind { K_LENGTH, K_WE_REJECT, K_CS_REJECTS };
static const char *const kind_names[] = {
	"length differs", "Capstone decodes, we reject", "we decode, Capstone rejects",
};

struct dis {                    /* one disagreement */
	bool m64;
	enum kind kind;
	const uint8_t *b;           /* the bytes */
	size_t n;
	int cs_len;                 /* 0 if Capstone rejected them */
	const char *mnem, *ops;     /* Capstone's, if it decoded */
	int our_len;                /* ours, or -EILSEQ */
	const struct x86_insn *in;  /* ours, if we decoded */
};

/* Our length for the same bytes with every prefix byte `from` replaced by `to`. */
static int ours_with_prefix(const struct dis *d, uint8_t from, uint8_t to)
{
	uint8_t buf[64];
	struct x86_insn in;
	size_t n = MIN(d->n, sizeof(buf));

	memcpy(buf, d->b, n);
	for (size_t i = 0; i < d->in->opcode_offset; i++)
		if (buf[i] == from)
			buf[i] = to;
	return x86_insn_decode(&in, buf, n, d->m64);
}

/*
 * The allow-list: differences where Capstone 4.0.2 is wrong.  Each was
 * checked against the Intel SDM and against objdump 2.40
 * (objdump -D -b binary -m i386 / -m i386:x86-64 -M intel64), which
 * gives our length in every case but the last (where it is as lenient
 * as Capstone).  Each matcher is narrow: it names the opcode or prefixes
 * involved and the exact length Capstone gives.
 */

/*
 * 66 e8 rel32 in 64-bit mode.  Capstone (like AMD CPUs) lets 66 shrink
 * a near CALL/JMP/Jcc to rel16.  Intel CPUs ignore 66 there: the SDM
 * fixes the operand size of near branches at 64 bits in 64-bit mode, so
 * the rel32 stays (objdump -M intel64: "data16 call rel32").
 */
static bool cs_branch16_in_64(const struct dis *d)
{
	const struct x86_insn *in = d->in;

	return d->kind == K_LENGTH && d->m64 && in->opsize_prefix &&
	       ((in->map == 0 && (in->opcode == 0xe8 || in->opcode == 0xe9)) ||
		(in->map == 1 && (in->opcode & 0xf0) == 0x80)) &&
	       d->cs_len == d->our_len - 2;
}

/*
 * UD1 (0f b9) and UD0 (0f ff) have a ModRM byte (SDM, UD0/UD1/UD2 page,
 * since 2017; objdump "ud1 (%rax),%eax").  Capstone 4 decodes them as two
 * bytes, stopping before the ModRM.
 */
static bool cs_ud_without_modrm(const struct dis *d)
{
	const struct x86_insn *in = d->in;

	return d->kind == K_LENGTH && in->map == 1 &&
	       (in->opcode == 0xb9 || in->opcode == 0xff) &&
	       d->cs_len == in->modrm_offset;
}

/*
 * A 66 prefix followed by another prefix (f2, f3 or 67): Capstone takes
 * the 66 for a mandatory SSE prefix superseded by the later one and
 * drops it, even on PUSH imm / CALL rel / 0f 78.  The SDM makes 66 the
 * operand-size prefix there whatever follows: "66 f2 68 iw" is
 * "repnz pushw imm16" (objdump), 5 bytes, not 7.  The check: Capstone's
 * length is ours with the 66 turned into a no-op DS prefix.
 */
static bool cs_drops_66(const struct dis *d)
{
	const struct x86_insn *in = d->in;

	if (d->kind != K_LENGTH)
		return false;
	const uint8_t *p66 = memchr(d->b, 0x66, in->opcode_offset);
	size_t i, after = p66 ? (size_t)(p66 - d->b) + 1 : in->opcode_offset;

	for (i = after; i < in->opcode_offset; i++)
		if (d->b[i] == 0xf2 || d->b[i] == 0xf3 || d->b[i] == 0x67)
			break;
	return i < in->opcode_offset && d->cs_len == ours_with_prefix(d, 0x66, 0x3e);
}

/*
 * 67 with REX.W in 64-bit mode: Capstone applies the 67 as if it were an
 * operand-size prefix: "67 48 e8 rel32" becomes a 5-byte call rel16 and
 * "67 48 0f 78 c0" the 66-only EXTRQ with two imm8s.  67 only changes
 * the address size (objdump: "addr32 rex.W call rel32", "addr32 rex.W
 * vmread %rax,%rax").
 */
static bool cs_67_rexw_as_66(const struct dis *d)
{
	const struct x86_insn *in = d->in;

	if (d->kind != K_LENGTH)
		return false;
	bool branch = (in->map == 0 && in->opcode == 0xe8) ||
		      (in->map == 0 && in->opcode == 0xe9) ||
		      (in->map == 1 && (in->opcode & 0xf0) == 0x80);
	bool vmread = in->map == 1 && in->opcode == 0x78;

	return d->m64 && in->addrsize_prefix && (in->rex & 8) &&
	       ((branch && d->cs_len == d->our_len - 2) ||
		(vmread && d->cs_len == d->our_len + 2));
}

/*
 * RET imm16 (c2 iw) with REX.W and 66 or 67: Capstone prints the right
 * imm16 but reports a length 2 bytes too long.  RET's immediate is always
 * 16 bits (SDM: "C2 iw"); objdump: "data16 rex.W ret $0x119e", 5 bytes.
 */
static bool cs_ret_rexw(const struct dis *d)
{
	const struct x86_insn *in = d->in;

	return d->kind == K_LENGTH && in->map == 0 && in->opcode == 0xc2 &&
	       (in->opsize_prefix || in->addrsize_prefix) && (in->rex & 8) &&
	       d->cs_len == d->our_len + 2;
}

/*
 * EVEX register-register form with EVEX.b set (static rounding, "{rn-sae}"
 * etc.): Capstone reports one byte more than the instruction has.  The
 * rounding mode lives in EVEX.L'L; nothing follows the ModRM byte
 * (SDM 2.7.1, "static rounding"; objdump: "62 f2 f5 78 a8 e2
 * vfmadd213pd {rz-sae},%zmm2,%zmm1,%zmm4", 6 bytes).
 */
static bool cs_evex_rounding(const struct dis *d)
{
	const struct x86_insn *in = d->in;

	return d->kind == K_LENGTH && in->vex_len == 4 && (in->modrm >> 6) == 3 &&
	       (d->b[in->opcode_offset + 3] & 0x10) && d->cs_len == d->our_len + 1;
}

/*
 * 66, f2, f3 or LOCK before a VEX/EVEX prefix, or a REX right before it:
 * the SDM (2.3.2, and 2.7 for EVEX) makes such an instruction #UD, so we
 * reject it; Capstone (and objdump: "repz vmovdqa32") decode it as if the
 * prefix were not there.  The check: Capstone's length is what we give
 * the bytes with those prefixes made no-op segment prefixes.  Such bytes
 * turn up in real code only where the linear walk is out of step with
 * the instructions (data in .text, a window starting mid-instruction).
 */
static bool cs_prefix_before_vex(const struct dis *d)
{
	uint8_t buf[64];
	struct x86_insn in;
	size_t n = MIN(d->n, sizeof(buf)), i;

	if (d->kind != K_WE_REJECT)
		return false;
	memcpy(buf, d->b, n);
	for (i = 0; i < n && i < 14; i++) {
		uint8_t b = buf[i];
		if (b == 0x66 || b == 0xf0 || b == 0xf2 || b == 0xf3 || (d->m64 && (b & 0xf0) == 0x40))
			buf[i] = 0x3e;
		else if (!strchr("\x26\x2e\x36\x3e\x64\x65\x67", b) || b == 0)
			break;
	}
	/* i: the opcode; it must be VEX, EVEX or XOP for this entry */
	bool vex = i + 1 < n && (buf[i] == 0xc4 || buf[i] == 0xc5 || buf[i] == 0x62 ||
				 (buf[i] == 0x8f && (buf[i + 1] & 0x1f) >= 8)) &&
		   (d->m64 || buf[i] == 0x8f || (buf[i + 1] & 0xc0) == 0xc0);
	return vex && memcmp(buf, d->b, i) != 0 &&
	       x86_insn_decode(&in, buf, n, d->m64) == d->cs_len;
}

struct allow {
	const char *id;
	const char *reason;
	bool (*match)(const struct dis *d);   /* d->in is set if d->kind == K_LENGTH */
};

static const struct allow allow_list[] = {
	{ "66 on near branches in 64-bit mode",
	  "Capstone shrinks CALL/JMP/Jcc to rel16 (AMD); Intel ignores 66 there, rel32 stays",
	  cs_branch16_in_64 },
	{ "UD0/UD1 ModRM",
	  "0f ff and 0f b9 have a ModRM byte (SDM, objdump); Capstone 4 stops after 2 bytes",
	  cs_ud_without_modrm },
	{ "66 followed by f2/f3/67",
	  "Capstone drops the 66 as a superseded mandatory prefix; it is the operand-size prefix",
	  cs_drops_66 },
	{ "67 with REX.W",
	  "Capstone applies 67 as an operand-size override when REX.W is present",
	  cs_67_rexw_as_66 },
	{ "RET imm16 with REX.W and 66 or 67",
	  "Capstone reports 2 extra bytes; RET's immediate is always imm16",
	  cs_ret_rexw },
	{ "EVEX static rounding",
	  "Capstone reports 1 extra byte for reg-reg EVEX with EVEX.b (rounding is in L'L)",
	  cs_evex_rounding },
	{ "66/f2/f3/LOCK/REX before VEX/EVEX",
	  "#UD per the SDM, so we reject it; Capstone ignores the prefix",
	  cs_prefix_before_vex },
};

/*
 * An encoding we accept and Capstone rejects has no reference length.
 * Most are encodings the CPU leaves undefined although their opcode is
 * defined (LOCK on a non-lockable instruction, a mandatory prefix that an
 * SSE opcode does not take, a ModRM.reg that a group leaves undefined, a
 * memory operand for a register-only instruction, a VEX opcode with the
 * wrong L or W): the decoder checks validity per opcode only (see
 * insn.h).  For those we look for a valid neighbour: the same bytes with
 * some f0/f2/f3/66/REX prefixes removed or a 66/f3/f2 added, another VEX
 * pp/L/W, another ModRM.reg, or a register or plain memory operand.  If
 * Capstone and we both give a neighbour exactly the length that our
 * decoding of the original predicts, our length is corroborated.
 *
 * The rest are opcodes that Capstone does not know in any form; we
 * list those for review (they are undefined, or newer than Capstone).
 */
static int cs_len_of(csh cs, cs_insn *ci, const uint8_t *b, size_t n)
{
	uint64_t addr = 0x1000;

	return cs_disasm_iter(cs, &b, &n, &addr, ci) ? ci->size : 0;
}

/* Which kind of encoding an instruction we decoded uses. */
enum enc { E_LEGACY, E_VEX, E_EVEX, E_XOP };
static const char *const enc_names[] = { "legacy", "VEX", "EVEX", "XOP" };

static enum enc enc_of(const uint8_t *b, const struct x86_insn *in)
{
	if (in->vex_len == 4)
		return E_EVEX;
	if (in->vex_len)
		return b[in->opcode_offset] == 0x8f ? E_XOP : E_VEX;
	return E_LEGACY;
}

/*
 * Does Capstone know this opcode in some form?  Tries every mandatory
 * prefix (or VEX pp), L, W and ModRM.reg, with register and memory
 * operands.  Cached: [m64][enc][map][opcode], 0 = not asked yet.
 */
static int8_t known_cache[2][4][11][256];

static bool cs_knows_opcode(csh cs, cs_insn *ci, bool m64, enum enc enc, int map, int op)
{
	int8_t *k = &known_cache[m64][enc][map][op];
	static const uint8_t escapes[4][2] = { { 0 }, { 0x0f }, { 0x0f, 0x38 }, { 0x0f, 0x3a } };
	static const uint8_t legacy_pfx[4] = { 0, 0x66, 0xf3, 0xf2 };
	int variants = enc == E_LEGACY ? 4 : enc == E_EVEX ? 24 : 16;

	if (*k)
		return *k > 0;
	*k = -1;
	for (int v = 0; v < variants; v++) {
		for (int modrm = 0; modrm < 256; modrm += 8) {
			uint8_t buf[40];
			size_t n = 0;
			int pp = v & 3, l = v >> 2 & 1, w = v >> 3 & 1;

			if (enc == E_LEGACY) {
				if (legacy_pfx[v])
					buf[n++] = legacy_pfx[v];
				for (int i = 0; i < 2 && escapes[map][i]; i++)
					buf[n++] = escapes[map][i];
			} else if (enc == E_EVEX) {   /* v = 8 * L'L (0..2) + 4 * W + pp */
				buf[n++] = 0x62;
				buf[n++] = 0xf0 | map;
				buf[n++] = (v >> 2 & 1) << 7 | 0x7c | pp;
				buf[n++] = (v >> 3) << 5 | 0x08;
			} else {
				if (enc == E_XOP && pp)
					continue;             /* XOP's pp must be 0 */
				buf[n++] = enc == E_XOP ? 0x8f : 0xc4;
				buf[n++] = 0xe0 | map;
				buf[n++] = w << 7 | 0x78 | l << 2 | pp;
			}
			buf[n++] = op;
			buf[n++] = modrm & 0xc0 ? (modrm | 0xc0) : modrm;  /* mod 00 or 11 */
			memcpy(buf + n, filler, sizeof(filler));
			if (cs_len_of(cs, ci, buf, n + sizeof(filler))) {
				*k = 1;
				return true;
			}
		}
	}
	return false;
}

static const char *find_neighbour(csh cs, cs_insn *ci, const uint8_t *b, size_t n, bool m64,
				  const struct x86_insn *in)
{
	static const uint8_t add_pfx[4] = { 0, 0x66, 0xf3, 0xf2 };
	size_t drop_pos[4], nd = 0;
	uint8_t buf[64];

	n = MIN(n, sizeof(buf) - 1);
	for (size_t i = 0; i < in->opcode_offset && nd < 4; i++)
		if (b[i] == 0xf0 || b[i] == 0xf2 || b[i] == 0xf3 || b[i] == 0x66 ||
		    (m64 && (b[i] & 0xf0) == 0x40))
			drop_pos[nd++] = i;
	/* An added prefix goes last, before a REX (Capstone mishandles a
	 * 66 followed by other prefixes, see the allow-list). */
	size_t ins_at = in->opcode_offset;
	if (in->rex)
		ins_at--;

	int nadd = in->vex_len ? 1 : 4;
	int nvex = in->vex_len == 4 ? 32 : in->vex_len ? 16 : 1;
	int nrm = in->has_modrm ? 24 : 1;
	for (unsigned drop = 0; drop < 1u << nd; drop++)
	for (int add = 0; add < nadd; add++)
	for (int v = 0; v < nvex; v++)
	for (int r = 0; r < nrm; r++) {
		size_t len = 0;
		int shift = 0, expect = in->length;   /* shift: bytes added before the opcode */

		if (!drop && !add && !v && !r)
			continue;     /* that is the original */
		/* prefixes: drop some, add one */
		for (size_t i = 0; i < n; i++) {
			bool skip = false;
			if (i == ins_at && add_pfx[add]) {
				buf[len++] = add_pfx[add];
				shift++;
			}
			for (size_t k = 0; k < nd; k++)
				skip |= (drop >> k & 1) && drop_pos[k] == i;
			if (skip)
				shift--;
			else
				buf[len++] = b[i];
		}
		expect += shift;
		size_t op = in->opcode_offset + shift;
		if (v) {
			/*
			 * v = W:L:pp.  pp and L are in the last VEX byte (bits
			 * 1:0 and 2), W in bit 7 of the same byte (not in
			 * VEX2).  EVEX keeps W and pp in P1, L'L in P2 6:5
			 * (where we clear z and b, set V' and, for v >= 16,
			 * clear the mask register).  Some instructions need
			 * vvvv = 1111 (unused): set it.
			 */
			size_t p = op + (in->vex_len == 2 ? 1 : 2);
			buf[p] = (buf[p] & ~0x03) | (v & 3) | 0x78;  /* vvvv unused */
			if (in->vex_len == 4)   /* also: no z, no b, V'=1, mask? */
				buf[p + 1] = (v & 16 ? 0 : buf[p + 1] & 0x07) | 0x08 |
					     ((v & 4) ? 0x40 : 0);
			else
				buf[p] = (buf[p] & ~0x04) | (v & 4);
			if (in->vex_len != 2)
				buf[p] = (buf[p] & 0x7f) | ((v & 8) ? 0x80 : 0);
		}
		if (r) {   /* r = 8 * form + reg */
			size_t mp = in->modrm_offset + shift;
			int form = r / 8, reg = r % 8;
			if (form == 0) {
				buf[mp] = (buf[mp] & 0xc7) | reg << 3;
			} else {
				/* mod=11, or mod=00 rm=000: no SIB, no disp */
				buf[mp] = (form == 1 ? 0xc0 : 0x00) | reg << 3;
				expect -= in->has_sib + in->disp_size;
			}
		}
		struct x86_insn nin;
		if (cs_len_of(cs, ci, buf, len) == expect &&
		    x86_insn_decode(&nin, buf, len, m64) == expect) {
			static char what[160];
			snprintf(what, sizeof(what), "%s%s%s%s",
				 drop ? "without some f0/f2/f3/66/REX prefixes, " : "",
				 add ? "with a 66/f3/f2 prefix added, " : "",
				 v ? "with another VEX pp/L/W, " : "",
				 r >= 8 ? "with a register or plain memory operand, " :
				 r ? "with another ModRM.reg, " : "");
			what[strlen(what) - 2] = 0;
			return what;
		}
	}
	return NULL;
}

/* A class of disagreements: counts and a few examples. */
enum section {
	S_EXPLAINED, S_UNEXPLAINED, S_CORROBORATED, S_UNCORROBORATED, S_UNKNOWN_OPCODE,
	NR_SECTIONS
};
#define MAX_EXAMPLES 3
struct dclass {
	char key[160];
	enum section section;
	const char *reason;          /* allow-list reason, or NULL */
	long count;
	char *examples[MAX_EXAMPLES];
};

#define NR_SLOTS 16384
static struct dclass classes[NR_SLOTS];
static long nr_classes;
static long section_count[NR_SECTIONS][2];   /* [section][m64] */
static long unknown_count[2][4][11][256];    /* S_UNKNOWN_OPCODE by opcode */

static unsigned hash_str(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static struct dclass *find_class(const char *key)
{
	unsigned h = hash_str(key) % NR_SLOTS;

	while (classes[h].key[0] && strcmp(classes[h].key, key))
		h = (h + 1) % NR_SLOTS;
	if (!classes[h].key[0]) {
		if (nr_classes >= NR_SLOTS - 1) {
			fprintf(stderr, "too many disagreement classes\n");
			exit(2);
		}
		snprintf(classes[h].key, sizeof(classes[h].key), "%s", key);
		nr_classes++;
	}
	return &classes[h];
}

static void record(const struct dis *d, enum section sec, const char *what,
		   const char *reason, const char *origin)
{
	char key[160], hex[64], ex[256];
	const char *map_names[] = { "", "0f ", "0f38 ", "0f3a " };

	if (sec == S_EXPLAINED)
		snprintf(key, sizeof(key), "%s", what);
	else if (sec == S_CORROBORATED)
		snprintf(key, sizeof(key), "%d-bit: valid %s", d->m64 ? 64 : 32, what);
	else if (d->kind == K_CS_REJECTS)
		snprintf(key, sizeof(key), "%d-bit: %s %s%02x", d->m64 ? 64 : 32,
			 enc_names[enc_of(d->b, d->in)],
			 d->in->vex_len ? "" : map_names[d->in->map], d->in->opcode);
	else
		snprintf(key, sizeof(key), "%d-bit: %s: %s", d->m64 ? 64 : 32,
			 kind_names[d->kind], d->mnem);
	if (d->kind == K_CS_REJECTS && d->in->vex_len)
		snprintf(key + strlen(key), sizeof(key) - strlen(key), " map %d", d->in->map);
	if (strncmp(origin, "sweep", 5) != 0)
		snprintf(key + strlen(key), sizeof(key) - strlen(key), " [real code]");
	if (sec == S_UNKNOWN_OPCODE)
		unknown_count[d->m64][enc_of(d->b, d->in)][d->in->map][d->in->opcode]++;

	struct dclass *c = find_class(key);
	c->section = sec;
	c->reason = reason;
	if (c->count < MAX_EXAMPLES) {
		hex_string(d->b, MIN(d->n, 15), hex, sizeof(hex));
		snprintf(ex, sizeof(ex), "%d-bit %-44s capstone: %s%s%s (%d)  ours: %d  [%s]",
			 d->m64 ? 64 : 32, hex, d->cs_len ? d->mnem : "<invalid>",
			 d->cs_len ? " " : "", d->cs_len ? d->ops : "", d->cs_len,
			 d->our_len, origin);
		c->examples[c->count] = strdup(ex);
	}
	c->count++;
	section_count[sec][d->m64]++;
}

/* ---- comparing one instruction ---- */

struct mode {
	bool m64;
	csh cs, cs2;             /* cs2: for the neighbour search */
	cs_insn *ci, *ci2;
	long compared, both_reject, agree, cs_rejects;   /* per part */
};

/*
 * Decode buf with both decoders and record any disagreement.  Returns
 * Capstone's length, or 0 if Capstone rejected the bytes.
 */
static int compare(struct mode *m, const uint8_t *buf, size_t n, const char *origin)
{
	struct x86_insn in;
	int ours = x86_insn_decode(&in, buf, n, m->m64);
	int cs_len = cs_len_of(m->cs, m->ci, buf, n);

	if (!cs_len && ours < 0) {
		m->both_reject++;
		return 0;
	}
	if (cs_len)
		m->compared++;
	else
		m->cs_rejects++;
	if (ours == cs_len) {
		m->agree++;
		return cs_len;
	}

	struct dis d = {
		.m64 = m->m64, .b = buf, .n = n, .cs_len = cs_len,
		.mnem = cs_len ? m->ci->mnemonic : "", .ops = cs_len ? m->ci->op_str : "",
		.our_len = ours, .in = ours > 0 ? &in : NULL,
		.kind = !cs_len ? K_CS_REJECTS : ours < 0 ? K_WE_REJECT : K_LENGTH,
	};
	if (d.kind == K_CS_REJECTS) {
		enum enc enc = enc_of(buf, &in);
		const char *what = NULL;
		if (!cs_knows_opcode(m->cs2, m->ci2, m->m64, enc, in.map, in.opcode))
			record(&d, S_UNKNOWN_OPCODE, NULL, NULL, origin);
		else if ((what = find_neighbour(m->cs2, m->ci2, buf, n, m->m64, &in)))
			record(&d, S_CORROBORATED, what, NULL, origin);
		else
			record(&d, S_UNCORROBORATED, NULL, NULL, origin);
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(allow_list); i++) {
		if (allow_list[i].match(&d)) {
			record(&d, S_EXPLAINED, allow_list[i].id, allow_list[i].reason, origin);
			return cs_len;
		}
	}
	record(&d, S_UNEXPLAINED, NULL, NULL, origin);
	return cs_len;
}

/* ---- 2. the exhaustive sweep ---- */

static const char *const prefixes32[] = {
	"", "66", "67", "f2", "f3", "f0", "2e", "66 67", "f2 66",
};
static const char *const prefixes64[] = {
	"", "66", "67", "f2", "f3", "f0", "2e", "48", "40", "41",
	"66 48", "48 66", "67 48", "f3 48",
};

/* The opcode escapes of the legacy maps. */
static const char *const legacy_maps[] = { "", "0f", "0f 38", "0f 3a" };

/*
 * VEX, EVEX and XOP headers (without the opcode), with assorted W, L,
 * pp and map values.  The inverted R/X bits are 1, so they are VEX/EVEX
 * in 32-bit mode too.
 */
static const char *const vex_headers[] = {
	"c5 f8", "c5 f9", "c5 fa", "c5 fb", "c5 fd",
	"c4 e1 78", "c4 e1 79", "c4 e1 7a", "c4 e1 7b", "c4 e1 fd",
	"c4 e2 78", "c4 e2 79", "c4 e2 7a", "c4 e2 7b", "c4 e2 f9", "c4 e2 fd",
	"c4 e3 79", "c4 e3 f9", "c4 e3 7d", "c4 e3 7b",
	"c4 e4 79", "c4 e0 79",                             /* bad maps */
	"62 f1 7c 48", "62 f1 fd 48", "62 f1 7d 08", "62 f1 7e 28", "62 f1 7f 48",
	"62 f2 7d 48", "62 f2 fd 08", "62 f2 7e 28", "62 f2 7f 48",
	"62 f3 7d 48", "62 f3 fd 08", "62 f3 7c 28",
	"62 f1 78 48", "62 f4 7d 48",                       /* bad bit, bad map */
	"8f e8 78", "8f e9 78", "8f ea 78", "8f e9 f8", "8f ea f8", "8f eb 78",
};

/* ModRM patterns (reg = 0): every mod, SIB and displacement form. */
struct pattern { uint8_t b[2]; int n; };
static const struct pattern mem_patterns[] = {
	{ { 0x00 }, 1 },         /* [reg] */
	{ { 0x04, 0x25 }, 2 },   /* SIB, no base, no index: disp32 */
	{ { 0x04, 0x05 }, 2 },   /* SIB, index, no base: disp32 */
	{ { 0x04, 0x00 }, 2 },   /* SIB, base and index */
	{ { 0x05 }, 1 },         /* disp32 / RIP-relative */
	{ { 0x06 }, 1 },         /* 16-bit addressing: disp16 */
	{ { 0x40 }, 1 },         /* disp8 */
	{ { 0x44, 0x24 }, 2 },   /* SIB + disp8 */
	{ { 0x46 }, 1 },         /* 16-bit [bp+disp8] */
	{ { 0x80 }, 1 },         /* disp32 (16-bit: disp16) */
	{ { 0x84, 0x24 }, 2 },   /* SIB + disp32 */
};

static long sweep_count;

/* Compare head + every ModRM pattern (with all reg values) + filler. */
static void sweep_modrm(struct mode *m, const uint8_t *head, size_t hn, bool all_regs,
			const char *origin)
{
	uint8_t buf[48];

	memcpy(buf, head, hn);
	for (int reg = 0; reg < 8; reg++) {
		if (!all_regs && reg > 1)
			break;
		size_t np = ARRAY_SIZE(mem_patterns);
		for (size_t i = 0; i < np + 8; i++) {
			size_t n = hn;
			if (i < np) {
				buf[n] = mem_patterns[i].b[0] | reg << 3;
				if (mem_patterns[i].n > 1)
					buf[n + 1] = mem_patterns[i].b[1];
				n += mem_patterns[i].n;
			} else {
				buf[n++] = 0xc0 | reg << 3 | (i - np);   /* mod=11, rm 0..7 */
			}
			memcpy(buf + n, filler, sizeof(filler));
			n += sizeof(filler);
			compare(m, buf, n, origin);
			sweep_count++;
		}
	}
}

static void sweep(struct mode *m)
{
	const char *const *prefixes = m->m64 ? prefixes64 : prefixes32;
	size_t nr_prefixes = m->m64 ? ARRAY_SIZE(prefixes64)
				    : ARRAY_SIZE(prefixes32);
	uint8_t head[16];

	for (size_t p = 0; p < nr_prefixes; p++) {
		for (size_t map = 0; map < 4; map++) {
			for (int op = 0; op < 256; op++) {
				size_t n = parse_hex(prefixes[p], head, sizeof(head));
				n += parse_hex(legacy_maps[map], head + n, sizeof(head) - n);
				head[n++] = op;
				sweep_modrm(m, head, n, true, "sweep");
			}
		}
	}
	for (size_t v = 0; v < ARRAY_SIZE(vex_headers); v++) {
		for (int op = 0; op < 256; op++) {
			size_t n = parse_hex(vex_headers[v], head, sizeof(head));
			head[n++] = op;
			/* all ModRM.reg values only for the 0f map's groups */
			sweep_modrm(m, head, n, op >= 0x70 && op <= 0x73, "sweep-vex");
		}
	}
}

/* ---- 3. real code from ELF files ---- */

/*
 * Walk code linearly, Capstone leading: where Capstone cannot decode a
 * byte (data in .text, or a window that starts mid-instruction) skip one
 * byte without counting it; x86 code resynchronizes within a few
 * instructions.
 */
static void walk_code(struct mode *m, const uint8_t *code, size_t size, long *left,
		      const char *origin)
{
	size_t pos = 0;

	while (pos < size && *left > 0) {
		int len = compare(m, code + pos, size - pos, origin);
		if (len == 0) {
			pos++;
			continue;
		}
		pos += len;
		(*left)--;
	}
}

/* The executable sections of an ELF file of the mode's class and machine. */
struct code_sec { uint64_t off, size; };

static int exec_sections(const uint8_t *img, size_t size, bool m64, struct code_sec *sec, int max)
{
	int n = 0;

	if (size < sizeof(Elf64_Ehdr) || memcmp(img, ELFMAG, SELFMAG) != 0)
		return 0;
	if (m64 && img[EI_CLASS] == ELFCLASS64) {
		const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
		const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
		if (eh->e_machine != EM_X86_64 || eh->e_shentsize != sizeof(*sh) ||
		    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) > size)
			return 0;
		for (int i = 0; i < eh->e_shnum && n < max; i++)
			if (sh[i].sh_type == SHT_PROGBITS && (sh[i].sh_flags & SHF_EXECINSTR) &&
			    sh[i].sh_offset + sh[i].sh_size <= size)
				sec[n].off = sh[i].sh_offset, sec[n++].size = sh[i].sh_size;
	} else if (!m64 && img[EI_CLASS] == ELFCLASS32) {
		const Elf32_Ehdr *eh = (const Elf32_Ehdr *)img;
		const Elf32_Shdr *sh = (const Elf32_Shdr *)(img + eh->e_shoff);
		if (eh->e_machine != EM_386 || eh->e_shentsize != sizeof(*sh) ||
		    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) > size)
			return 0;
		for (int i = 0; i < eh->e_shnum && n < max; i++)
			if (sh[i].sh_type == SHT_PROGBITS && (sh[i].sh_flags & SHF_EXECINSTR) &&
			    (uint64_t)sh[i].sh_offset + sh[i].sh_size <= size)
				sec[n].off = sh[i].sh_offset, sec[n++].size = sh[i].sh_size;
	}
	return n;
}

struct elf_file { char *path; uint64_t code_size; };

static int cmp_code_size(const void *a, const void *b)
{
	const struct elf_file *x = a, *y = b;
	if (x->code_size != y->code_size)
		return x->code_size < y->code_size ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Map a file read-only; NULL if it cannot be. */
static uint8_t *map_file(const char *path, size_t *size)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	void *img;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		close(fd);
		return NULL;
	}
	img = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	*size = st.st_size;
	return img == MAP_FAILED ? NULL : img;
}

/*
 * The ELF files of the mode in some directories, each once (not again
 * through another name), smallest code first.
 */
static struct elf_file *list_elf_files(const char *const *dirs, bool m64, size_t *count)
{
	static struct { dev_t dev; ino_t ino; } seen[1 << 14];
	struct elf_file *files = NULL;
	size_t nseen = 0, n = 0;

	for (; *dirs; dirs++) {
		DIR *dir = opendir(*dirs);
		struct dirent *e;
		char **names = NULL;
		size_t nn = 0;

		if (!dir)
			continue;
		while ((e = readdir(dir))) {
			names = realloc(names, (nn + 1) * sizeof(*names));
			names[nn++] = strdup(e->d_name);
		}
		closedir(dir);
		qsort(names, nn, sizeof(*names), cmp_names);
		for (size_t i = 0; i < nn; i++) {
			char path[4096];
			struct stat st;
			struct code_sec sec[64];
			size_t k, size;
			uint8_t *img;

			snprintf(path, sizeof(path), "%s/%s", *dirs, names[i]);
			free(names[i]);
			if (stat(path, &st) || !S_ISREG(st.st_mode))
				continue;
			for (k = 0; k < nseen; k++)
				if (seen[k].dev == st.st_dev && seen[k].ino == st.st_ino)
					break;
			if (k < nseen || nseen == ARRAY_SIZE(seen))
				continue;
			seen[nseen].dev = st.st_dev;
			seen[nseen++].ino = st.st_ino;
			if (!(img = map_file(path, &size)))
				continue;
			int nsec = exec_sections(img, size, m64, sec, ARRAY_SIZE(sec));
			uint64_t code = 0;
			for (int j = 0; j < nsec; j++)
				code += sec[j].size;
			munmap(img, size);
			if (!code)
				continue;
			files = realloc(files, (n + 1) * sizeof(*files));
			files[n].path = strdup(path);
			files[n++].code_size = code;
		}
		free(names);
	}
	qsort(files, n, sizeof(*files), cmp_code_size);
	*count = n;
	return files;
}

/*
 * Compare `budget` instructions of real code, spread evenly over all the
 * ELF files of the mode found in dirs.  Files are visited smallest code
 * first, each taking an equal share of what is left, so the budget a
 * small file cannot use goes to the bigger ones.  Within a file, each
 * executable section is visited in WINDOWS windows spread over it (not
 * just its start, which is much the same startup code everywhere).
 */
#define WINDOWS 4

static long walk_dirs(struct mode *m, const char *const *dirs, long budget, int *nr_files)
{
	size_t n;
	struct elf_file *files = list_elf_files(dirs, m->m64, &n);
	long done = 0;

	for (size_t i = 0; i < n; i++) {
		long share = (budget - done) / (long)(n - i), used = 0;
		struct code_sec sec[64];
		size_t size;
		uint8_t *img = map_file(files[i].path, &size);
		int nsec = img ? exec_sections(img, size, m->m64, sec, ARRAY_SIZE(sec)) : 0;

		for (int j = 0; j < nsec; j++) {
			for (int w = 0; w < WINDOWS; w++) {
				/* an equal share of what this file has left */
				long left = (share - used) / ((nsec - j) * WINDOWS - w), want = left;
				uint64_t from = sec[j].size * w / WINDOWS;
				walk_code(m, img + sec[j].off + from,
					  sec[j].size * (w + 1) / WINDOWS - from, &left, files[i].path);
				used += want - left;
			}
		}
		if (img)
			munmap(img, size);
		done += used;
		*nr_files += used > 0;
		free(files[i].path);
	}
	free(files);
	return done;
}

static const char *const dirs64[] = { "/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu", NULL };
static const char *const dirs32[] = {
	"/usr/lib32", "/usr/lib32/gconv", "/usr/libexec/valgrind",
	"/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux", "/usr/lib/gcc/x86_64-linux-gnu/12/32", NULL,
};

/* ---- report ---- */

static int by_count(const void *a, const void *b)
{
	const struct dclass *x = *(const struct dclass *const *)a, *y = *(const struct dclass *const *)b;
	return (y->count > x->count) - (y->count < x->count);
}

static void report_section(enum section sec, const char *title, int max_classes)
{
	struct dclass **list = malloc(sizeof(*list) * (nr_classes + 1));
	long n = 0;

	printf("\n%s: %ld (32-bit %ld, 64-bit %ld)\n", title,
	       section_count[sec][0] + section_count[sec][1],
	       section_count[sec][0], section_count[sec][1]);
	for (long i = 0; i < NR_SLOTS; i++)
		if (classes[i].key[0] && classes[i].section == sec)
			list[n++] = &classes[i];
	qsort(list, n, sizeof(*list), by_count);
	for (long i = 0; i < n; i++) {
		if (i == max_classes) {
			printf("  ... %ld more classes (run with ALLCLASSES=1 to list them)\n", n - i);
			break;
		}
		printf("  %7ld  %s\n", list[i]->count, list[i]->key);
		if (list[i]->reason)
			printf("           reason: %s\n", list[i]->reason);
		for (int j = 0; j < MAX_EXAMPLES && j < list[i]->count; j++)
			printf("           e.g. %s\n", list[i]->examples[j]);
	}
	free(list);
}

/*
 * Opcodes that Capstone knows in no form, per map.  The legacy ones are
 * instructions newer than Capstone 4.0.2 (objdump 2.40 decodes them with
 * our lengths); the VEX/EVEX/XOP ones are mostly undefined opcodes, as
 * the decoder does not check VEX opcode validity (see insn.h).
 */
static const struct { int map, op; const char *name; } newer_than_capstone[] = {
	{ 2, 0xcf, "GF2P8MULB" }, { 2, 0xf5, "WRUSS" }, { 2, 0xf8, "MOVDIR64B/ENQCMD" },
	{ 2, 0xf9, "MOVDIRI" }, { 3, 0xce, "GF2P8AFFINEQB" }, { 3, 0xcf, "GF2P8AFFINEINVQB" },
};

static void report_unknown_opcodes(bool all)
{
	static const char *const legacy_maps_names[] = { "one-byte", "0f", "0f 38", "0f 3a" };

	printf("\ninfo, not compared: only we decode; Capstone knows no form of the opcode: "
	       "%ld (32-bit %ld, 64-bit %ld)\n",
	       section_count[S_UNKNOWN_OPCODE][0] + section_count[S_UNKNOWN_OPCODE][1],
	       section_count[S_UNKNOWN_OPCODE][0], section_count[S_UNKNOWN_OPCODE][1]);
	for (int m64 = 0; m64 < 2; m64++)
	for (int enc = 0; enc < 4; enc++)
	for (int map = 0; map < 11; map++) {
		long samples = 0;
		int nops = 0;
		for (int op = 0; op < 256; op++) {
			samples += unknown_count[m64][enc][map][op];
			nops += unknown_count[m64][enc][map][op] > 0;
		}
		if (!nops)
			continue;
		if (enc == E_LEGACY)
			printf("  %7ld  %d-bit legacy %s map: %d opcodes", samples,
			       m64 ? 64 : 32, legacy_maps_names[map], nops);
		else
			printf("  %7ld  %d-bit %s map %d: %d opcodes", samples,
			       m64 ? 64 : 32, enc_names[enc], map, nops);
		if (enc != E_LEGACY && !all) {
			printf(" (ALLCLASSES=1 lists them)\n");
			continue;
		}
		for (int op = 0, col = 0; op < 256; op++) {
			if (!unknown_count[m64][enc][map][op])
				continue;
			if (col++ % 16 == 0)
				printf("\n           ");
			printf(" %02x", op);
			for (size_t i = 0; enc == E_LEGACY && i < ARRAY_SIZE(newer_than_capstone); i++)
				if (newer_than_capstone[i].map == map && newer_than_capstone[i].op == op)
					printf(" (%s, newer than Capstone 4.0.2)", newer_than_capstone[i].name);
		}
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	struct mode modes[2] = { { .m64 = false }, { .m64 = true } };
	long sweep_compared[2], real_compared[2], real_done[2];
	long real_budget;
	int failures;

	real_budget = argc > 1 ? atol(argv[1]) : 2000000;
	setvbuf(stdout, NULL, _IOLBF, 0);

	failures = run_unit_cases();

	for (int i = 0; i < 2; i++) {
		struct mode *m = &modes[i];
		cs_mode mode = m->m64 ? CS_MODE_64 : CS_MODE_32;
		clock_t t0 = clock();

		if (cs_open(CS_ARCH_X86, mode, &m->cs) != CS_ERR_OK ||
		    cs_open(CS_ARCH_X86, mode, &m->cs2) != CS_ERR_OK) {
			fprintf(stderr, "cs_open failed\n");
			return 2;
		}
		m->ci = cs_malloc(m->cs);
		m->ci2 = cs_malloc(m->cs2);

		sweep_count = 0;
		sweep(m);
		sweep_compared[i] = m->compared;
		printf("%d-bit sweep: %ld byte patterns; Capstone decodes %ld, we agree on %ld; "
		       "both reject %ld; only we decode %ld (%.1fs)\n",
		       m->m64 ? 64 : 32, sweep_count, m->compared, m->agree,
		       m->both_reject, m->cs_rejects, (double)(clock() - t0) / CLOCKS_PER_SEC);

		m->compared = m->agree = m->both_reject = m->cs_rejects = 0;
		t0 = clock();
		int nr_files = 0;
		real_done[i] = walk_dirs(m, m->m64 ? dirs64 : dirs32, real_budget, &nr_files);
		real_compared[i] = m->compared;
		printf("%d-bit real code: %ld instructions from %d files, we agree on %ld; "
		       "Capstone skipped %ld bytes (%.1fs)\n",
		       m->m64 ? 64 : 32, real_done[i], nr_files, m->agree,
		       m->both_reject + m->cs_rejects, (double)(clock() - t0) / CLOCKS_PER_SEC);
		if (real_done[i] < real_budget)
			printf("  warning: only %ld of %ld real instructions found\n",
			       real_done[i], real_budget);

		cs_free(m->ci, 1);
		cs_free(m->ci2, 1);
		cs_close(&m->cs);
		cs_close(&m->cs2);
	}

	int max = getenv("ALLCLASSES") ? 100000 : 12;
	printf("\n==== summary ====\n");
	for (int i = 0; i < 2; i++)
		printf("%d-bit: compared %ld sweep encodings and %ld real instructions\n",
		       i ? 64 : 32, sweep_compared[i], real_compared[i]);
	report_section(S_EXPLAINED, "explained differences (allow-list: Capstone 4.0.2 is wrong)", 100);
	report_section(S_UNEXPLAINED,
		       "UNEXPLAINED disagreements (length differs, or we reject what Capstone decodes)", 60);
	report_section(S_CORROBORATED,
		       "info, not compared: only we decode; a valid neighbour confirms our length", max);
	report_section(S_UNCORROBORATED,
		       "info, not compared: only we decode; no valid neighbour found", max);
	report_unknown_opcodes(getenv("ALLCLASSES") != NULL);

	long unexplained = section_count[S_UNEXPLAINED][0] + section_count[S_UNEXPLAINED][1];
	bool pass = failures == 0 && unexplained == 0;
	printf("\n%s: %d unit failures, %ld unexplained disagreements\n",
	       pass ? "PASS" : "FAIL", failures, unexplained);
	return pass ? 0 : 1;
}
