/*
 * x86 jump optimisation, shared by the i386 and x86_64 ports: what
 * probe/optprobes.c asks of a port (<sonde/arch.h>).
 *
 * An optimised site is "jmp rel32" to its detour (ARCH_OPTPROBE_SIZE
 * bytes from the engine's pool): a copy of the optfast template below,
 * its placeholders (P_*) replaced for the site, then the instructions
 * the jmp covers, relocated, and a jmp back after them.  For a site
 * with one member the template runs the hit itself: pushf; cli; save
 * every general register as a struct pt_regs, as int3 would show them;
 * status = active, kp = the member, nhit++; call its pre handler;
 * status = none; restore the caller-saved registers (the handler kept
 * the others) and the flags; the relocated copy -- or where the
 * handler set the ip, if it returned non-zero.  A hit inside a hit,
 * explain on, or several members take the C way instead: the frame on
 * the stack, kprobe_optimized_hit().  x86_64 keeps the fast frame in a
 * static struct pt_regs (one such hit at a time); i386 builds it on
 * the stack, where stack_pointer() expects it.  docs/probes.md tells
 * it in full, docs/bench.md counts it.
 *
 * Relocating: an instruction keeps its meaning at another address
 * unless it names its own address.  jmp and jcc are re-encoded with a
 * rel32 to the same target; call rel32 becomes "push $return; jmp
 * target", so the callee returns to the original code, never into a
 * detour; x86_64 RIP-relative operands get their displacement rebased.
 * Refused: what x86_classify() refuses for stepping, loop/jcxz (no
 * rel32 form), indirect calls, a call that is not the last instruction
 * (its return address would be inside the jmp), and any function with
 * an indirect jump (a jump table may lead anywhere) or a direct branch
 * into bytes 1..4 of the jmp.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/mm.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include "insn.h"
#include "gdt.h"

#define JMP_SIZE     ARCH_OPTPROBE_JMP_SIZE

extern char optfast[], optfast_entry[], optfast_end[];
#define ENTRY    (optfast_entry - optfast)   /* where the site's jmp lands */
#define TEMPLATE (optfast_end - optfast)     /* where the relocated copy starts */

/* The template's placeholders: 32-bit values no instruction holds. */
enum { P_IP = 0x7eadd001, P_PROBE, P_NHIT, P_SLOW, P_COPY, P_CALL };

#ifdef __x86_64__
static struct pt_regs opt_regs __attribute__((used)) =
	{ .cs = X86_KERNEL_CS, .ss = X86_KERNEL_DS, .vector = 3 };
#endif
static const bool always = true;  /* P_SLOW of a site with several members */

/* The detour's template, for ap.  Addresses fit in 32 bits: Sonde
 * lives in the first 2 GiB (x86_64: sign-extended immediates). */
static void fill_template(uint8_t *d, struct kprobe *ap)
{
	struct kprobe *m = ap->member_next;
	bool one = !m->member_next && m->pre_handler;
	unsigned long handler = (unsigned long)(one ? m->pre_handler : ap->pre_handler);
	unsigned long to[] = { (unsigned long)ap->addr + 1, (unsigned long)m, (unsigned long)&m->nhit,
			       (unsigned long)(one ? &kprobes_explain : &always),   /* P_IP .. */
			       (unsigned long)(d + TEMPLATE) };                     /* .. P_COPY */

	memcpy(d, optfast, TEMPLATE);
	for (uint8_t *p = d; p + 4 <= d + TEMPLATE; p++) {
		uint32_t v;
		memcpy(&v, p, 4);
		if (v - P_IP > P_CALL - P_IP)
			continue;
		v = v == P_CALL ? (uint32_t)(handler - (unsigned long)(p + 4)) : (uint32_t)to[v - P_IP];
		memcpy(p, &v, 4);
		p += 3;
	}
}

/* A direct branch or call: its target, or 0 if in is none of them. */
static unsigned long branch_target(const struct x86_insn *in, const uint8_t *code,
				   unsigned long at)
{
	if (!x86_insn_is_rel_branch(in))
		return 0;
	return at + in->length + (long)x86_insn_field(code, in->imm_offset, in->imm_size);
}

