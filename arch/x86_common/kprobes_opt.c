/*
 * x86 jump optimisation, shared by the i386 and x86_64 ports: what
 * probe/optprobes.c asks of a port (<sonde/arch.h>).
 *
 * An optimised site, and its detour (ARCH_OPTPROBE_SIZE bytes from the
 * engine's pool):
 *
 *   addr:   e9 rel32   jmp detour     detour+0   pushf        the flags, before cli
 *   addr+5: (as it was)                     +1   cli          the hit runs with IF off
 *                                           +2   push $detour  which site (optprobe_owner)
 *                                           +7   jmp optprobe_entry
 *                                          +12   the relocated instructions the jmp covers
 *                                                jmp to the first byte after them
 *
 * optprobe_entry (below) saves the rest of a struct pt_regs, calls
 * x86_optprobe_hit() and leaves with iret, which restores the flags
 * and (x86_64) the stack pointer and lands on the relocated copy -- or
 * wherever a handler sent the ip.
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

#ifdef __x86_64__
#define LONG_MODE true
#else
#define LONG_MODE false
#endif

#define JMP_SIZE     ARCH_OPTPROBE_JMP_SIZE
#define DETOUR_RELOC 12           /* where the relocated copy starts */

extern char optprobe_entry[];

/* A rel32 at `at`, which runs where it is written, reaching target. */
static void put_rel32(uint8_t *at, unsigned long target)
{
	int32_t rel = (int32_t)(target - ((unsigned long)at + 4));

	memcpy(at, &rel, 4);
}

/* A direct branch or call: its target, or 0 if in is none of them. */
static unsigned long branch_target(const struct x86_insn *in, const uint8_t *code,
				   unsigned long at)
{
	bool rel8 = in->map == 0 && ((in->opcode >= 0x70 && in->opcode <= 0x7f) ||
				     in->opcode == 0xeb || (in->opcode >= 0xe0 && in->opcode <= 0xe3));
	bool rel32 = (in->map == 0 && (in->opcode == 0xe8 || in->opcode == 0xe9)) ||
		     (in->map == 1 && in->opcode >= 0x80 && in->opcode <= 0x8f);
	int32_t rel;

	if (in->vex_len || !(rel8 || rel32))
		return 0;
	if (rel8)
		rel = (int8_t)code[in->imm_offset];
	else
		memcpy(&rel, code + in->imm_offset, 4);
	return at + in->length + (long)rel;
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
	    (in->map == 0 && in->opcode == 0xff && ((in->modrm >> 3) & 7) == 2))
		return -EINVAL;           /* see the top of the file */
	if (target && in->opsize_prefix)
		return -EINVAL;           /* a 16-bit branch: not worth it */
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
		memcpy(o, orig, in->length);
		if (in->rip_relative) {   /* the same data, from here */
			int32_t disp;
			memcpy(&disp, orig + in->disp_offset, 4);
			int64_t moved = (int64_t)disp + (int64_t)(at - (unsigned long)o);
			if (moved != (int32_t)moved)
				return -EINVAL;
			disp = (int32_t)moved;
			memcpy(o + in->disp_offset, &disp, 4);
		}
		*p = o + in->length;
		return 0;
	}
	put_rel32(o, target);
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
	uint8_t *d = detour, *p = d + DETOUR_RELOC, *code;
	uint32_t imm = (uint32_t)(unsigned long)d;
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
	put_rel32(p + 1, addr + covered);
	d[0] = 0x9c;                      /* pushf */
	d[1] = 0xfa;                      /* cli */
	d[2] = 0x68;                      /* push $detour */
	memcpy(d + 3, &imm, 4);
	d[7] = 0xe9;                      /* jmp optprobe_entry */
	put_rel32(d + 8, (unsigned long)optprobe_entry);
	memcpy(ap->ainsn.jmp_tail, (uint8_t *)addr + 1, 4);
	return 0;
}

/* The site is armed (int3 on byte 0): the tail first, then the head. */
void arch_optimize_kprobe(struct kprobe *ap, void *detour)
{
	int32_t rel = (int32_t)((unsigned long)detour - ((unsigned long)ap->addr + JMP_SIZE));
	uint8_t jmp = 0xe9;

	arch_text_poke((uint8_t *)ap->addr + 1, &rel, 4);
	arch_text_poke(ap->addr, &jmp, 1);
}

