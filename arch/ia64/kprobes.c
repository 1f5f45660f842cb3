/*
 * The ia64 side of the probe engine.
 *
 * An instruction is a 41-bit slot of a 16-byte bundle, whose 5-bit
 * template says which unit (M, I, F, B, or L+X for movl) each slot
 * goes to.  A probe address is bundle | slot.  The breakpoint is
 * "break 0x80200" written into that slot (the same encoding on every
 * unit; the template picks the unit), keeping the slot's qualifying
 * predicate -- so a probe on a predicated-off instruction does not
 * trap, as the instruction would not run -- except on compares that
 * write their predicates even then (cmp.unc and kin), where the break
 * gets p0.  An MLX bundle's one instruction spans slots 1 and 2: its
 * address is bundle | 1 (where the trap reports it) and the break goes
 * in slot 2, the X slot, with slot 1 (the L slot) cleared.
 *
 * Arming goes through the engine's arch_text_poke(addr, unit, 8): the
 * engine's 8-byte unit is only a fingerprint of the slot (kprobes.h);
 * the port finds the site (get_kprobe) and writes the slot itself,
 * taking the original back from the site's copy of the bundle.
 *
 * Single-step out of line: the copy of the whole bundle runs with
 * psr.ss set and psr.ri = the slot; the trap after it tells where the
 * instruction went, and finish() moves that back: the next slot or
 * bundle of the copy becomes the original's, an IP-relative branch
 * taken from the copy is rebased, and a call's link register, which
 * holds the copy's next bundle, gets the original's.
 *
 * Refused (-EINVAL; "explain on" prints why): slot 3 and up, the X
 * slot, reserved templates, break, the speculation checks chk.s and
 * chk.a (IP-relative branches to recovery code), "mov rN = ip", and B
 * instructions that change the machine state (rfi, bsw, cover, epc...).
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include "ia64.h"

#define BREAK_KPROBE 0x80200ul
#define BREAK_JPROBE 0x80300ul
#define SLOT_MASK ((1ul << 41) - 1)

enum { U_NONE, U_M, U_I, U_F, U_B, U_L, U_X };
enum { KIND_PLAIN, KIND_RELBR, KIND_RELCALL, KIND_CALL };

/* Each template's units (odd templates: the same, with a stop after). */
static const uint8_t units[16][3] = {
	{ U_M, U_I, U_I }, { U_M, U_I, U_I }, { U_M, U_L, U_X }, { 0 },
	{ U_M, U_M, U_I }, { U_M, U_M, U_I }, { U_M, U_F, U_I }, { U_M, U_M, U_F },
	{ U_M, U_I, U_B }, { U_M, U_B, U_B }, { 0 }, { U_B, U_B, U_B },
	{ U_M, U_M, U_B }, { 0 }, { U_M, U_F, U_B }, { 0 },
};
static const uint8_t templ_ok[16] = { 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0 };

static unsigned unit_of(const uint64_t *b, unsigned slot)
{
	unsigned t = (b[0] & 0x1f) >> 1;

	return templ_ok[t] ? units[t][slot] : U_NONE;
}

/* Slot 0: bits 45:5, slot 1: bits 86:46 (across the halves), slot 2: 127:87. */
static uint64_t get_slot(const uint64_t *b, unsigned slot)
{
	if (slot == 0)
		return (b[0] >> 5) & SLOT_MASK;
	if (slot == 1)
		return ((b[0] >> 46) | (b[1] << 18)) & SLOT_MASK;
	return b[1] >> 23;
}

static void set_slot(uint64_t *b, unsigned slot, uint64_t v)
{
	if (slot == 0) {
		b[0] = (b[0] & ~(SLOT_MASK << 5)) | (v << 5);
	} else if (slot == 1) {
		b[0] = (b[0] & ((1ul << 46) - 1)) | (v << 46);
		b[1] = (b[1] & ~((1ul << 23) - 1)) | (v >> 18);
	} else {
		b[1] = (b[1] & ((1ul << 23) - 1)) | (v << 23);
	}
}

/* break imm21 on any unit: imm bit 20 -> bit 36, bits 19:0 -> 25:6. */
static uint64_t break_insn(unsigned long imm, unsigned qp)
{
	return ((imm >> 20 & 1) << 36) | ((imm & 0xfffff) << 6) | qp;
}

#define OPCODE(i) ((unsigned)((i) >> 37) & 15)
#define X3(i)     ((unsigned)((i) >> 33) & 7)
#define X6(i)     ((unsigned)((i) >> 27) & 0x3f)

/* Does a compare write its predicates even when its qp is false?  The
 * integer and tbit/tnat compares with c = 1, ta = tb = 0 (.unc), and
 * fcmp.unc (bit 12). */
static bool always_executes(uint64_t i, unsigned unit)
{
	unsigned op = OPCODE(i);

	if (unit == U_F)
		return op == 4 && (i >> 12 & 1);
	if (unit != U_M && unit != U_I)
		return false;
	if (!(op >= 0xc && op <= 0xe) && !(unit == U_I && op == 5))
		return false;
	return (i >> 12 & 1) && !(i >> 33 & 1) && !(i >> 36 & 1);
}

