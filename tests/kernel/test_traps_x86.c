/*
 * Trap tests for the x86 ports: a breakpoint (int3) reaches the
 * breakpoint hook with the right saved IP, and the trap flag gives a
 * debug trap after exactly one instruction.  These are the two
 * mechanisms the probe engine is built on.
 */
#if defined(__x86_64__) || defined(__i386__)
#include <sonde/ktest.h>
#include <sonde/trap.h>
#include <sonde/arch.h>

#define X86_FLAGS_TF 0x100

static volatile unsigned long bp_ip, step_ip;
static volatile int bp_hits, step_hits;
static volatile bool step_after_bp;

static bool on_breakpoint(struct pt_regs *regs)
{
	bp_hits++;
	bp_ip = instruction_pointer(regs);
	if (step_after_bp)
		regs->flags |= X86_FLAGS_TF;   /* trap after one instruction */
	return true;
}

static bool on_single_step(struct pt_regs *regs)
{
	step_hits++;
	step_ip = instruction_pointer(regs);
	regs->flags &= ~X86_FLAGS_TF;
	return true;
}

extern char ktest_after_int3[], ktest_after_one_insn[];

/* noinline: the global labels inside must exist exactly once. */
static __attribute__((noinline)) void hit_breakpoint(void)
{
	__asm__ volatile("int3\n"
			 ".globl ktest_after_int3\n"
			 "ktest_after_int3:\n"
			 "nop\n"
			 ".globl ktest_after_one_insn\n"
			 "ktest_after_one_insn:\n"
			 "nop\n" : : : "memory");
}

KTEST(int3_reaches_breakpoint_hook)
{
	trap_hook_t saved = breakpoint_hook;

	bp_hits = 0;
	step_after_bp = false;
	breakpoint_hook = on_breakpoint;
	hit_breakpoint();
	breakpoint_hook = saved;

	KT_EXPECT_EQ(bp_hits, 1);
	/* x86 reports the address after the one-byte int3. */
	KT_EXPECT_EQ(bp_ip, (unsigned long)ktest_after_int3);
}

KTEST(trap_flag_steps_one_instruction)
{
	trap_hook_t saved_bp = breakpoint_hook, saved_step = single_step_hook;

	bp_hits = step_hits = 0;
	step_after_bp = true;
	breakpoint_hook = on_breakpoint;
	single_step_hook = on_single_step;
	hit_breakpoint();
	breakpoint_hook = saved_bp;
	single_step_hook = saved_step;

	KT_EXPECT_EQ(bp_hits, 1);
	KT_EXPECT_EQ(step_hits, 1);
	/* One instruction (the nop) ran between the two traps. */
	KT_EXPECT_EQ(step_ip, (unsigned long)ktest_after_one_insn);
}
#endif

#ifdef __x86_64__
/*
 * x86_64 maps kernel code read-only (arch/x86_64/boot.S), so only
 * arch_text_poke() can change it.  Walk the page tables by hand to check
 * that a code page is mapped without the write bit and a data page with.
 */
static uint64_t pte_of(unsigned long addr)
{
	uint64_t cr3, *table;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	table = (uint64_t *)(cr3 & ~0xfffull);                       /* PML4 */
	table = (uint64_t *)(table[(addr >> 39) & 511] & ~0xfffull);  /* PDPT */
	table = (uint64_t *)(table[(addr >> 30) & 511] & ~0xfffull);  /* PD   */
	uint64_t pde = table[(addr >> 21) & 511];
	if (pde & 0x80)                                               /* 2 MiB */
		return pde;
	table = (uint64_t *)(pde & ~0xfffull);                        /* PT   */
	return table[(addr >> 12) & 511];
}

static int ro_data_object = 1;

KTEST(x86_64_kernel_text_is_read_only)
{
	uint64_t cr0;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	KT_EXPECT(cr0 & (1u << 16));                         /* CR0.WP */
	KT_EXPECT((pte_of((unsigned long)kmain) & 3) == 1);  /* present, read-only */
	KT_EXPECT((pte_of((unsigned long)&ro_data_object) & 3) == 3);   /* writable */
}
#endif
