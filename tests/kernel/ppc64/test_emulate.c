/*
 * One-trap probes by emulation on ppc64 (arch_emulate, arch/ppc64/
 * kprobes.c): a kprobe with a pre and a post handler on every emulated
 * instruction form (targets and their table in emulate_targets.S).  For
 * each: the function still computes its result, no single-step trap is
 * taken, and the post handler sees the registers and the stack word as
 * the instruction left them, nip just past it.  The near misses in the
 * table must be stepped, and come out as right.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/kprobes.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/trap.h>

enum { EM_ADD, EM_OR, EM_LD, EM_STD, EM_STDU, EM_ANY };   /* as in emulate_targets.S */

struct em_site {
	unsigned long (*fn)(void);
	unsigned long offset, result, steps, kind;
	long dst, src, imm;             /* words of struct pt_regs; src -1 reads 0 */
};
extern const struct em_site pe_sites[];

/* The registers as words (0..31 the GPRs, 32 nip ... 37 XER: what is
 * compared), and the stack word the site reads or writes. */
#define WORDS 38
#define NIP   32
static unsigned long before[WORDS], after[WORDS], word_before, word_after;
static const struct em_site *site;
static unsigned long steps;
static trap_hook_t engine_step_hook;

static unsigned long *stack_word(unsigned long r1)
{
	return (unsigned long *)(r1 + site->imm);
}

static int em_pre(struct kprobe *p __unused, struct pt_regs *regs)
{
	memcpy(before, regs, sizeof(before));
	if (site->kind == EM_LD)
		word_before = *stack_word(before[1]);
	return 0;
}

static void em_post(struct kprobe *p __unused, struct pt_regs *regs, unsigned long flags __unused)
{
	memcpy(after, regs, sizeof(after));
	if (site->kind == EM_STD || site->kind == EM_STDU)
		word_after = *stack_word(before[1]);
}

static bool count_step(struct pt_regs *regs)
{
	steps++;
	return engine_step_hook(regs);
}

/* What the instruction must have made of "before", as the table says. */
static void expected(unsigned long *w)
{
	unsigned long src = site->src < 0 ? 0 : before[site->src];

	memcpy(w, before, sizeof(before));
	w[NIP] += 4;
	switch (site->kind) {
	case EM_ADD:  w[site->dst] = src + site->imm; break;
	case EM_OR:   w[site->dst] = src | site->imm; break;
	case EM_LD:   w[site->dst] = word_before; break;
	case EM_STDU: w[1] += site->imm; break;
	case EM_ANY:  memcpy(w, after, NIP * sizeof(long)); break;   /* GPRs unchecked */
	}
	if (site->kind == EM_ANY)
		memcpy(w + NIP + 1, after + NIP + 1, (WORDS - NIP - 1) * sizeof(long));
}

KTEST(ppc64_emulated_instructions_take_one_trap)
{
	engine_step_hook = single_step_hook;
	single_step_hook = count_step;
	for (site = pe_sites; site->fn; site++) {
		unsigned long addr = func_entry(site->fn) + site->offset, got, want[WORDS];
		struct kprobe kp = { .addr = (kprobe_opcode_t *)addr,
				     .pre_handler = em_pre, .post_handler = em_post };
		char where[64];

		ksym_format(addr, where, sizeof(where));
		memset(after, 0, sizeof(after));
		steps = 0;
		if (register_kprobe(&kp) != 0) {
			ktest_fail(__FILE__, __LINE__, "%s: register failed", where);
			continue;
		}
		got = site->fn();
		unregister_kprobe(&kp);
		expected(want);
		if (got != site->result)
			ktest_fail(__FILE__, __LINE__, "%s: the function returned 0x%lx, not 0x%lx",
				   where, got, site->result);
		if (kp.nhit != 1 || steps != site->steps)
			ktest_fail(__FILE__, __LINE__, "%s: %lu hits, %lu single-steps (expected 1, %lu)",
				   where, kp.nhit, steps, site->steps);
		for (int i = 0; i < WORDS; i++)
			if (after[i] != want[i])
				ktest_fail(__FILE__, __LINE__, "%s: pt_regs word %d is 0x%lx after it, not 0x%lx",
					   where, i, after[i], want[i]);
		if ((site->kind == EM_STD || site->kind == EM_STDU) && word_after != before[site->src])
			ktest_fail(__FILE__, __LINE__, "%s: the stack word is 0x%lx after it, not 0x%lx",
				   where, word_after, before[site->src]);
	}
	single_step_hook = engine_step_hook;
}