/* How the step must be fixed, or why the instruction cannot be stepped. */
static int classify(uint64_t i, unsigned unit, const char **why)
{
	unsigned op = OPCODE(i);

	if (op == 0 && X3(i) == 0 && X6(i) == 0 && unit != U_L) {
		*why = "a break instruction";
		return -EINVAL;
	}
	switch (unit) {
	case U_M:
		if ((op == 0 && X3(i) >= 4) || (op == 1 && (X3(i) == 1 || X3(i) == 3)))
			break;
		return KIND_PLAIN;
	case U_I:
		if (op == 0 && X3(i) == 1)
			break;
		if (op == 0 && X3(i) == 0 && X6(i) == 0x30) {
			*why = "mov rN = ip (its value would be the copy's address)";
			return -EINVAL;
		}
		return KIND_PLAIN;
	case U_X:
		return op == 0xc ? KIND_RELBR : op == 0xd ? KIND_RELCALL : KIND_PLAIN;
	case U_B:
		if (op == 4)
			return KIND_RELBR;
		if (op == 5)
			return KIND_RELCALL;
		if (op == 1)
			return KIND_CALL;
		if (op == 2 || op == 7 || (op == 0 && (X6(i) == 0x20 || X6(i) == 0x21)))
			return KIND_PLAIN;     /* hints, nop.b; indirect branch, return */
		*why = "a B instruction that changes the machine state (rfi, bsw, cover, epc...)";
		return -EINVAL;
	default:
		return KIND_PLAIN;
	}
	*why = "a speculation check (chk.s, chk.a)";
	return -EINVAL;
}

int arch_prepare_kprobe(struct kprobe *p)
{
	unsigned long addr = (unsigned long)p->addr;
	const uint64_t *b = (const uint64_t *)(addr & ~15ul);
	unsigned slot = addr & 15, unit;
	const char *why = "a reserved template";
	uint64_t insn;
	int kind = -EINVAL;

	if (slot < 3) {
		unit = unit_of(b, slot);
		if (unit == U_L) {                /* movl and brl: their X slot */
			slot = 2;
			unit = U_X;
		} else if (unit == U_X) {
			unit = U_NONE;
			why = "slot 2 of an MLX bundle: its instruction is at slot 1";
		}
		insn = get_slot(b, slot);
		if (unit == U_NONE)
			;
		else if ((char *)p->addr == kretprobe_trampoline)
			kind = KIND_PLAIN;            /* never stepped: its handler moves on */
		else
			kind = classify(insn, unit, &why);
	}
	if (kind < 0) {
		if (slot < 3 && kprobes_explain)  /* an instruction: say why not */
			printk("explain: cannot probe %p: %s\n", p->addr, why);
		return kind;
	}
	arch_text_poke(p->ainsn.insn, b, 16);
	p->ainsn.slot = (uint8_t)slot;
	p->ainsn.kind = (uint8_t)kind;
	p->ainsn.qp = always_executes(insn, unit) ? 0 : insn & 63;
	return 0;
}

/*
 * The one routine that writes code.  A write of the engine's unit arms
 * or disarms a site's slot: disarming passes the unit saved in the
 * site, arming the breakpoint.  Anything else (a bundle copy) is
 * copied as it is.  fc writes the lines back, sync.i and srlz.i make
 * instruction fetch see them.
 */
void arch_text_poke(void *addr, const void *bytes, size_t len)
{
	unsigned long flags = arch_irq_save(), a = (unsigned long)addr & ~15ul;

	if (len == sizeof(kprobe_opcode_t)) {
		struct kprobe *ap = get_kprobe(addr);
		uint64_t *live = (uint64_t *)a, b[2] = { live[0], live[1] };
		const uint64_t *orig = (const uint64_t *)ap->ainsn.insn;
		unsigned slot = ap->ainsn.slot;

		if (bytes == &ap->opcode) {
			set_slot(b, slot, get_slot(orig, slot));
			if (slot == 2 && unit_of(b, 1) == U_L)
				set_slot(b, 1, get_slot(orig, 1));
		} else {
			set_slot(b, slot, break_insn(BREAK_KPROBE, ap->ainsn.qp));
			if (slot == 2 && unit_of(b, 1) == U_L)
				set_slot(b, 1, 0);
		}
		live[0] = b[0];
		live[1] = b[1];
		len = 16;
	} else {
		memcpy(addr, bytes, len);
	}
	for (unsigned long off = 0; off < len + 16; off += 16)
		__asm__ volatile("fc %0" : : "r"(a + off) : "memory");
	__asm__ volatile(";;\n\tsync.i\n\t;;\n\tsrlz.i\n\t;;" ::: "memory");
	arch_irq_restore(flags);
}

/* The slot the trap reports an instruction at: 1 for movl. */
static unsigned exec_slot(const struct kprobe *p)
{
	return (unsigned long)p->addr & 3;
}

