/*
 * Host test of the IA-64 bundle library (arch/ia64/bundle.c), with
 * binutils as the reference: real instructions are assembled with
 * ia64-linux-gnu-as, their bundles read back (objcopy -O binary), decoded
 * and patched by the library, and ia64-linux-gnu-objdump disassembles
 * the result.  Prints TAP; tests/run.py builds it with bundle.c.
 *
 *  1. The 32 templates: a bundle of each with all-zero slots (break 0 in
 *     every unit) shows objdump's unit letters, stops and reserved ones.
 *  2. Every template of the real code below is the one objdump names.
 *  3. Every slot (M, I, F, B and MLX's X) patched with break 0x80200
 *     keeping its predicate shows "break.m 0x80200" (.i .b .f .x) there,
 *     and every other slot of the code exactly as before.
 *  4. ia64_classify() agrees with objdump's mnemonics: chk.* and the
 *     .s/.a/.sa/.c loads are refused, mov =ip and break too (each with
 *     its reason), the .unc compares and br.wtop/br.wexit must always
 *     fire, branches are IP-relative (a 0x... target) or indirect, calls
 *     name their link register.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sonde/errno.h>
#include "arch/ia64/bundle.h"

#define MAX_BUNDLES 64
#define LINE 128

/* One bundle as objdump shows it. */
struct shown {
	char template[8];	/* "MII", "MLX", "-3-" (reserved) */
	char text[3][LINE];	/* per slot, without the ";;" ("" for MLX's L) */
	bool stop[3];
};

static char dir[] = "/tmp/sonde-ia64-bundle.XXXXXX";
static int cases, failures;

static void check(bool ok, const char *what)
{
	cases++;
	if (!ok)
		failures++;
	printf("%sok %d - %s\n", ok ? "" : "not ", cases, what);
}

static int run(const char *command)
{
	char line[1024];

	snprintf(line, sizeof line, "cd %s && %s", dir, command);
	return system(line);
}

/* Assemble src; its .text as bundles into out[max]. Returns how many, -1 on error. */
static int assemble(const char *src, struct ia64_bundle *out, size_t max)
{
	char path[256];
	FILE *f;
	int n;

	snprintf(path, sizeof path, "%s/t.s", dir);
	f = fopen(path, "w");
	fputs(src, f);
	fclose(f);
	if (run("ia64-linux-gnu-as -xnone -o t.o t.s && "
		"ia64-linux-gnu-objcopy -O binary -j .text t.o t.bin") != 0)
		return -1;
	snprintf(path, sizeof path, "%s/t.bin", dir);
	f = fopen(path, "rb");
	n = fread(out, sizeof *out, max, f);
	fclose(f);
	return n;
}

