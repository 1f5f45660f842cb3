/*
 * The ia64 side of the probe engine.  An instruction is a slot of a
 * bundle (bundle.h), and a probe address is bundle | slot.
 *
 * The breakpoint is "break 0x80200" written into that slot, keeping
 * the slot's qualifying predicate -- so a probe on a predicated-off
 * instruction does not trap, as the instruction would not run --
 * except on compares that write their predicates even then (cmp.unc
 * and kin), where the break gets p0.  An MLX bundle's one instruction
 * spans slots 1 and 2: its address is bundle | 1 (where the trap
 * reports it) and the break goes in slot 2, the X slot, with slot 1
 * (the L slot) cleared.  The port arms and disarms a site itself
 * (ARCH_ARM_KPROBE): a slot is no unit of bytes the engine could copy.
 *
 * Single-step out of line: the copy of the whole bundle runs with
 * psr.ss set and psr.ri = the slot; the trap after it tells where the
 * instruction went, and finish() moves that back: the next slot or
 * bundle of the copy becomes the original's, an IP-relative branch
 * taken from the copy is rebased, and a call's link register, which
 * holds the copy's next bundle, gets the original's.
 *
 * What is refused (-EINVAL; "explain on" prints why) is bundle.c's
 * table; here also slot 3 and up and the X slot.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include "ia64.h"
#include "bundle.h"

int arch_prepare_kprobe(struct kprobe *p)
{
	unsigned long addr = (unsigned long)p->addr;
	const struct ia64_bundle *b = (const struct ia64_bundle *)(addr & ~15ul);
	unsigned slot = addr & 15;
	struct ia64_insn in = { IA64_PLAIN, -1, false, NULL };
	int err = -EINVAL;

	if ((char *)p->addr == kretprobe_trampoline) {
		err = 0;                              /* never stepped: its handler moves on */
	} else if (slot < 3 && ia64_slot_unit(b, slot) == IA64_X) {
		in.why = "slot 2 of an MLX bundle: its instruction is at slot 1";
	} else if (slot < 3) {
		if (ia64_slot_unit(b, slot) == IA64_L)
			slot = 2;                     /* movl and brl: their X slot */
		err = ia64_classify(b, slot, &in);
		if (!err && in.kind == IA64_REFUSED)
			err = -EINVAL;
	}
	if (err) {
		if (in.why && kprobes_explain)    /* an instruction: say why not */
			printk("explain: cannot probe %p: %s\n", p->addr, in.why);
		return err;
	}
	arch_text_poke(p->ainsn.insn, b, 16);
	p->ainsn.slot = (uint8_t)slot;
	p->ainsn.rel = in.kind == IA64_BR_REL;
	p->ainsn.link = (int8_t)in.link;
	p->ainsn.qp = in.always ? 0 : ia64_qp(ia64_slot_get(b, slot));
	return 0;
}

/* The one routine that writes code.  fc writes the lines back, sync.i
 * and srlz.i make instruction fetch see them. */
void arch_text_poke(void *addr, const void *bytes, size_t len)
{
	unsigned long flags = arch_irq_save(), a = (unsigned long)addr & ~15ul;

	memcpy(addr, bytes, len);
	for (unsigned long off = 0; off < len + 16; off += 16)
		__asm__ volatile("fc %0" : : "r"(a + off) : "memory");
	__asm__ volatile(";;\n\tsync.i\n\t;;\n\tsrlz.i\n\t;;" ::: "memory");
	arch_irq_restore(flags);
}

/* Arm: the break in the site's slot.  Disarm: that slot (and an X
 * slot's L) back from the copy of the bundle that prepare made.  The
 * engine does either with interrupts off, so the bundle cannot change
 * between our read and our write. */
static void poke_slot(struct kprobe *ap, bool arm)
{
	struct ia64_bundle *live = (struct ia64_bundle *)((unsigned long)ap->addr & ~15ul), b = *live;
	const struct ia64_bundle *orig = (const struct ia64_bundle *)ap->ainsn.insn;
	unsigned slot = ap->ainsn.slot;

	if (arm) {
		ia64_put_break(&b, slot, IA64_BREAK_KPROBE, ap->ainsn.qp);
	} else {
		ia64_slot_set(&b, slot, ia64_slot_get(orig, slot));
		if (ia64_slot_unit(&b, slot) == IA64_X)
			ia64_slot_set(&b, 1, ia64_slot_get(orig, 1));
	}
	arch_text_poke(live, &b, sizeof(b));
}

void arch_arm_kprobe(struct kprobe *ap) { poke_slot(ap, true); }
void arch_disarm_kprobe(struct kprobe *ap) { poke_slot(ap, false); }

/* The copy runs from the slot the trap reported (1 for movl). */
void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long *saved)
{
	*saved = regs->ipsr & PSR_I;
	regs->ipsr = (regs->ipsr & ~PSR_I) | PSR_SS;   /* no interrupt inside the step */
	set_instruction_pointer(regs, (unsigned long)p->ainsn.insn | ((unsigned long)p->addr & 3));
}

void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	unsigned long copy = (unsigned long)p->ainsn.insn, orig = (unsigned long)p->addr & ~15ul;
	unsigned long ip = instruction_pointer(regs), old_ip = ip;
	int link = p->ainsn.link;

	/* Fell through, or a taken IP-relative branch: the copy's offset. */
	if ((ip & ~15ul) == copy || (ip & ~15ul) == copy + 16 || p->ainsn.rel)
		ip = ip - copy + orig;
	if (link >= 0 && regs->b[link] == copy + 16)
		regs->b[link] = orig + 16;            /* a call's return address */
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

void jprobe_return(void) { }

int longjmp_break_handler(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	if (regs->iip != (unsigned long)jprobe_return_trap)
		return 0;
	*regs = jprobe_saved.regs;
	memcpy((void *)regs->r[12], jprobe_saved.stack, sizeof(jprobe_saved.stack));
	for (unsigned n = 0; n < JPROBE_INPUTS && n < (regs->ifs & 0x7f); n++)
		*ia64_stacked_slot(regs, n) = jprobe_saved.inputs[n];   /* the frame's own (sof) */
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
