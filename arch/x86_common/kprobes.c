/*
 * The x86 side of the probe engine, shared by the i386 and x86_64 ports.
 *
 * A probe replaces the first byte of an instruction with int3 (0xcc).
 * When it traps, the engine runs the handlers and then single-steps a
 * copy of the original instruction, kept in a slot elsewhere, with the
 * trap flag (TF) set and interrupts off.  Running the copy at another
 * address changes what the instruction sees of its own address, so
 * after the step we repair exactly that:
 *
 *   - the ip: the copy ends at slot+len, or at a relative branch target
 *     computed from the slot.  Adding (addr - slot) gives the right
 *     place in both cases -- one rule for jmp, jcc, loop and jcxz.
 *   - a call pushed slot+len as its return address: add the same delta.
 *   - pushf pushed our TF (and our cleared IF): put the real flags back.
 *   - ret and indirect jumps/calls already went to an absolute place:
 *     leave the ip alone.
 *   - x86_64 RIP-relative operands are fixed before the step instead:
 *     the copy's displacement is rebased so it still reaches the same
 *     data from the slot (slots are within +-2 GiB, see insn_slots.c).
 *
 * Instructions that cannot be stepped safely are refused when the probe
 * is registered (see x86_classify()).
 *
 * "Boosting" (beyond 2005, as later Linux does) saves the second trap
 * when no post handler has to run after the instruction: the slot holds
 * the copy followed by "sti; jmp addr+len", and the breakpoint handler
 * returns straight into the slot with interrupts still off.  The copy
 * runs, sti turns interrupts back on only after the jmp (sti's one-
 * instruction shadow), and execution continues after the probe.  A hit
 * in code that had interrupts off uses a second copy in the same slot
 * that just jumps back.  Since no interrupt can arrive while a task is
 * inside a slot, a slot can be freed at any time.  Only instructions
 * that do not care where they run are boosted: not branches, calls,
 * returns, pushf or IF changes.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include "insn.h"
#include "flags.h"

/* Where the second, sti-less copy of a boostable instruction starts. */
#define BOOST_NOSTI_OFFSET 24

/* What to repair after stepping the copy (arch_specific_insn.fixup). */
enum x86_fixup {
	FIXUP_IP,           /* add the delta to the ip (most instructions)  */
	FIXUP_NONE,         /* ret, jmp *x: the ip is already absolute      */
	FIXUP_CALL,         /* call rel: fix the pushed address and the ip  */
	FIXUP_CALL_ABS,     /* call *x: fix the pushed address only         */
	FIXUP_PUSHF,        /* pushf: fix the pushed flags, and the ip      */
};

/* Instructions that change IF themselves: do not restore it after them. */
static bool modifies_if(const struct x86_insn *in)
{
	return in->map == 0 && (in->opcode == 0xfa || in->opcode == 0xfb ||
				in->opcode == 0x9d || in->opcode == 0xcf);
}

/*
 * Decide how an instruction is stepped, or refuse it.  Refused: anything
 * that traps on purpose (int3, int n, into, int1), returns from a trap
 * (iret), stops the CPU (hlt), changes privilege or code segment (far
 * call/jmp/ret, syscall, sysenter...), blocks the single-step trap for
 * one instruction (mov ss, pop ss), repeats (rep string instructions
 * trap once per iteration), or keeps a relative address we cannot
 * rebase (xbegin).
 */
