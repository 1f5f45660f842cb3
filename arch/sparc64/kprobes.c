/*
 * The sparc64 side of the probe engine.
 *
 * A probe replaces one instruction word with "ta 0x70" (trap type
 * 0x170, TPC = the probe).  SPARC has no single-step, so the step is
 * software: the slot holds the copied instruction and then "ta 0x71"
 * (0x171, the engine's single-step trap); TPC/TNPC point at the slot.
 * Running the copy elsewhere changes only what looks at its own
 * address, so (classify()):
 *
 *   - ordinary instructions, save and restore: stepped; "ta 0x71" comes
 *     at slot+4, and TPC/TNPC become addr+4/addr+8;
 *   - jmpl (also ret, retl, indirect calls): stepped; its delay slot is
 *     the "ta 0x71", which traps with TNPC = the target, absolute
 *     already; TPC becomes addr+4, so the real delay slot runs next,
 *     and rd, if it got the slot's address, gets addr;
 *   - call, Bicc, BPcc and BPr: not stepped but emulated (the slot is
 *     "ta 0x71" alone): their displacement reaches only so far, and a
 *     slot may be farther.  fix_pc() evaluates the condition from the
 *     CCR in TSTATE (or rs1 for BPr) and sets TPC/TNPC as the branch
 *     would, annul bit included; call sets %o7 = addr.
 *
 * Refused (-EINVAL): an instruction in a delay slot, what traps or
 * changes the trap state (Tcc, done/retry, wrpr, saved/restored,
 * rdpr), "return", "rd %pc", floating-point branches (the kernel has
 * no FPU) and illtrap.  Without a post handler: arch_try_boost().
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include "sparc64.h"

#define STEP_TRAP 0x91d02071u      /* ta 0x71 */
#define NOP       0x01000000u
#define BA        0x10800000u      /* ba, disp22 in the low bits */
#define WRPR_IE   (0x8d902000u | PSTATE_PRIV | PSTATE_IE)   /* wrpr %g0, 6, %pstate */
#define TSTATE_IE (PSTATE_IE << 8) /* PSTATE sits at bit 8 of TSTATE */

enum { KIND_STEP, KIND_JMPL, KIND_CALL, KIND_BRANCH };
/* How a hit without a post handler may skip "ta 0x71" (arch_try_boost). */
enum { BOOST_NONE, BOOST_RUN, BOOST_RUN_OR_BA, BOOST_EMULATE };

#define OP(i)   ((i) >> 30)
#define OP2(i)  (((i) >> 22) & 7)
#define OP3(i)  (((i) >> 19) & 0x3f)
#define RD(i)   (((i) >> 25) & 0x1f)
#define RS1(i)  (((i) >> 14) & 0x1f)
#define COND(i) (((i) >> 25) & 0xf)
#define ANNUL(i) (((i) >> 29) & 1)

static long sext(unsigned long v, int bits)
{
	return (long)(v << (64 - bits)) >> (64 - bits);
}

/* Does this instruction have a delay slot? */
static bool is_dcti(uint32_t i)
{
	return OP(i) == 1 || (OP(i) == 0 && OP2(i) >= 1 && OP2(i) <= 6 && OP2(i) != 4) ||
	       (OP(i) == 2 && (OP3(i) == 0x38 || OP3(i) == 0x39));
}

static int classify(uint32_t i)
{
	switch (OP(i)) {
	case 1:
		return KIND_CALL;
	case 0:
		switch (OP2(i)) {
		case 1: case 2: return KIND_BRANCH;                  /* BPcc, Bicc */
		case 3: return (COND(i) & 3) ? KIND_BRANCH : -EINVAL; /* BPr; rcond 0, 4 reserved */
		case 4: return KIND_STEP;                             /* sethi, nop */
		}
		return -EINVAL;                          /* illtrap, FP branches */
	case 2:
		switch (OP3(i)) {
		case 0x38: return KIND_JMPL;
		case 0x28: return RS1(i) == 5 ? -EINVAL : KIND_STEP;  /* rd %pc */
		case 0x2a: case 0x31: case 0x32:         /* rdpr, saved/restored, wrpr */
		case 0x39: case 0x3a: case 0x3e:         /* return, Tcc, done/retry */
			return -EINVAL;
		}
	}
	return KIND_STEP;
}