/* Disassemble n bundles with objdump into shown[]; 0 on success. */
static int disassemble(const struct ia64_bundle *b, int n, struct shown *shown)
{
	char path[256], line[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/p.bin", dir);
	f = fopen(path, "wb");
	fwrite(b, sizeof *b, n, f);
	fclose(f);
	snprintf(line, sizeof line, "cd %s && ia64-linux-gnu-objdump -D -z -b binary "
		 "-m ia64-elf64 p.bin", dir);
	f = popen(line, "r");
	memset(shown, 0, n * sizeof *shown);
	while (fgets(line, sizeof line, f)) {
		/* "  16:\t00 00 00 00 00 00 \t            break.i 0x0;;" */
		char *text, *end;
		unsigned long addr = strtoul(line, &end, 16);
		unsigned slot;
		struct shown *s;

		if (*end != ':' || !(text = strchr(end + 2, '\t')) || addr / 16 >= (unsigned)n)
			continue;
		s = &shown[addr / 16];
		slot = (addr % 16) / 6;
		text++;
		if (*text == '[') {		/* the first slot names the template */
			snprintf(s->template, sizeof s->template, "%.3s", text + 1);
			text += 5;
		}
		while (*text == ' ')
			text++;
		text[strcspn(text, "\n")] = 0;
		if (strcmp(s->template, "MLX") == 0 && slot == 1)
			slot = 2;		/* objdump shows L+X as one, at slot 1 */
		end = text + strlen(text);
		if (end - text >= 2 && strcmp(end - 2, ";;") == 0) {
			s->stop[slot] = true;
			end[-2] = 0;
		}
		snprintf(s->text[slot], LINE, "%s", text);
	}
	return pclose(f);
}

static const char unit_letter[] = { '-', 'M', 'I', 'F', 'B', 'L', 'X' };

/* 1: the template table against objdump's view of all-zero slots. */
static void test_templates(void)
{
	struct ia64_bundle b[32];
	struct shown shown[32];
	char what[160];

	for (unsigned t = 0; t < 32; t++)
		b[t] = (struct ia64_bundle){ t, 0 };
	check(disassemble(b, 32, shown) == 0, "objdump disassembles the 32 templates");
	for (unsigned t = 0; t < 32; t++) {
		const struct ia64_template *tp = &ia64_templates[t];
		bool ok;

		if (tp->unit[0] == IA64_NONE) {
			ok = shown[t].template[0] == '-' && strncmp(shown[t].text[0], "data8", 5) == 0;
			snprintf(what, sizeof what, "template 0x%02x is reserved (objdump: [%.7s])",
				 t, shown[t].template);
			check(ok, what);
			continue;
		}
		ok = true;
		for (unsigned s = 0; s < 3; s++) {
			char expect[32];
			char u = unit_letter[tp->unit[s]];

			ok &= shown[t].template[s] == u;
			ok &= shown[t].stop[s] == !!(tp->stops & (1 << s));
			snprintf(expect, sizeof expect, "break.%c 0x0", u + 'a' - 'A');
			if (tp->unit[s] != IA64_L)
				ok &= strcmp(shown[t].text[s], expect) == 0;
		}
		snprintf(what, sizeof what, "template 0x%02x: %c%c%c, stops %d (objdump: [%.7s])", t,
			 unit_letter[tp->unit[0]], unit_letter[tp->unit[1]], unit_letter[tp->unit[2]],
			 tp->stops, shown[t].template);
		check(ok, what);
	}
}

/*
 * Real code: every usable template, every slot kind, the instructions the
 * probe layer must recognise.  "far" is 1 MiB away (long displacements).
 */
static const char code[] =
	"	.text\n"
	"back:\n"
	"{ .mii\n ld8 r8 = [r9]\n cmp.eq.unc p6, p7 = r8, r9\n (p6) mov r3 = ip\n}\n"
	"{ .mii\n ld8.s r10 = [r11]\n tbit.z.unc p8, p9 = r8, 3\n tbit.nz.and p10, p11 = r8, 5 ;;\n}\n"
	"{ .mii\n ld8.a r10 = [r11]\n cmp.lt p6, p7 = r8, r9 ;;\n chk.s.i r10, back\n}\n"
	"{ .mii\n ld8.c.clr r10 = [r11]\n cmp4.eq.unc p6, p7 = 5, r9 ;;\n tnat.nz.unc p12, p13 = r8 ;;\n}\n"
	"{ .mlx\n (p7) break.m 0x1\n movl r8 = 0x123456789abcdef0\n}\n"
	"{ .mlx\n nop.m 0\n brl.call.sptk.many b1 = far ;;\n}\n"
	"{ .mmi\n ld8.c.nc r10 = [r11]\n ld8.c.clr.acq r12 = [r13]\n cmp.ne.or p6, p7 = r8, r9\n}\n"
	"{ .mmi\n st8.rel [r9] = r8 ;;\n chk.a.clr r10, back\n (p9) mov r8 = r9 ;;\n}\n"
	"{ .mmi\n ldfs.s f8 = [r9]\n ld8.sa r8 = [r9], 8\n cmp.lt.unc p6, p7 = 7, r9 ;;\n}\n"
	"{ .mmi\n ld8.acq r8 = [r9] ;;\n ld8.bias r8 = [r9]\n cmp.eq.and p6, p7 = r0, r9\n}\n"
	"{ .mfi\n ldfd.a f8 = [r9]\n fcmp.eq.unc p6, p7 = f8, f9\n zxt4 r8 = r9\n}\n"
	"{ .mfi\n chk.a.nc f8, back\n fcmp.lt p6, p7 = f8, f9\n shl r8 = r9, 3 ;;\n}\n"
	"{ .mmf\n chk.s.m r10, back\n xchg8 r8 = [r9], r10\n fclass.m.unc p6, p7 = f8, 0x1\n}\n"
	"{ .mmf\n chk.s f8, far\n ldf.fill f8 = [r9]\n fclass.m p6, p7 = f8, 0x2 ;;\n}\n"
	"{ .mib\n ld8.fill r8 = [r9]\n mov r8 = r9\n br.cond.sptk.few back\n}\n"
	"{ .mib\n ld8 r8 = [r9], 8\n nop.i 0\n (p6) br.call.sptk.many b0 = far ;;\n}\n"
	"{ .mbb\n ld8.s r8 = [r9], 8\n br.ret.sptk.many b0\n br.cloop.sptk.few back\n}\n"
	"{ .mbb\n ldfp8.s f8, f9 = [r10]\n (p6) br.cond.dptk.many b6\n br.ctop.sptk.few far ;;\n}\n"
	"{ .bbb\n br.call.sptk.many b6 = b7\n br.sptk.many b6\n br.wtop.sptk.few back\n}\n"
	"{ .bbb\n nop.b 0\n nop.b 0\n br.cexit.sptk.few back ;;\n}\n"
	"{ .mmb\n getf.sig r8 = f9\n setf.sig f8 = r9\n (p7) br.wexit.spnt.few back\n}\n"
	"{ .mmb\n fetchadd8.acq r8 = [r9], 1\n cmpxchg8.acq r8 = [r9], r10, ar.ccv\n (p8) br.call.dptk.few b2 = back ;;\n}\n"
	"{ .mfb\n ldfd.c.clr f8 = [r9]\n fma f8 = f9, f10, f11\n nop.b 0\n}\n"
	"{ .mfb\n lfetch [r9]\n frcpa f8, p6 = f9, f10\n br.ret.dpnt.many b0 ;;\n}\n"
	"{ .mii\n ld8 r8 = [r9]\n cmp4.lt.unc p6, p7 = r8, r9 ;;\n tbit.z p6, p7 = r8, 3 ;;\n}\n"
	"{ .mlx\n nop.m 0\n (p6) brl.sptk.few back ;;\n}\n"
	"{ .mlx\n nop.m 0\n break.x 0x123456789 ;;\n}\n"
	"	.skip 0x100000\n"
	"far:\n"
	"{ .mib\n nop.m 0\n nop.i 0\n br.ret.sptk.many b0 ;;\n}\n";

/* 2: the templates of the real code. */
static void test_code_templates(const struct ia64_bundle *b, int n, const struct shown *shown)
{
	bool ok = true;
	char what[128] = "every template of the code is the one objdump names";

	for (int i = 0; i < n; i++) {
		const struct ia64_template *tp = &ia64_templates[ia64_template_of(&b[i])];
		char mine[4] = { unit_letter[tp->unit[0]], unit_letter[tp->unit[1]],
				 unit_letter[tp->unit[2]], 0 };

		if (strcmp(mine, shown[i].template) != 0) {
			snprintf(what, sizeof what, "bundle %d: template %s, objdump says %s",
				 i, mine, shown[i].template);
			ok = false;
			break;
		}
		for (int s = 0; s < 3; s++)
			ok &= shown[i].stop[s] == !!(tp->stops & (1 << s));
	}
	check(ok, what);
}

/* 3: break 0x80200 in each slot, one at a time. */
static void test_patch(const struct ia64_bundle *b, int n, const struct shown *shown)
{
	static struct ia64_bundle copy[MAX_BUNDLES];
	static struct shown after[MAX_BUNDLES];
	int patched[7] = { 0 };
	bool ok = true;
	char what[LINE + 160] = "every slot patched with break 0x80200";

	for (int i = 0; i < n && ok; i++) {
		for (unsigned s = 0; s < 3 && ok; s++) {
			enum ia64_unit u = ia64_slot_unit(&b[i], s);
			unsigned qp = ia64_qp(ia64_slot_get(&b[i], s));
			char expect[LINE];

			if (u == IA64_L)
				continue;
			memcpy(copy, b, n * sizeof *b);
			ia64_put_break(&copy[i], s, IA64_BREAK_KPROBE, qp);
			disassemble(copy, n, after);
			if (qp)
				snprintf(expect, sizeof expect, "(p%02u) break.%c 0x80200", qp,
					 unit_letter[u] + 'a' - 'A');
			else
				snprintf(expect, sizeof expect, "break.%c 0x80200", unit_letter[u] + 'a' - 'A');
			if (strcmp(after[i].text[s], expect) != 0) {
				snprintf(what, sizeof what, "bundle %d slot %u (%s): objdump shows '%s'",
					 i, s, shown[i].text[s], after[i].text[s]);
				ok = false;
			}
			for (int j = 0; j < n && ok; j++)
				for (unsigned t = 0; t < 3; t++)
					if ((j != i || t != s) && strcmp(after[j].text[t], shown[j].text[t])) {
						snprintf(what, sizeof what, "bundle %d slot %u patched: "
							 "bundle %d slot %u changed", i, s, j, t);
						ok = false;
					}
			patched[u]++;
		}
	}
	check(ok, what);
	check(patched[IA64_M] && patched[IA64_I] && patched[IA64_F] && patched[IA64_B] &&
	      patched[IA64_X], "slots of every kind (M, I, F, B, X) were patched");
}

/* What objdump's mnemonic says the class should be. */
static struct ia64_insn expected(const char *text)
{
	struct ia64_insn e = { IA64_PLAIN, -1, false, NULL };
	char mnem[LINE], *p;

	if (text[0] == '(')			/* "(p6) " */
		text = strchr(text, ' ') + 1;
	snprintf(mnem, sizeof mnem, "%.*s", (int)strcspn(text, " "), text);
	e.always = strstr(mnem, ".unc") || !strncmp(mnem, "br.wtop", 7) ||
		!strncmp(mnem, "br.wexit", 8);
	if (!strncmp(mnem, "chk.", 4) || !strncmp(mnem, "break", 5))
		e.kind = IA64_REFUSED;
	else if (!strncmp(mnem, "ld", 2)) {	/* ld8.s, ldfd.c.clr, ldfp8.sa... */
		for (p = strchr(mnem, '.'); p; p = strchr(p + 1, '.'))
			if (!strncmp(p, ".s", 2) && (p[2] == 0 || p[2] == '.' || p[2] == 'a'))
				e.kind = IA64_REFUSED;
			else if ((!strncmp(p, ".a", 2) || !strncmp(p, ".c", 2)) &&
				 (p[2] == 0 || p[2] == '.'))
				e.kind = IA64_REFUSED;
	} else if (!strncmp(mnem, "mov", 3) && strstr(text, "=ip"))
		e.kind = IA64_REFUSED;
	else if (!strncmp(mnem, "br", 2) && strncmp(mnem, "brp", 3)) {
		e.kind = strstr(text, "0x") ? IA64_BR_REL : IA64_BR_IND;
		if ((p = strstr(text, " b")) && p[3] == '=')
			e.link = p[2] - '0';
	}
	return e;
}

/* 4: classification against the mnemonics. */
static void test_classify(const struct ia64_bundle *b, int n, const struct shown *shown)
{
	int count[4] = { 0 }, always = 0, links = 0;
	bool ok = true;
	char what[LINE + 160] = "ia64_classify() agrees with objdump on every slot";

	for (int i = 0; i < n && ok; i++)
		for (unsigned s = 0; s < 3 && ok; s++) {
			struct ia64_insn got, want;
			int err = ia64_classify(&b[i], s, &got);

			if (ia64_slot_unit(&b[i], s) == IA64_L) {
				ok = err == -EINVAL;
				continue;
			}
			want = expected(shown[i].text[s]);
			if (err || got.kind != want.kind || got.always != want.always ||
			    got.link != want.link || !got.why != (got.kind != IA64_REFUSED)) {
				snprintf(what, sizeof what, "'%s': kind %d always %d link %d, "
					 "expected %d %d %d", shown[i].text[s], got.kind, got.always,
					 got.link, want.kind, want.always, want.link);
				ok = false;
			}
			count[got.kind]++;
			always += got.always;
			links += got.link >= 0;
		}
	check(ok, what);
	snprintf(what, sizeof what, "the code has every class: %d plain, %d IP-relative, "
		 "%d indirect, %d refused; %d always, %d calls", count[0], count[1], count[2],
		 count[3], always, links);
	check(count[0] && count[1] && count[2] && count[3] >= 18 && always >= 8 && links >= 4, what);
	struct ia64_bundle reserved = { 0x1e, 0 };
	struct ia64_insn dummy;
	check(ia64_classify(&reserved, 0, &dummy) == -EILSEQ && ia64_classify(&b[0], 3, &dummy) ==
	      -EINVAL, "a reserved template is -EILSEQ, slot 3 -EINVAL");
}

int main(void)
{
	/* The code, its 1 MiB gap and far's bundle: only the bundles before
	 * the gap are checked (branches to far still decode to its address). */
	static struct ia64_bundle b[MAX_BUNDLES + 0x100000 / 16 + 1];
	static struct shown shown[MAX_BUNDLES];
	int n;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_templates();
	n = assemble(code, b, sizeof b / sizeof b[0]) - 0x100000 / 16 - 1;
	check(n > 0 && n <= MAX_BUNDLES, "ia64-linux-gnu-as assembles the test code");
	if (n > 0 && n <= MAX_BUNDLES) {
		check(disassemble(b, n, shown) == 0, "objdump disassembles the test code");
		test_code_templates(b, n, shown);
		test_patch(b, n, shown);
		test_classify(b, n, shown);
	}
	run("rm -f t.s t.o t.bin p.bin");
	rmdir(dir);
	printf("1..%d\n", cases);
	return failures != 0;
}