int x86_classify(const struct x86_insn *in)
{
	unsigned reg = (in->modrm >> 3) & 7;

	if (!in->vex_len && in->map == 1 && (in->opcode == 0x05 || in->opcode == 0x07 ||
					     in->opcode == 0x34 || in->opcode == 0x35))
		return -EINVAL;                       /* syscall, sysret, sysenter, sysexit */
	if (in->vex_len || in->map != 0)
		return FIXUP_IP;
	switch (in->opcode) {
	case 0xcc: case 0xcd: case 0xce: case 0xf1:   /* int3, int n, into, int1 */
	case 0xcf: case 0xf4:                         /* iret, hlt */
	case 0x9a: case 0xea: case 0xca: case 0xcb:   /* far call, jmp, ret */
	case 0x17:                                    /* pop ss */
		return -EINVAL;
	case 0x8e:                                    /* mov sreg: refuse ss */
		return reg == 2 ? -EINVAL : FIXUP_IP;
	case 0xc7:                                    /* xbegin */
		return in->modrm == 0xf8 ? -EINVAL : FIXUP_IP;
	case 0xa4: case 0xa5: case 0xa6: case 0xa7:   /* string instructions */
	case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:
		return in->rep ? -EINVAL : FIXUP_IP;
	case 0xe8:
		return FIXUP_CALL;
	case 0xc2: case 0xc3:
		return FIXUP_NONE;
	case 0x9c:
		return FIXUP_PUSHF;
	case 0xff:
		if (reg == 2)
			return FIXUP_CALL_ABS;
		if (reg == 4)
			return FIXUP_NONE;
		if (reg == 3 || reg == 5)             /* far call/jmp via memory */
			return -EINVAL;
		return FIXUP_IP;
	}
	return FIXUP_IP;
}

/*
 * Copy len bytes of kernel text as they were before any probe: armed
 * probes show 0xcc in memory, so put their saved opcodes back, and
 * jump-optimised ones (kprobes_opt.c) a jmp: put back its 4-byte tail
 * too, which may start before addr.
 */
void x86_read_original(uint8_t *dst, unsigned long addr, size_t len)
{
	memcpy(dst, (const void *)addr, len);
	for (long i = -4; i < (long)len; i++) {
		struct kprobe *ap = get_kprobe((void *)(addr + i));
		if (ap && i >= 0 && !(ap->flags & KPROBE_FLAG_DISABLED))
			dst[i] = ap->opcode;
		for (long k = 1; ap && (ap->flags & KPROBE_FLAG_OPTIMIZED) && k <= 4; k++)
			if (i + k >= 0 && i + k < (long)len)
				dst[i + k] = ap->ainsn.jmp_tail[k - 1];
	}
}

/* Is addr the start of an instruction?  Decode its function from the start. */
static int check_boundary(unsigned long addr)
{
	const struct ksym *s = ksym_by_addr(addr);
	size_t off;
	uint8_t *buf;
	bool ok;

	if (!s || !ksym_is_function(s))
		return -EINVAL;
	off = addr - s->addr;
	if (s->size == 0)                 /* an assembly label: only its start */
		return off == 0 ? 0 : -EILSEQ;
	buf = kmalloc(s->size);
	if (!buf)
		return -ENOMEM;
	x86_read_original(buf, s->addr, s->size);
	ok = x86_insn_is_boundary(buf, s->size, off, LONG_MODE);
	kfree(buf);
	return ok ? 0 : -EILSEQ;
}

bool x86_copy_insn(uint8_t *dst, const uint8_t *orig, const struct x86_insn *in,
		   unsigned long addr)
{
	memcpy(dst, orig, in->length);
	if (!in->rip_relative)
		return true;
	int64_t moved = (int64_t)x86_insn_field(orig, in->disp_offset, 4) +
			(int64_t)(addr - (unsigned long)dst);
	int32_t disp = (int32_t)moved;
	memcpy(dst + in->disp_offset, &disp, 4);
	return disp == moved;
}

void x86_put_rel32(uint8_t *at, unsigned long target)
{
	int32_t rel = (int32_t)(target - ((unsigned long)at + 4));

	memcpy(at, &rel, 4);
}

/*
 * Write one copy of the instruction at dst (x86_copy_insn), followed
 * by "sti" if asked and "jmp rel32" back to addr+len if asked.
 */
static bool emit_copy(uint8_t *dst, const uint8_t *orig, const struct x86_insn *in,
		      unsigned long addr, bool sti, bool jmp_back)
{
	uint8_t *tail = dst + in->length;

	if (!x86_copy_insn(dst, orig, in, addr))
		return false;
	if (sti)
		*tail++ = 0xfb;
	if (jmp_back) {
		tail[0] = 0xe9;
		x86_put_rel32(tail + 1, addr + in->length);
	}
	return true;
}

/* ---------------------------------------------------------- emulation */

/*
 * One trap, even with a post handler: the breakpoint handler does the
 * instruction's work on regs itself (arch_emulate), for the forms that
 * tools/entry-insns.py finds at the start of most of Sonde's functions
 * (docs/bench.md).  A push's word goes right below sp, where the CPU
 * put the trap's frame: x86_64's CPU aligns the frame lower first, and
 * i386's entry leaves that word free and its exit moves the frame to a
 * new sp (arch/x86/trap_entry.S).
 */
