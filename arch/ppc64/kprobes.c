/*
 * The ppc64 side of the probe engine.
 *
 * A probe replaces one instruction word with "trap" (0x7fe00008).  It
 * raises a program interrupt whose SRR0 is the trap's own address.  The
 * engine runs the handlers, then single-steps a copy of the original
 * instruction kept in a slot elsewhere: MSR_SE set and MSR_EE cleared
 * in the saved MSR, nip = the slot, rfid; after one instruction the
 * trace interrupt (0xd00) comes back with nip = where the copy went.
 *
 * Running the copy at another address changes what it sees of its own
 * address -- only branches look at it (addpcis too, which we refuse) --
 * so after the step we repair exactly that:
 *
 *   - relative branches (b, bc with AA = 0): the copy went to slot+4 or
 *     to slot+displacement; adding (addr - slot) gives the right place
 *     in both cases, taken or not: one rule, as on x86;
 *   - everything else -- absolute branches (ba, bca), branches to LR or
 *     CTR (blr, bctr, bclr...), and all other instructions: nip is
 *     absolute already, unless the copy simply fell through to slot+4,
 *     which becomes addr+4;
 *   - a branch with LK = 1 (bl, bcl, bctrl, bclrl) set LR = slot+4,
 *     which becomes addr+4.
 *
 * Instructions that cannot be stepped safely are refused when the probe
 * is registered (see classify()).
 *
 * Boosting: with no post handler to run after it, an instruction that
 * does not care where it runs -- anything but a branch -- runs in the
 * slot and branches back, with no trace interrupt.  The slot (SLOT_*)
 * holds the copy and "ba addr+4" (the kernel lies below 32 MiB, so an
 * absolute branch reaches it), for a hit with interrupts off; and a
 * second copy, for a hit with them on: it runs with MSR_EE still off,
 * and then a short tail turns EE back on and goes to addr+4 in one
 * step, with rfid (SPRG3 keeps r11 meanwhile; nothing else uses it).
 * So no interrupt ever finds a task inside a slot, and a slot can be
 * freed at any time, as on x86.  With a post handler: arch_emulate().
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include "ppc64.h"

/* What to repair after stepping the copy (arch_specific_insn.fixup). */
#define FIXUP_RELATIVE 1    /* a relative branch: add the delta to nip */
#define FIXUP_LINK     2    /* it sets LR = its address + 4            */

#define OPCODE(insn)   ((insn) >> 26)
#define XO_31(insn)    (((insn) >> 1) & 0x3ff)    /* X/XFX-form extended opcode */
#define XO_19(insn)    (((insn) >> 1) & 0x3ff)    /* XL-form extended opcode */
#define AA(insn)       ((insn) & 2)
#define LK(insn)       ((insn) & 1)
#define RT(insn)       (((insn) >> 21) & 0x1f)
#define RA(insn)       (((insn) >> 16) & 0x1f)
#define RB(insn)       (((insn) >> 11) & 0x1f)
/* mtspr/mfspr name the SPR with its two 5-bit halves swapped. */
#define SPR(insn)      ((((insn) >> 16) & 0x1f) | (((insn) >> 6) & 0x3e0))

#define SPR_SRR0  26
#define SPR_SRR1  27
#define SPR_HSRR0 314
#define SPR_HSRR1 315
#define SPR_SPRG3 275

/* The slot, in words: the copy and "ba addr+4"; then the copy again and
 * the tail for a hit with interrupts on (boost_tail below). */
#define SLOT_BA     1
#define SLOT_EE_ON  2
#define SLOT_TAIL   3
#define SLOT_WORDS  12
_Static_assert(SLOT_WORDS * 4 == ARCH_INSN_SLOT_SIZE, "slot size");

/*
 * The tail, copied into every boostable slot after the second copy;
 * arch_prepare_kprobe() fills in the address (lis/ori: words 1 and 2).
 * It runs with EE off, so nothing can take SPRG3 from under it.
 */
extern const uint32_t boost_tail[SLOT_WORDS - SLOT_TAIL];
__asm__(".pushsection .rodata\n\t"
	".balign 4\n"
	"boost_tail:\n\t"
	"mtsprg 3, r11\n\t"
	"lis r11, 0\n\t"               /* (addr + 4) >> 16 */
	"ori r11, r11, 0\n\t"          /* (addr + 4) & 0xffff */
	"mtsrr0 r11\n\t"
	"mfmsr r11\n\t"
	"ori r11, r11, 0x8000\n\t"     /* MSR_EE */
	"mtsrr1 r11\n\t"
	"mfsprg r11, 3\n\t"
	"rfid\n"
	".popsection");