/*
 * Append the instruction at orig (address at) to the detour at *p,
 * rewritten to run there; last: it is the last one the jmp covers.
 * The caller made sure 15 bytes fit.
 */
static int relocate(uint8_t **p, const struct x86_insn *in, const uint8_t *orig,
		    unsigned long at, bool last)
{
	unsigned long target = branch_target(in, orig, at), ret = at + in->length;
	uint8_t *o = *p;

	if (x86_classify(in) < 0 || (in->map == 0 && in->opcode >= 0xe0 && in->opcode <= 0xe3) ||
	    (in->map == 0 && in->opcode == 0xff && ((in->modrm >> 3) & 7) == 2) ||
	    (target && in->opsize_prefix))
		return -EINVAL;           /* see the top of the file; a 16-bit branch: not worth it */
	if (in->map == 0 && in->opcode == 0xe8) {
		if (!last || ret >= 0x80000000ul)
			return -EINVAL;   /* push imm32 must hold the return */
		uint32_t imm = (uint32_t)ret;
		*o++ = 0x68;              /* push $ret */
		memcpy(o, &imm, 4);
		o += 4;
		*o++ = 0xe9;              /* jmp target */
	} else if (target && (in->map == 1 || (in->opcode & 0xf0) == 0x70)) {
		*o++ = 0x0f;              /* jcc rel32, the same condition */
		*o++ = 0x80 | (in->opcode & 0x0f);
	} else if (target) {
		*o++ = 0xe9;              /* jmp rel32 */
	} else {
		*p = o + in->length;
		return x86_copy_insn(o, orig, in, at) ? 0 : -EINVAL;
	}
	x86_put_rel32(o, target);
	*p = o + 4;
	return 0;
}

/*
 * Decode the whole function (code, a copy of start..start+size):
 * refuse if a branch lands in bytes 1..4 of the jmp or a jump is
 * indirect, and relocate the instructions the jmp covers to *p in the
 * detour.  Returns how many bytes the jmp covers, or a negative errno.
 */
static int relocate_covered(unsigned long addr, const uint8_t *code, unsigned long start,
			    size_t size, uint8_t *detour, uint8_t **p)
{
	size_t off = addr - start, covered = 0;
	struct x86_insn in;

	for (size_t pos = 0; pos < size; pos += in.length) {
		if (x86_insn_decode(&in, code + pos, size - pos, LONG_MODE) < 0)
			return -EILSEQ;
		unsigned long at = start + pos, target = branch_target(&in, code + pos, at);
		unsigned reg = (in.modrm >> 3) & 7;
		if (target > addr && target < addr + JMP_SIZE)
			return -EINVAL;   /* something jumps into the jmp */
		if (in.map == 0 && !in.vex_len &&
		    (in.opcode == 0xea || (in.opcode == 0xff && (reg == 4 || reg == 5))))
			return -EINVAL;   /* an indirect jump: it could go anywhere */
		if (pos < off || pos >= off + JMP_SIZE)
			continue;
		/* Room for the longest rewrite, and the jmp back after it. */
		if (*p + 15 + 5 > detour + ARCH_OPTPROBE_SIZE)
			return -EINVAL;
		int err = relocate(p, &in, code + pos, at, pos + in.length >= off + JMP_SIZE);
		if (err)
			return err;
		covered = pos + in.length - off;
	}
	return covered >= JMP_SIZE ? (int)covered : -EINVAL;  /* else: the end is under the jmp */
}