enum x86_emul {
	EMUL_NO,            /* run the copy: boost or single-step it    */
	EMUL_NOP,           /* nop, nopl/nopw, endbr64/endbr32          */
	EMUL_MOV,           /* mov reg, reg; lea disp(base), reg        */
	EMUL_MOV_IMM,       /* mov $imm32, reg32                        */
	EMUL_XOR,           /* xor reg, reg: 0, and known flags         */
	EMUL_JMP,           /* jmp rel8/rel32                           */
	EMUL_ADD, EMUL_SUB, /* add/sub $imm, reg64      (x86_64 only)   */
	EMUL_PUSH,          /* push reg                                 */
	EMUL_CALL,          /* call rel32                               */
	EMUL_RET,           /* ret                                      */
};

#define ALU_FLAGS 0x8d5     /* OF SF ZF AF PF CF */

/* Register n (as ModRM and REX number them) in the trap frame, as a
 * byte offset. */
#define R(f) offsetof(struct pt_regs, f)
static const uint8_t reg_field[] = { R(ax), R(cx), R(dx), R(bx), R(sp), R(bp), R(si), R(di),
#ifdef __x86_64__
	R(r8), R(r9), R(r10), R(r11), R(r12), R(r13), R(r14), R(r15)
#endif
};

static unsigned long *reg(struct pt_regs *regs, unsigned field)
{
	return (unsigned long *)((char *)regs + field);
}

/* What arch_emulate can do for this instruction, with its operands. */
static int classify_emul(struct arch_specific_insn *a, const struct x86_insn *in,
			 const uint8_t *code)
{
	unsigned op = in->opcode, mod = in->modrm >> 6, field = (in->modrm >> 3) & 7;
	unsigned reg = field | (in->rex & 4 ? 8 : 0), rm = (in->modrm & 7) | (in->rex & 1 ? 8 : 0);
	int kind = EMUL_NO;

	a->emul_wide = (in->rex & 8) != 0;
	a->emul_imm = in->imm_size ? x86_insn_field(code, in->imm_offset, in->imm_size) : 0;
	if (in->vex_len)
		return EMUL_NO;
	if ((in->map == 1 && (op == 0x1f || (op == 0x1e && in->rep == 0xf3 && (in->modrm | 1) == 0xfb))) ||
	    (in->map == 0 && op == 0x90 && !in->rex && !in->rep))
		return EMUL_NOP;                  /* nop forms, endbr64 (fa), endbr32 (fb) */
	if (in->nr_prefixes || in->map != 0)
		return EMUL_NO;
	if (op >= 0xb8 && op <= 0xbf && !a->emul_wide) {
		rm = (op & 7) | (in->rex & 1 ? 8 : 0);
		kind = EMUL_MOV_IMM;
	} else if ((op == 0x31 || op == 0x33) && mod == 3 && rm == reg) {
		kind = EMUL_XOR;
	} else if ((op == 0x89 || op == 0x8b) && mod == 3) {   /* 89: rm <- reg; 8b: reg <- rm */
		a->emul_src = reg_field[op == 0x89 ? reg : rm];
		rm = op == 0x89 ? rm : reg;
		kind = EMUL_MOV;
	} else if (op == 0x8d && mod != 3 && (in->modrm & 7) != 4 && !(mod == 0 && (in->modrm & 7) == 5)) {
		a->emul_imm = in->disp_size ? x86_insn_field(code, in->disp_offset, in->disp_size) : 0;
		a->emul_src = reg_field[rm];      /* lea without SIB or rip */
		rm = reg;
		kind = EMUL_MOV;
	} else if (op == 0xeb || op == 0xe9) {
		return EMUL_JMP;
	} else if (LONG_MODE && (op == 0x83 || op == 0x81) && mod == 3 && a->emul_wide &&
		   (field == 0 || field == 5)) {
		kind = field == 0 ? EMUL_ADD : EMUL_SUB;
	} else if ((op >= 0x50 && op <= 0x57) || op == 0xe8 || op == 0xc3) {
		a->emul_src = reg_field[(op & 7) | (in->rex & 1 ? 8 : 0)];   /* push's */
		return op == 0xc3 ? EMUL_RET : op == 0xe8 ? EMUL_CALL : EMUL_PUSH;
	}
	a->emul_dst = reg_field[rm];      /* i386: not into sp (its exit follows it only a little down) */
	return !LONG_MODE && rm == 4 ? EMUL_NO : kind;
}

