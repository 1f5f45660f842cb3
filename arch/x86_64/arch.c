/*
 * x86_64 C glue: the boot hand-off, new task stacks, register dumps.
 * Everything x86_64 shares with i386 is in arch/x86_common/.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>
#include "../../boot/multiboot.h"

/* Called from boot.S in long mode, on the boot stack. */
__noreturn void x86_64_boot(uint32_t magic, uint32_t info)
{
	static struct boot_info bi;

	arch_console_init();
	multiboot_parse(magic, info, &bi);
	kmain(&bi);
}

/*
 * A new task's stack, from the top down:
 *   0              fake return address of task_entry (ends backtraces)
 *   entry          where arch_switch_to's "ret" goes
 *   rbp = 0, rbx, r12, r13, r14, r15 = 0   popped by arch_switch_to
 * The fake slot sits at an address = 8 mod 16, exactly as if entry had
 * been called, so the ABI's stack alignment holds inside it.
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void))
{
	unsigned long *sp = (unsigned long *)((char *)stack_base + stack_size);

	*--sp = 0;
	*--sp = (unsigned long)entry;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	return (unsigned long)sp;
}

__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	printk("RIP: %04lx:%016lx RFLAGS: %08lx\n", r->cs, r->ip, r->flags);
	printk("RSP: %04lx:%016lx RBP: %016lx\n", r->ss, r->sp, r->bp);
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->ax, r->bx, r->cx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->dx, r->si, r->di);
	printk("R8:  %016lx R9:  %016lx R10: %016lx\n", r->r8, r->r9, r->r10);
	printk("R11: %016lx R12: %016lx R13: %016lx\n", r->r11, r->r12, r->r13);
	printk("R14: %016lx R15: %016lx\n", r->r14, r->r15);
}