int arch_prepare_kprobe(struct kprobe *p)
{
	unsigned long addr = (unsigned long)p->addr;
	const struct ksym *s = ksym_by_addr(addr);
	uint32_t insn, slot[4] = { STEP_TRAP, NOP, NOP, NOP };
	long back = (long)(addr + 4 - ((unsigned long)p->ainsn.insn + 8)) / 4;
	int kind;

	if (addr % 4)
		return -EINVAL;
	if ((char *)p->addr == kretprobe_trampoline) {
		p->ainsn.kind = KIND_STEP;            /* never stepped: its handler moves on */
		p->ainsn.boost = BOOST_NONE;
		return 0;
	}
	if (!s || !ksym_is_function(s) || (s->size && addr >= s->addr + s->size))
		return -EINVAL;
	insn = *(const uint32_t *)addr;
	if (addr > s->addr && is_dcti(*(const uint32_t *)(addr - 4)))
		return -EINVAL;                       /* in a delay slot */
	kind = classify(insn);
	if (kind < 0)
		return kind;
	p->ainsn.boost = kind == KIND_CALL || kind == KIND_BRANCH ? BOOST_EMULATE :
			 (kind == KIND_JMPL && RD(insn)) ? BOOST_NONE : BOOST_RUN;
	if (kind == KIND_STEP || kind == KIND_JMPL) {
		slot[0] = insn;
		slot[1] = STEP_TRAP;
	}
	if (kind == KIND_STEP && back >= -(1l << 21) && back < (1l << 21)) {
		slot[2] = BA | ((uint32_t)back & 0x3fffff);
		slot[3] = WRPR_IE;
		p->ainsn.boost = BOOST_RUN_OR_BA;
	}
	arch_text_poke(p->ainsn.insn, slot, sizeof(slot));
	p->ainsn.kind = (uint8_t)kind;
	return 0;
}

/* Store, then "flush" each word: instruction fetch sees the new text. */
void arch_text_poke(void *addr, const void *bytes, size_t len)
{
	unsigned long flags = arch_irq_save();

	memcpy(addr, bytes, len);
	for (size_t off = 0; off < len; off += 4)
		__asm__ volatile("flush %0" : : "r"((char *)addr + off) : "memory");
	arch_irq_restore(flags);
}

/* Is the condition of Bicc/BPcc true for these condition codes? */
static bool cond_true(unsigned cond, unsigned ccr)
{
	bool n = ccr & 8, z = ccr & 4, v = ccr & 2, c = ccr & 1, t;

	switch (cond & 7) {
	case 0: t = false; break;
	case 1: t = z; break;
	case 2: t = z || (n != v); break;
	case 3: t = n != v; break;
	case 4: t = c || z; break;
	case 5: t = c; break;
	case 6: t = n; break;
	default: t = v; break;
	}
	return (cond & 8) ? !t : t;
}

/* BPr: the condition on a register's value. */
static bool rcond_true(unsigned rcond, long x)
{
	switch (rcond & 3) {
	case 1: return (rcond & 4) ? x != 0 : x == 0;
	case 2: return (rcond & 4) ? x > 0 : x <= 0;
	default: return (rcond & 4) ? x >= 0 : x < 0;
	}
}

/* What the branch at addr does: the next TPC/TNPC. */
static void emulate_branch(uint32_t i, unsigned long addr, struct pt_regs *regs)
{
	unsigned ccr = (unsigned)(regs->tstate >> 32) & 0xff;
	unsigned long target;
	bool taken, always = false;

	if (OP2(i) == 3) {                        /* BPr */
		target = addr + sext(((i >> 6) & 0xc000) | (i & 0x3fff), 16) * 4;
		taken = rcond_true(COND(i) & 7, (long)*sparc64_reg(regs, RS1(i)));
	} else {
		unsigned cc = OP2(i) == 1 && ((i >> 21) & 1) ? ccr >> 4 : ccr;   /* xcc or icc */
		target = addr + (OP2(i) == 1 ? sext(i & 0x7ffff, 19) : sext(i & 0x3fffff, 22)) * 4;
		taken = cond_true(COND(i), cc & 0xf);
		always = COND(i) == 8;
	}
	if (taken && always && ANNUL(i)) {        /* ba,a: no delay slot */
		regs->tpc = target;
		regs->tnpc = target + 4;
	} else if (taken) {
		regs->tpc = addr + 4;
		regs->tnpc = target;
	} else if (ANNUL(i)) {                    /* untaken, annulled: skip the slot */
		regs->tpc = addr + 8;
		regs->tnpc = addr + 12;
	} else {
		regs->tpc = addr + 4;
		regs->tnpc = addr + 8;
	}
}

void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long *saved)
{
	*saved = regs->tstate & TSTATE_IE;
	regs->tstate &= ~TSTATE_IE;               /* no interrupt inside the step */
	regs->tpc = (unsigned long)p->ainsn.insn;
	regs->tnpc = regs->tpc + 4;
}

/* Where the instruction at p leads: TPC/TNPC after its step, or instead of it. */
static void fix_pc(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long addr = (unsigned long)p->addr, slot = (unsigned long)p->ainsn.insn;
	uint32_t insn = p->opcode;

	switch (p->ainsn.kind) {
	case KIND_CALL:
		regs->o[7] = addr;
		regs->tpc = addr + 4;
		regs->tnpc = addr + sext(insn & 0x3fffffff, 30) * 4;
		break;
	case KIND_BRANCH:
		emulate_branch(insn, addr, regs);
		break;
	case KIND_JMPL:
		if (RD(insn) && *sparc64_reg(regs, RD(insn)) == slot)
			*sparc64_reg(regs, RD(insn)) = addr;
		regs->tpc = addr + 4;                 /* TNPC: the target, as jmpl set it */
		break;
	default:
		regs->tpc = addr + 4;
		regs->tnpc = addr + 8;
		break;
	}
}