/*
 * Do p's instruction on regs, as the CPU would have after the int3,
 * and leave the ip after it.  False: not emulated, run the copy.
 */
bool arch_emulate(struct kprobe *p, struct pt_regs *regs)
{
	const struct arch_specific_insn *a = &p->ainsn;

	if (a->emul == EMUL_NO)           /* first: the sites it cannot do */
		return false;
	unsigned long next = (unsigned long)p->addr + a->length, v = 0;
	unsigned long *dst = reg(regs, a->emul_dst);

	switch (a->emul) {
	case EMUL_MOV:                    /* mov's emul_imm is 0 */
		v = *reg(regs, a->emul_src) + a->emul_imm;
		*dst = a->emul_wide ? v : (uint32_t)v;
		break;
	case EMUL_MOV_IMM:
		*dst = (uint32_t)a->emul_imm;
		break;
	case EMUL_XOR:
		*dst = 0;
		regs->flags = (regs->flags & ~ALU_FLAGS) | 0x44;   /* ZF PF */
		break;
	case EMUL_JMP:
		next += a->emul_imm;
		break;
	case EMUL_ADD:                    /* by the CPU: the flags come out right */
		__asm__("add %2, %0; pushf; pop %1" : "+r"(*dst), "=r"(v) : "r"((long)a->emul_imm));
		regs->flags = (regs->flags & ~ALU_FLAGS) | (v & ALU_FLAGS);
		break;
	case EMUL_SUB:
		__asm__("sub %2, %0; pushf; pop %1" : "+r"(*dst), "=r"(v) : "r"((long)a->emul_imm));
		regs->flags = (regs->flags & ~ALU_FLAGS) | (v & ALU_FLAGS);
		break;
	case EMUL_PUSH:
	case EMUL_CALL:
		/*
		 * The word goes below the stack pointer, where the CPU may
		 * have put this trap's own frame.  i386: the word there is
		 * free (regs.h).  x86_64: at a function's entry it is (rsp
		 * was 8 off 16 bytes, and the CPU aligned it first),
		 * elsewhere it may not be: then run the copy.
		 */
		if (LONG_MODE && regs->sp - sizeof(long) < (unsigned long)(regs + 1))
			return false;
		v = a->emul == EMUL_CALL ? next : *reg(regs, a->emul_src);   /* push %sp: the old one */
		regs->sp -= sizeof(long);
		*(unsigned long *)regs->sp = v;
		next += a->emul_imm;          /* call's rel32; push has none */
		break;
	case EMUL_RET:
		next = *(unsigned long *)regs->sp;
		regs->sp += sizeof(long);
		break;
	}
	regs->ip = next;
	return true;
}

int arch_prepare_kprobe(struct kprobe *p)
{
	unsigned long addr = (unsigned long)p->addr;
	uint8_t copy[X86_MAX_INSN_SIZE];
	struct x86_insn in;
	int err, fixup;
	bool ok;

	err = check_boundary(addr);
	if (err)
		return err;
	x86_read_original(copy, addr, sizeof(copy));
	if (x86_insn_decode(&in, copy, sizeof(copy), LONG_MODE) < 0)
		return -EILSEQ;
	fixup = x86_classify(&in);
	if (fixup < 0)
		return fixup;

	p->ainsn.length = in.length;
	p->ainsn.fixup = (uint8_t)fixup;
	p->ainsn.sets_if = modifies_if(&in);
	p->ainsn.boostable = fixup == FIXUP_IP && !x86_insn_is_rel_branch(&in) && !modifies_if(&in);
	p->ainsn.emul = kprobes_emulate ? (uint8_t)classify_emul(&p->ainsn, &in, copy) : EMUL_NO;
	/*
	 * The slot: the copy that is single-stepped (and, boosted, runs on
	 * into "sti; jmp back"), and at BOOST_NOSTI_OFFSET a second copy
	 * with only "jmp back", for probes hit with interrupts off.
	 */
	ok = emit_copy(p->ainsn.insn, copy, &in, addr, p->ainsn.boostable, p->ainsn.boostable);
	if (ok && p->ainsn.boostable)
		ok = emit_copy(p->ainsn.insn + BOOST_NOSTI_OFFSET, copy, &in, addr, false, true);
	return ok ? 0 : -EINVAL;          /* -EINVAL: slot out of +-2 GiB reach */
}