/*
 * Decide how an instruction is stepped, or refuse it (-EINVAL).
 * Refused: anything that traps on purpose (tw, twi, td, tdi, sc, scv,
 * attn and the rest of opcode 0), returns from an interrupt (rfid, hrfid,
 * rfi, rfscv, rfebb, urfid), writes or reads the MSR (mtmsr, mtmsrd: the
 * step itself changes MSR_SE and MSR_EE; mfmsr would see that), writes
 * SRR0/SRR1 (the step's own return state), stops or waits the CPU (stop,
 * nap, sleep, doze, rvwinkle, wait), computes with its own address other
 * than as a branch (addpcis), is a prefixed instruction, or takes or uses
 * a reservation (lwarx ... stdcx.: the interrupts around the step clear
 * the reservation, so a probe there would make the loop retry forever).
 */
static int classify(uint32_t insn)
{
	switch (OPCODE(insn)) {
	case 0: case 1: case 2: case 3: case 17:   /* attn..., prefix, tdi, twi, sc */
		return -EINVAL;
	case 18:                                   /* b, ba, bl, bla */
	case 16:                                   /* bc, bca, bcl, bcla */
		return (AA(insn) ? 0 : FIXUP_RELATIVE) | (LK(insn) ? FIXUP_LINK : 0);
	case 19:
		if (((insn >> 1) & 0x1f) == 2)     /* addpcis (DX-form) */
			return -EINVAL;
		switch (XO_19(insn)) {
		case 16: case 528: case 560:       /* bclr, bcctr, bctar */
			return LK(insn) ? FIXUP_LINK : 0;
		case 18: case 50: case 82: case 146: case 274: case 306:   /* rfid... */
		case 370: case 402: case 434: case 466: case 498:          /* stop, doze... */
			return -EINVAL;
		}
		return 0;
	case 31:
		switch (XO_31(insn)) {
		case 4: case 68:                   /* tw, td */
		case 83: case 146: case 178:       /* mfmsr, mtmsr, mtmsrd */
		case 62:                           /* wait */
		case 20: case 52: case 84: case 116: case 276:     /* lwarx, lbarx, ldarx, lharx, lqarx */
		case 150: case 182: case 214: case 694: case 726:  /* stwcx., stqcx., stdcx., stbcx., sthcx. */
			return -EINVAL;
		case 467:                          /* mtspr */
			switch (SPR(insn)) {
			case SPR_SRR0: case SPR_SRR1: case SPR_HSRR0: case SPR_HSRR1:
			case SPR_SPRG3:                /* the boosted slot's scratch */
				return -EINVAL;
			}
			return 0;
		}
		return 0;
	}
	return 0;
}

/* Not a branch (b, bc, bclr, bcctr, bctar): then it runs the same anywhere. */
static bool boostable(uint32_t insn)
{
	unsigned xo = XO_19(insn);

	return OPCODE(insn) != 18 && OPCODE(insn) != 16 &&
	       !(OPCODE(insn) == 19 && (xo == 16 || xo == 528 || xo == 560));
}

/* One trap with a post handler too: the breakpoint handler does on regs
 * what the commonest instructions at function entries do (tools/entry-
 * insns.py; mflr r0 begins half of Sonde's), the rest is stepped.  Memory
 * only at r1 + d, d >= -288: the protected zone, which the trap spares. */
bool arch_emulate(struct kprobe *p, struct pt_regs *regs)
{
	uint32_t insn = p->opcode, op = p->ainsn.emulate ? OPCODE(insn) : 0, xo = XO_31(insn);   /* 0: none */
	unsigned long *rt = &regs->gpr[RT(insn)], *ra = &regs->gpr[RA(insn)], *lr_ctr;
	long d = (int16_t)(insn & ~3u);   /* ld, std (DS-form): the low 2 bits are opcode */

	if (op == 14 || op == 15)         /* addi, addis (odd: << 16); li, lis when rA = 0 */
		*rt = (RA(insn) ? *ra : 0) + ((unsigned long)(int16_t)insn << 16 * (op & 1));
	else if (op == 24 || op == 25)    /* ori, oris (not sign-extended); nop */
		*ra = *rt | (unsigned long)(insn & 0xffff) << 16 * (op & 1);
	else if (op == 31 && xo == 444 && !(insn & 1) && RT(insn) == RB(insn))
		*ra = *rt;                    /* mr rA,rS = or rA,rS,rS (not "or.") */
	else if (op == 31 && (xo == 339 || xo == 467) && (SPR(insn) == 8 || SPR(insn) == 9)) {
		lr_ctr = SPR(insn) == 8 ? &regs->link : &regs->ctr;
		if (xo == 339)
			*rt = *lr_ctr;                /* mflr, mfctr */
		else
			*lr_ctr = *rt;                /* mtlr, mtctr */
	} else if (op == 58 && (insn & 3) == 0 && RA(insn) == 1 && d >= -STACK_PROTECTED_ZONE)
		*rt = *(unsigned long *)(*ra + d);        /* ld rT,d(r1) */
	else if (op == 62 && (insn & 3) <= 1 && RA(insn) == 1 && d >= -STACK_PROTECTED_ZONE) {
		*(unsigned long *)(*ra + d) = *rt;        /* std, stdu rS,d(r1): rS first, */
		*ra += insn & 3 ? d : 0;                  /* as stdu r1 stores the old r1 */
	} else
		return false;
	regs->nip += 4;
	return true;
}