void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long *saved)
{
	*saved = regs->ipsr & PSR_I;
	regs->ipsr = (regs->ipsr & ~PSR_I) | PSR_SS;   /* no interrupt inside the step */
	set_instruction_pointer(regs, (unsigned long)p->ainsn.insn | exec_slot(p));
}

void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	unsigned long copy = (unsigned long)p->ainsn.insn, orig = (unsigned long)p->addr & ~15ul;
	unsigned long ip = instruction_pointer(regs), old_ip = ip;
	uint64_t insn = get_slot((const uint64_t *)copy, p->ainsn.slot);

	if ((ip & ~15ul) == copy || (ip & ~15ul) == copy + 16)
		ip = ip - copy + orig;                /* fell through */
	else if (p->ainsn.kind == KIND_RELBR || p->ainsn.kind == KIND_RELCALL)
		ip = ip - copy + orig;                /* a taken IP-relative branch */
	if (p->ainsn.kind == KIND_RELCALL || p->ainsn.kind == KIND_CALL) {
		unsigned link = (insn >> 6) & 7;
		if (regs->b[link] == copy + 16)
			regs->b[link] = orig + 16;
	}
	set_instruction_pointer(regs, ip);
	regs->ipsr = (regs->ipsr & ~(PSR_I | PSR_SS)) | saved;
	if (kprobes_explain) {
		char to[64];
		ksym_format(ip, to, sizeof(to));
		printk("explain:   ip fixed up from %p (copy+0x%lx) to %p (%s)\n",
		       (void *)old_ip, old_ip - copy, (void *)ip, to);
	}
}

void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	set_instruction_pointer(regs, (unsigned long)p->addr);
	regs->ipsr = (regs->ipsr & ~(PSR_I | PSR_SS)) | saved;
}

/* No boosting: the step's trap is what brings the copy back. */
bool arch_try_boost(struct kprobe *p, struct pt_regs *regs)
{
	(void)p; (void)regs;
	return false;
}

bool arch_boost_fault(struct kprobe *p, struct pt_regs *regs)
{
	(void)p; (void)regs;
	return false;
}

/* ------------------------------------------------------------ jprobes */

/*
 * The entry runs in the probed function's place, with its arguments
 * (the same frame, r32..) and b0 pointing at jprobe_return_trap: when
 * it returns, its frames are gone from the register stack and the trap
 * there (break 0x80300) brings back the registers saved here.  It may
 * write its caller's 16-byte scratch area and the stack arguments
 * above it, and its own inputs -- the very registers the probed
 * function will read its arguments from: those are saved too, and the
 * inputs put back in the backing store, from where the RSE reloads
 * them.  jprobe_return() has nothing to do.
 */
#define JPROBE_INPUTS 8
static struct {
	struct pt_regs regs;
	uint8_t stack[64];
	unsigned long inputs[JPROBE_INPUTS];
} jprobe_saved;

extern char jprobe_return_trap[];

int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct jprobe *jp = container_of(p, struct jprobe, kp);
	const unsigned long *desc = (const unsigned long *)jp->entry;   /* {ip, gp} */

	jprobe_saved.regs = *regs;
	memcpy(jprobe_saved.stack, (void *)regs->r[12], sizeof(jprobe_saved.stack));
	for (unsigned n = 0; n < JPROBE_INPUTS; n++)
		jprobe_saved.inputs[n] = ia64_stacked_reg(regs, n);
	regs->ipsr &= ~PSR_I;                     /* the entry runs like a handler */
	set_instruction_pointer(regs, desc[0]);
	regs->r[1] = desc[1];
	regs->b[0] = (unsigned long)jprobe_return_trap;
	return 1;
}

void jprobe_return(void)
{
}

int longjmp_break_handler(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	if (regs->iip != (unsigned long)jprobe_return_trap)
		return 0;
	*regs = jprobe_saved.regs;
	memcpy((void *)regs->r[12], jprobe_saved.stack, sizeof(jprobe_saved.stack));
	for (unsigned n = 0; n < JPROBE_INPUTS; n++) {
		unsigned long *slot = ia64_stacked_slot(regs, n);
		if (slot)
			*slot = jprobe_saved.inputs[n];
	}
	ia64_rse_reload();
	return 1;
}

/* -------------------------------------------------------- kretprobes */

/* At a function's first instruction b0 is its return address. */
void arch_prepare_kretprobe(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ri->ret_addr = regs->b[0];
	regs->b[0] = (unsigned long)kretprobe_trampoline;
}

/*
 * The trampoline and jprobe_return_trap are labels, not C functions,
 * so their addresses are code, not descriptors.  The trampoline's
 * probe handler sends the task on; the break.m 1 under its probe makes
 * a missing probe fail loudly.
 */
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	".align 16\n"
	".globl kretprobe_trampoline\n"
	"kretprobe_trampoline:\n\t"
	"{ .mii\n\tbreak.m 0x1\n\tnop.i 0\n\tnop.i 0 ;;\n\t}\n"
	".globl jprobe_return_trap\n"
	"jprobe_return_trap:\n\t"
	"{ .mii\n\tbreak.m 0x80300\n\tnop.i 0\n\tnop.i 0 ;;\n\t}\n"
	".popsection");