/*
 * The one routine that writes kernel text.  i386 Sonde runs without
 * paging, so text is writable by anyone and this is a convention; on
 * x86_64 the text is mapped read-only (boot.S) and this routine lifts
 * write protection (CR0.WP) for the moment of the write, with
 * interrupts off.  x86 keeps instruction fetch coherent with stores on
 * its own; the serialising cpuid makes sure no stale prefetch of the old
 * bytes is used.
 */
void arch_text_poke(void *addr, const void *bytes, size_t len)
{
	unsigned long flags = arch_irq_save(), cr0;
	uint32_t a = 0, b, c = 0, d;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0 & ~(1ul << 16)));
	memcpy(addr, bytes, len);
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory");
	arch_irq_restore(flags);
}

void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs,
			     unsigned long *saved)
{
	*saved = regs->flags & (X86_FLAGS_TF | X86_FLAGS_IF);
	if (p->ainsn.sets_if)             /* cli, sti, popf: IF is theirs */
		*saved &= ~X86_FLAGS_IF;
	regs->flags |= X86_FLAGS_TF;      /* trap after one instruction */
	regs->flags &= ~X86_FLAGS_IF;     /* and let no interrupt in between */
	regs->ip = (unsigned long)p->ainsn.insn;
}

/*
 * Run the copy without single-stepping, if it is boostable and the
 * interrupted code had interrupts on (the slot's sti restores exactly
 * that).  Returns false to ask for an ordinary single-step.
 */
bool arch_try_boost(struct kprobe *p, struct pt_regs *regs)
{
	if (!p->ainsn.boostable)
		return false;
	regs->ip = (unsigned long)p->ainsn.insn + (regs->flags & X86_FLAGS_IF ? 0 : BOOST_NOSTI_OFFSET);
	regs->flags &= ~X86_FLAGS_IF;     /* the sti copy's sti gives it back */
	return true;
}

bool arch_boost_fault(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long off = regs->ip - (unsigned long)p->ainsn.insn;

	if (!p->ainsn.boostable || off >= ARCH_INSN_SLOT_SIZE)
		return false;
	if (off < BOOST_NOSTI_OFFSET)     /* the sti copy: IF was on */
		regs->flags |= X86_FLAGS_IF;
	regs->ip = (unsigned long)p->addr;
	return true;
}

void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs,
			    unsigned long saved)
{
	unsigned long delta = (unsigned long)p->addr - (unsigned long)p->ainsn.insn;
	unsigned long *top = (unsigned long *)stack_pointer(regs);
	unsigned long old_ip = regs->ip;

	switch (p->ainsn.fixup) {               /* LAB 3: BEGIN fixups */
	case FIXUP_PUSHF:
		*top &= ~(X86_FLAGS_TF | X86_FLAGS_IF);
		*top |= saved;
		regs->ip += delta;
		break;
	case FIXUP_CALL:
		*top += delta;
		regs->ip += delta;
		break;
	case FIXUP_CALL_ABS:
		*top += delta;
		break;
	case FIXUP_NONE:
		break;
	default:
		regs->ip += delta;
		break;
	}                                       /* LAB 3: END fixups */
	regs->flags &= ~X86_FLAGS_TF;
	regs->flags |= saved;
	if (kprobes_explain) {
		char to[64];
		ksym_format(regs->ip, to, sizeof(to));
		printk("explain:   ip fixed up from %p (slot+0x%lx) to %p (%s)\n",
		       (void *)old_ip, old_ip - (unsigned long)p->ainsn.insn,
		       (void *)regs->ip, to);
	}
}

void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs,
			   unsigned long saved)
{
	regs->ip = (unsigned long)p->addr;
	regs->flags &= ~X86_FLAGS_TF;
	regs->flags |= saved;
}