int arch_prepare_kprobe(struct kprobe *p)
{
	unsigned long addr = (unsigned long)p->addr, next = addr + 4;
	const struct ksym *s = ksym_by_addr(addr);
	uint32_t insn, slot[SLOT_WORDS];
	int fixup;

	if (addr % 4)
		return -EINVAL;               /* instructions are aligned words */
	if (!s || !ksym_is_function(s) || (s->size && addr >= s->addr + s->size))
		return -EINVAL;               /* not inside a function */
	insn = *(const uint32_t *)addr;
	fixup = classify(insn);
	if (fixup < 0)
		return fixup;

	p->ainsn.boostable = boostable(insn);
	p->ainsn.emulate = kprobes_emulate;
	slot[0] = slot[SLOT_EE_ON] = insn;
	slot[SLOT_BA] = 0x48000002u | (uint32_t)next;         /* ba next */
	memcpy(&slot[SLOT_TAIL], boost_tail, sizeof(boost_tail));
	slot[SLOT_TAIL + 1] |= (uint32_t)(next >> 16);
	slot[SLOT_TAIL + 2] |= (uint32_t)(next & 0xffff);
	arch_text_poke(p->ainsn.insn, slot, p->ainsn.boostable ? sizeof(slot) : 4);
	p->ainsn.fixup = (uint8_t)fixup;
	return 0;
}

/*
 * The one routine that writes kernel text.  Sonde runs in real mode, so
 * nothing is write-protected; what matters is that instruction fetch
 * sees the new word: push it out of the data cache (dcbst), wait (sync),
 * drop the stale instruction cache line (icbi) and refetch (isync).
 */
void arch_text_poke(void *addr, const void *bytes, size_t len)
{
	unsigned long flags = arch_irq_save();

	memcpy(addr, bytes, len);
	for (size_t off = 0; off < len; off += 4)
		flush_icache_word((char *)addr + off);
	arch_irq_restore(flags);
}

/* Run the copy at the slot (see the top of this file), or ask for a step. */
bool arch_try_boost(struct kprobe *p, struct pt_regs *regs)
{
	uint32_t *slot = p->ainsn.insn;

	if (!p->ainsn.boostable)
		return false;
	if (regs->msr & MSR_EE) {         /* the tail gives it back (off: no store) */
		regs->msr ^= MSR_EE;
		slot += SLOT_EE_ON;
	}
	regs->nip = (unsigned long)slot;
	return true;
}

/* Only a copy can fault: back to the probe, EE as the hit found it. */
bool arch_boost_fault(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long off = regs->nip - (unsigned long)p->ainsn.insn;

	if (!p->ainsn.boostable || off >= ARCH_INSN_SLOT_SIZE)
		return false;
	if (off == SLOT_EE_ON * 4)
		regs->msr |= MSR_EE;
	regs->nip = (unsigned long)p->addr;
	return true;
}

void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs,
			     unsigned long *saved)
{
	*saved = regs->msr & (MSR_SE | MSR_EE);
	regs->msr |= MSR_SE;              /* trace after one instruction */
	regs->msr &= ~MSR_EE;             /* and let no interrupt in between */
	regs->nip = (unsigned long)p->ainsn.insn;
}

void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs,
			    unsigned long saved)
{
	unsigned long slot = (unsigned long)p->ainsn.insn, addr = (unsigned long)p->addr;
	unsigned long old_nip = regs->nip;

	if (p->ainsn.fixup & FIXUP_RELATIVE)
		regs->nip += addr - slot;
	else if (regs->nip == slot + 4)
		regs->nip = addr + 4;
	if ((p->ainsn.fixup & FIXUP_LINK) && regs->link == slot + 4)
		regs->link = addr + 4;
	regs->msr = (regs->msr & ~(MSR_SE | MSR_EE)) | saved;
	if (kprobes_explain) {
		char to[64];
		ksym_format(regs->nip, to, sizeof(to));
		printk("explain:   nip fixed up from %p (slot+0x%lx) to %p (%s)\n",
		       (void *)old_nip, old_nip - slot, (void *)regs->nip, to);
	}
}