/* The detour is free: no task runs in it, so we write it in place. */
int arch_prepare_optprobe(struct kprobe *ap, void *detour)
{
	unsigned long addr = (unsigned long)ap->addr;
	const struct ksym *s = ksym_by_addr(addr);
	uint8_t *d = detour, *p = d + TEMPLATE, *code;
	int covered;

	if (!s || !ksym_is_function(s) || s->size == 0)
		return -EINVAL;           /* no size: it cannot be decoded */
	for (unsigned long k = 1; k < JMP_SIZE; k++)
		if (get_kprobe((void *)(addr + k)))
			return -EBUSY;    /* another probe under the jmp */
	code = kmalloc(s->size);
	if (!code)
		return -ENOMEM;
	x86_read_original(code, s->addr, s->size);
	covered = relocate_covered(addr, code, s->addr, s->size, d, &p);
	kfree(code);
	if (covered < 0)
		return covered;
	p[0] = 0xe9;                      /* jmp back, after the covered bytes */
	x86_put_rel32(p + 1, addr + covered);
	fill_template(d, ap);
	memcpy(ap->ainsn.jmp_tail, (uint8_t *)addr + 1, 4);
	return 0;
}

/* The site is armed (int3 on byte 0): the tail first, then the head. */
void arch_optimize_kprobe(struct kprobe *ap, void *detour)
{
	int32_t rel = (int32_t)((unsigned long)detour + ENTRY - ((unsigned long)ap->addr + JMP_SIZE));
	uint8_t jmp = 0xe9;

	arch_text_poke((uint8_t *)ap->addr + 1, &rel, 4);
	arch_text_poke(ap->addr, &jmp, 1);
}

/*
 * Back to int3 on byte 0 first, then the tail as it was.  The detour is
 * retired: "popf; jmp site" over its first test (from there on IF is
 * off, so no task is inside); one preempted at its pushf or cli goes
 * back to the site, which holds an int3, a new jmp or the original.
 */
void arch_unoptimize_kprobe(struct kprobe *ap)
{
	uint8_t bp = BREAKPOINT_INSTRUCTION, *entry;
	int32_t rel;

	memcpy(&rel, (uint8_t *)ap->addr + 1, 4);
	entry = (uint8_t *)ap->addr + JMP_SIZE + rel;
	arch_text_poke(ap->addr, &bp, 1);
	arch_text_poke((uint8_t *)ap->addr + 1, ap->ainsn.jmp_tail, 4);
	entry[2] = 0x9d;                  /* popf */
	entry[3] = 0xe9;                  /* jmp site */
	x86_put_rel32(entry + 4, (unsigned long)ap->addr);
}

/*
 * The C way: x86_trap() calls this for a detour's X86_VEC_DETOUR frame,
 * as int3 at the site leaves one (ip = site + 1), with the relocated
 * copy's address for the error code.  The site is still registered.
 */
void x86_optprobe_hit(struct pt_regs *regs)
{
	struct kprobe *ap = get_kprobe((void *)(regs->ip - 1));
	unsigned long copy = regs->error_code;

	regs->vector = 3;
	regs->error_code = 0;
	if (!kprobe_optimized_hit(ap, regs))   /* may free ap */
		regs->ip = copy;          /* else a handler set it */
	if (kprobes_explain)
		printk("explain:   detour: registers restored, relocated copy at %p, "
		       "then jmp back\n", (void *)copy);
}