void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	unsigned long old_tpc = regs->tpc, slot = (unsigned long)p->ainsn.insn;

	fix_pc(p, regs);
	regs->tstate = (regs->tstate & ~TSTATE_IE) | saved;
	if (kprobes_explain) {
		char to[64];
		ksym_format(regs->tpc, to, sizeof(to));
		printk("explain:   tpc fixed up from %p (slot+0x%lx) to %p (%s)\n",
		       (void *)old_tpc, old_tpc - slot, (void *)regs->tpc, to);
	}
}

void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	set_instruction_pointer(regs, (unsigned long)p->addr);
	regs->tstate = (regs->tstate & ~TSTATE_IE) | saved;
}

/*
 * Boosting: with no post handler, no "ta 0x71".  A branch or call is
 * emulated at once.  Any other copy runs at the slot with TNPC = addr+4,
 * so that SPARC's own PC/NPC pair brings it back -- when interrupts
 * were off, as no interrupt may find a task in a slot that an
 * unregister could free.  Else TNPC = slot+8, with interrupts off: the
 * "ba" there leads back to addr+4, and the "wrpr" in its delay slot
 * turns them on again (if the slot is within its 8 MiB reach).
 * Only the copy can fault: arch_boost_fault() finds TPC = slot.
 */
bool arch_try_boost(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long slot = (unsigned long)p->ainsn.insn;

	if (p->ainsn.boost == BOOST_EMULATE) {
		fix_pc(p, regs);
	} else if (p->ainsn.boost != BOOST_NONE && !(regs->tstate & TSTATE_IE)) {
		regs->tpc = slot;
		regs->tnpc = (unsigned long)p->addr + 4;
	} else if (p->ainsn.boost == BOOST_RUN_OR_BA &&
		   ((regs->tstate >> 8) & 0xfff) == (PSTATE_PRIV | PSTATE_IE)) {
		regs->tstate &= ~TSTATE_IE;
		regs->tpc = slot;
		regs->tnpc = slot + 8;
	} else {
		return false;
	}
	return true;
}

bool arch_boost_fault(struct kprobe *p, struct pt_regs *regs)
{
	if (p->ainsn.boost == BOOST_NONE || regs->tpc != (unsigned long)p->ainsn.insn)
		return false;
	if (regs->tnpc != (unsigned long)p->addr + 4)
		regs->tstate |= TSTATE_IE;            /* the "ba" way turned them off */
	set_instruction_pointer(regs, (unsigned long)p->addr);
	return true;
}

/* ------------------------------------------------------------ jprobes */

/* The entry runs as a callee of the probed function's caller; it may
 * write the caller's argument words (above its save area). */
static struct {
	struct pt_regs regs;
	uint8_t stack[STACK_FRAME];
} jprobe_saved;

int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct jprobe *jp = container_of(p, struct jprobe, kp);

	jprobe_saved.regs = *regs;
	memcpy(jprobe_saved.stack, (void *)(regs->o[6] + STACK_BIAS), STACK_FRAME);
	regs->tstate &= ~TSTATE_IE;               /* the entry runs like a handler */
	set_instruction_pointer(regs, (unsigned long)jp->entry);
	return 1;
}

/*
 * The entry's own windows must be gone when the trap comes, so that the
 * probed function resumes in its caller's window: restore until %sp is
 * back at the probed function's, then trap at a known address.
 */
__attribute__((noinline)) void jprobe_return(void)
{
	register unsigned long sp asm("g1") = jprobe_saved.regs.o[6];

	__asm__ volatile("1:\tcmp %%sp, %0\n\t"
			 "blu,a,pt %%xcc, 1b\n\t"
			 " restore\n\t"
			 ".globl jprobe_return_trap\n"
			 "jprobe_return_trap:\n\t"
			 "ta 0x70" : : "r"(sp) : "memory");
}

extern char jprobe_return_trap[];

int longjmp_break_handler(struct kprobe *p, struct pt_regs *regs)
{
	(void)p;
	if (regs->tpc != (unsigned long)jprobe_return_trap)
		return 0;
	*regs = jprobe_saved.regs;
	memcpy((void *)(regs->o[6] + STACK_BIAS), jprobe_saved.stack, STACK_FRAME);
	return 1;
}

/* -------------------------------------------------------- kretprobes */

/*
 * At a function's first instruction, before its save, %o7 holds the
 * address of the call; it returns to %o7 + 8, and so ret_addr is that
 * (what backtraces show too).  The trampoline goes in as itself - 8.
 */
void arch_prepare_kretprobe(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ri->ret_addr = regs->o[7] + 8;
	regs->o[7] = (unsigned long)kretprobe_trampoline - 8;
}

/* The trampoline: its probe's handler sends the task on, so the nop
 * never runs; the illtrap after it makes a missing probe fail loudly. */
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	".globl kretprobe_trampoline\n"
	"kretprobe_trampoline:\n\t"
	"nop\n\t"
	"illtrap 0\n"
	".popsection");