/* Back to int3 on byte 0 first, then the tail as it was. */
void arch_unoptimize_kprobe(struct kprobe *ap)
{
	uint8_t bp = BREAKPOINT_INSTRUCTION;

	arch_text_poke(ap->addr, &bp, 1);
	arch_text_poke((uint8_t *)ap->addr + 1, ap->ainsn.jmp_tail, 4);
}

/*
 * Called by optprobe_entry with the frame it saved: finish it so that
 * it looks as a breakpoint at the site would have made it (the ip just
 * past byte 0, as on the int3 path and in Linux's optprobes), run the
 * hit, then send the iret to the relocated copy.
 */
void x86_optprobe_hit(uint8_t *detour, struct pt_regs *regs);
void x86_optprobe_hit(uint8_t *detour, struct pt_regs *regs)
{
	struct kprobe *ap = optprobe_owner(detour);
	unsigned long next = 0;

#ifdef __x86_64__
	unsigned long ss;
	__asm__("mov %%ss, %0" : "=r"(ss));
	regs->flags = regs->ss;           /* the stub's pushf left it there */
	regs->sp = (unsigned long)(regs + 1);
	regs->ss = ss;
#endif
	regs->cs = X86_KERNEL_CS;
	regs->vector = 3;
	regs->error_code = 0;
	if (!ap)
		next = optprobe_resume(detour);   /* retired: see probe/optprobes.c */
	else {
		unsigned long ip = (unsigned long)ap->addr + 1;
		regs->ip = ip;
		kprobe_optimized_hit(ap, regs);   /* may free ap */
		next = regs->ip != ip ? regs->ip : 0;   /* a handler moved it? */
		if (kprobes_explain)
			printk("explain:   detour: registers restored, relocated copy at %p, "
			       "then jmp back\n", (void *)(detour + DETOUR_RELOC));
	}
	regs->ip = next ? next : (unsigned long)detour + DETOUR_RELOC;
}

/*
 * The common part of every detour, entered from its stub with the
 * flags and the detour's address pushed (x86_64: in the ss and sp
 * slots, which x86_optprobe_hit fills; i386: flags in place, the
 * detour in the cs slot).
 */
#ifdef __x86_64__
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	".globl optprobe_entry\n"
	"optprobe_entry:\n\t"
	"sub $40, %rsp\n\t"               /* flags, cs, ip, error code, vector */
	"push %rdi\n\tpush %rsi\n\tpush %rdx\n\tpush %rcx\n\tpush %rax\n\t"
	"push %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n\tpush %rbx\n\t"
	"push %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n\t"
	"cld\n\t"
	"mov %rsp, %rsi\n\t"
	"mov 160(%rsp), %rdi\n\t"         /* PT_SP: the detour */
	"call x86_optprobe_hit\n\t"
	"pop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\t"
	"pop %rbx\n\tpop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n\t"
	"pop %rax\n\tpop %rcx\n\tpop %rdx\n\tpop %rsi\n\tpop %rdi\n\t"
	"add $16, %rsp\n\t"
	"iretq\n"
	".popsection");
#else
__asm__(".pushsection .kprobes.text, \"ax\"\n"
	".globl optprobe_entry\n"
	"optprobe_entry:\n\t"
	"sub $12, %esp\n\t"               /* ip, error code, vector */
	"push %eax\n\tpush %ebp\n\tpush %edi\n\tpush %esi\n\t"
	"push %edx\n\tpush %ecx\n\tpush %ebx\n\t"
	"cld\n\t"
	"push %esp\n\t"                   /* regs */
	"pushl 44(%esp)\n\t"              /* PT_CS + 4: the detour */
	"call x86_optprobe_hit\n\t"
	"add $8, %esp\n\t"
	"pop %ebx\n\tpop %ecx\n\tpop %edx\n\tpop %esi\n\t"
	"pop %edi\n\tpop %ebp\n\tpop %eax\n\t"
	"add $8, %esp\n\t"
	"iret\n"
	".popsection");
#endif