/* The template (see the top of the file).  Its start is the C way. */
#ifdef __x86_64__
__asm__(".pushsection .rodata\n"
	"optfast:\n\t"                     /* the C way: ss, sp and flags as a trap */
	"push %rax\n\tlea 16(%rsp), %rax\n\txchg %rax, (%rsp)\n\t"   /* pushes them */
	"pushq 8(%rsp)\n\tmovq $0x10, 16(%rsp)\n\t"
	"pushq $0x08\n\tpushq $0x7eadd001\n\tpushq $0x7eadd005\n\tpushq $256\n\t"   /* cs, */
	"pushq $x86_trap_common\n\tret\n"   /* ip, the copy as error code, X86_VEC_DETOUR */
	".Lmoved:\n\t"                     /* the handler set the ip: go there */
	"pushq opt_regs+136\n\tpushq opt_regs+152\n\tpopf\n\tret\n"
	"optfast_entry:\n\t"
	"pushf\n\tcli\n\t"                /* no cld: Sonde never sets DF */
	"cmpl $0, kprobe_cur\n\tjne optfast\n\t"     /* status: a hit in progress? */
	"cmpb $0, 0x7eadd004\n\tjne optfast\n\t"    /* P_SLOW: explain, several members */
	"popq opt_regs+152\n\tmov %rsp, opt_regs+160\n\t"   /* flags, sp */
	".set .Lo, 0\n\t"                  /* the 15 registers, in pt_regs order */
	".irp r, r15,r14,r13,r12,rbp,rbx,r11,r10,r9,r8,rax,rcx,rdx,rsi,rdi\n\t"
	"mov %\\r, opt_regs+.Lo\n\t"
	".set .Lo, .Lo+8\n\t"
	".endr\n\t"
	"movq $0x7eadd001, opt_regs+136\n\t"   /* P_IP */
	"movl $1, kprobe_cur\n\tmovq $0x7eadd002, kprobe_cur+8\n\t"   /* active, kp */
	"incq 0x7eadd003\n\t"              /* P_NHIT */
	"mov $opt_regs, %esi\n\tmov $0x7eadd002, %edi\n\t"
	".byte 0xe8\n\t.long 0x7eadd006\n\t" /* call P_CALL */
	"test %eax, %eax\n\tmovl $0, kprobe_cur\n\t"   /* moved the ip?  KPROBE_NONE */
	".set .Lo, 48\n\t"                 /* back: the caller-saved ones, r11 on */
	".irp r, r11,r10,r9,r8,rax,rcx,rdx,rsi,rdi\n\t"
	"mov opt_regs+.Lo, %\\r\n\t"
	".set .Lo, .Lo+8\n\t"
	".endr\n\t"
	"jne .Lmoved\n\tpushq opt_regs+152\n\tpopf\n"
	"optfast_end:\n"
	".popsection");
#else
__asm__(".pushsection .rodata\n"
	"optfast:\n\t"                     /* the C way: the flags pushed, as a trap */
	"pushl $0x08\n\tpushl $0x7eadd001\n\tpushl $0x7eadd005\n\tpushl $256\n\t"   /* cs, */
	"pushl $x86_trap_common\n\tret\n"   /* ip, the copy as error code, X86_VEC_DETOUR */
	".Lmoved:\n\t"                     /* the handler set the ip: go there */
	"popl 20(%esp)\n\tlea 12(%esp), %esp\n\tiret\n"   /* flags, past sp, vector, error */
	"optfast_entry:\n\t"
	"pushf\n\tcli\n\t"                /* no cld: Sonde never sets DF */
	"cmpl $0, kprobe_cur\n\tjne optfast\n\t"     /* status: a hit in progress? */
	"cmpb $0, 0x7eadd004\n\tjne optfast\n\t"    /* P_SLOW: explain, several members */
	"pushl $0x08\n\tpushl $0x7eadd001\n\tpushl $0\n\tpushl $3\n\t"   /* cs, ip, error, vector, */
	"push %esp\n\taddl $20, (%esp)\n\tpushl 20(%esp)\n\t"   /* sp, the flags (pushf's) */
	".irp r, eax,ebp,edi,esi,edx,ecx,ebx\n\t"   /* last field first: bx lowest */
	"push %\\r\n\t"
	".endr\n\t"
	"movl $1, kprobe_cur\n\tmovl $0x7eadd002, kprobe_cur+4\n\t"   /* active, kp */
	"incl 0x7eadd003\n\t"              /* P_NHIT */
	"push %esp\n\tpushl $0x7eadd002\n\t"
	".byte 0xe8\n\t.long 0x7eadd006\n\t" /* call P_CALL */
	"add $8, %esp\n\t"
	"test %eax, %eax\n\tmovl $0, kprobe_cur\n\t"   /* moved the ip?  KPROBE_NONE */
	".irp r, ebx,ecx,edx,esi,edi,ebp,eax\n\t"
	"pop %\\r\n\t"
	".endr\n\t"
	"jne .Lmoved\n\t"
	"popf\n\tlea 24(%esp), %esp\n"    /* past sp .. cs, pushf's word */
	"optfast_end:\n"
	".popsection");
#endif