/* ------------------------------------------------------------ jprobes */

/*
 * No trap at the end (2005's jprobe_return() trapped).  The entry runs
 * 256 bytes below the probe's sp, on a copy of its top 64 bytes (return
 * address, stack arguments: its to change; past them it must not write),
 * so the trap frame the hit left below (x86_64: within 191 bytes) lives.
 * The entry must end in jprobe_return(), which hands that frame to the
 * engine and leaves by the trap exit (never by returning: sp is off).
 */
#ifdef __x86_64__
#define SP "rsp"
#define WORD "8"
#else
#define SP "esp"
#define WORD "4"
#endif

static struct pt_regs *jprobe_frame;
static unsigned long jprobe_if;       /* the frame's IF, which the entry runs without */
void *jprobe_entry;                   /* for jprobe_enter */

/* The trap returns here, its handler's frames (where the copy goes) gone.
 * "push mem" copies a word with no register or flag. */
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	"jprobe_enter:\n\t"
	"lea -192(%" SP "), %" SP "\n\t"   /* 64 - 256: the copy's top */
	".rept 64 / " WORD "\n\t"
	"push 256 - " WORD "(%" SP ")\n\t"   /* the source: 256 above */
	".endr\n\t"
	"jmp *jprobe_entry\n"
	".popsection");
extern char jprobe_enter[];

int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	jprobe_frame = regs;
	jprobe_entry = container_of(p, struct jprobe, kp)->entry;
	jprobe_if = regs->flags & X86_FLAGS_IF;
	regs->flags &= ~X86_FLAGS_IF;     /* the entry runs like a handler */
	regs->ip = (unsigned long)jprobe_enter;
	return 1;
}

/* Go on as after the pre handlers, then "return from the trap" into the
 * frame (i386: from one word below, the argument x86_trap_called drops). */
void jprobe_return(void)
{
	jprobe_frame->flags |= jprobe_if; /* what the boost or step restores */
	if (kprobes_explain)
		printk("explain:   jprobe_return(): no trap, the probe's own trap frame goes on\n");
	if (!kprobe_jprobe_done(jprobe_frame))
		panic("jprobe_return() outside a jprobe's entry");
	__asm__ volatile("lea %c1(%0), %%" SP "; jmp x86_trap_called"
			 : : "r"(jprobe_frame), "i"((int)sizeof(long) - 8));
	__builtin_unreachable();
}

int longjmp_break_handler(struct kprobe *p __unused, struct pt_regs *regs __unused)
{
	return 0;                         /* jprobe_return() sets no breakpoint */
}

/* -------------------------------------------------------- kretprobes */

/* arch_prepare_kretprobe() is a macro in <arch/kprobes.h>. */

/*
 * The trampoline: probed functions "return" here.  Its first byte
 * carries the engine's own probe (probe/kretprobes.c), whose handler
 * sends the task on to the real return address, so the nop never runs;
 * the ud2 makes a missing probe fail loudly instead of running off into
 * other code.  The nop is 5 bytes, so that the optimiser can make its
 * probe a jmp (kprobes_opt.c): a return then takes no trap either.
 */
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	".globl kretprobe_trampoline\n"
	".type kretprobe_trampoline, @function\n"
	"kretprobe_trampoline:\n\t"
	".byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n\t"   /* nopl 0(%eax,%eax,1) */
	"ud2\n"
	".size kretprobe_trampoline, . - kretprobe_trampoline\n"
	".popsection");

/* LAB 3: STUB fixups
 *	// LAB 3: your code here (labs/03-single-step/README.md): repair what
 *	// running the copy at the slot changed, for each class of enum
 *	// x86_fixup.  Only the plain case is written.
 *	switch (p->ainsn.fixup) {
 *	case FIXUP_IP:
 *		regs->ip += delta;
 *		break;
 *	default: {
 *		char site[64];
 *		(void)top;
 *		ksym_format((unsigned long)p->addr, site, sizeof(site));
 *		panic("LAB 3: arch_finish_singlestep() in arch/x86_common/kprobes.c "
 *		      "has no fixup for class %d (enum x86_fixup) yet: the probe at %s",
 *		      (int)p->ainsn.fixup, site);
 *	}
 *	}
 */
