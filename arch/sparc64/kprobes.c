/*
 * The sparc64 side of the probe engine: not implemented yet.
 *
 * arch_prepare_kprobe() refuses every site with -EOPNOTSUPP, but one:
 * the engine's own probe on kretprobe_trampoline, which the engine
 * registers at boot and whose handler never steps the instruction (it
 * sends the task elsewhere), so it needs nothing of the port but the
 * breakpoint, its trap (0x170, trap.c) and arch_text_poke().  Nothing
 * else is ever stepped: the step functions below have nothing to do.
 */
#include <sonde/kprobes.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>

int arch_prepare_kprobe(struct kprobe *p)
{
	static bool said;

	if ((char *)p->addr == kretprobe_trampoline)
		return 0;
	if (!said)                        /* once: a sweep tries thousands */
		printk("sparc64: probes are not implemented yet\n");
	said = true;
	return -EOPNOTSUPP;
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

void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long *saved)
{
	(void)p; (void)regs; (void)saved;
}

void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	(void)p; (void)regs; (void)saved;
}

void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs, unsigned long saved)
{
	(void)p; (void)regs; (void)saved;
}

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

/* No jprobe can be registered (its kprobe is refused): nothing to do. */
int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	(void)p; (void)regs;
	return 0;
}

int longjmp_break_handler(struct kprobe *p, struct pt_regs *regs)
{
	(void)p; (void)regs;
	return 0;
}

void jprobe_return(void)
{
}

/* At a function's first instruction, before its save, the return
 * address (that of the call) is in %o7. */
void arch_prepare_kretprobe(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ri->ret_addr = regs->o[7];
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