void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs,
			   unsigned long saved)
{
	regs->nip = (unsigned long)p->addr;
	regs->msr = (regs->msr & ~(MSR_SE | MSR_EE)) | saved;
}

/* ------------------------------------------------------------ jprobes */

/*
 * No trap at the end (as on x86).  The entry runs as if the probed
 * function's caller had called it, so it may write what the ABI lets any
 * callee write in the caller's frame: the CR and LR save words and the
 * parameter save area, the 112 bytes above r1.  So it runs JPROBE_GAP
 * bytes lower, below the exception frame the hit left, on a copy of
 * those 112 bytes; the probe's stack and that frame survive it, and
 * jprobe_return() hands the frame to the engine and leaves by the
 * exception exit, as a trap would.
 */
#define JPROBE_GAP (EXC_FRAME_SIZE + STACK_FRAME_OVERHEAD)
#define STR(x) #x
#define XSTR(x) STR(x)

static struct pt_regs *jprobe_frame;
static unsigned long jprobe_ee;       /* the frame's EE, which the entry runs without */
const unsigned long *jprobe_entry;    /* its descriptor, for jprobe_enter */

/* The exception returns here, its handler's frames (where the copy goes)
 * gone.  The copy moves quadwords (lq/stq) through r4, r5, arguments put
 * back from the frame above; r0 and r12 hold nothing at a function's start. */
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	"jprobe_enter:\n\t"
	"addi r1, r1, -" XSTR(JPROBE_GAP) "\n\t"
	".set i, 0\n\t"
	".rept " XSTR(STACK_FRAME_OVERHEAD) " / 16\n\t"
	"lq r4, " XSTR(JPROBE_GAP) " + i(r1)\n\t"
	"stq r4, i(r1)\n\t"
	".set i, i + 16\n\t"
	".endr\n\t"
	"lq r4, " XSTR(STACK_FRAME_OVERHEAD + EXC_REGS + PT_GPR(4)) "(r1)\n\t"
	"lis r12, jprobe_entry@ha\n\t"
	"ld r12, jprobe_entry@l(r12)\n\t"
	"ld r0, 0(r12)\n\t"           /* the code, and the TOC in r2 */
	"ld r2, 8(r12)\n\t"
	"mtctr r0\n\t"
	"bctr\n"
	".popsection");
extern char jprobe_enter[];

int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	jprobe_frame = regs;
	jprobe_entry = container_of(p, struct jprobe, kp)->entry;
	jprobe_ee = regs->msr & MSR_EE;
	regs->msr &= ~MSR_EE;             /* the entry runs like a handler */
	regs->nip = (unsigned long)jprobe_enter;
	return 1;
}

/* Go on as after the pre handlers (step or boost), then "return from the
 * exception" into the frame, EXC_REGS into the exception's stack frame. */
void jprobe_return(void)
{
	jprobe_frame->msr |= jprobe_ee;   /* what the boost or step restores */
	if (kprobes_explain)
		printk("explain:   jprobe_return(): no trap, the probe's own exception frame goes on\n");
	if (!kprobe_jprobe_done(jprobe_frame))
		panic("jprobe_return() outside a jprobe's entry");
	__asm__ volatile("addi r1, %0, -%1\n\tb ppc64_trap_called + 4"   /* past the nop */
			 : : "b"(jprobe_frame), "i"(EXC_REGS));
	__builtin_unreachable();
}

int longjmp_break_handler(struct kprobe *p __unused, struct pt_regs *regs __unused)
{
	return 0;                         /* jprobe_return() sets no breakpoint */
}

/* -------------------------------------------------------- kretprobes */

/* At a function's first instruction the return address is in LR. */
void arch_prepare_kretprobe(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ri->ret_addr = regs->link;
	regs->link = (unsigned long)kretprobe_trampoline;
}

/*
 * The trampoline: probed functions "return" here.  Its first word
 * carries the engine's own probe (probe/kretprobes.c), whose handler
 * sends the task on to the real return address, so the nop never runs;
 * the word after it is an illegal instruction, so a missing probe fails
 * loudly.
 */
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	".globl kretprobe_trampoline\n"
	"kretprobe_trampoline:\n\t"
	"nop\n\t"
	".long 0\n"
	".popsection");
