/*
 * i386 C glue: the boot hand-off, new task stacks, register dumps.
 * Everything i386 shares with x86_64 is in arch/x86_common/.
 */
#include <sonde/arch.h>
#include <sonde/printk.h>
#include <sonde/nokprobe.h>
#include "../../boot/multiboot.h"

/* Called from boot.S on the boot stack. */
__noreturn void x86_boot(uint32_t magic, uint32_t info)
{
	static struct boot_info bi;

	arch_console_init();
	multiboot_parse(magic, info, &bi);
	kmain(&bi);
}

/*
 * A new task's stack, from the top down:
 *   0            fake return address of task_entry (ends backtraces)
 *   entry        where arch_switch_to's "ret" goes
 *   ebp = 0, ebx, esi, edi = 0     popped by arch_switch_to
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void))
{
	unsigned long *sp = (unsigned long *)((char *)stack_base + stack_size);

	*--sp = 0;
	*--sp = (unsigned long)entry;
	for (int i = 0; i < 4; i++)
		*--sp = 0;
	return (unsigned long)sp;
}

__kprobes void arch_dump_regs(const struct pt_regs *r)
{
	printk("EIP: %04lx:%08lx EFLAGS: %08lx\n", r->cs, r->ip, r->flags);
	printk("EAX: %08lx EBX: %08lx ECX: %08lx EDX: %08lx\n", r->ax, r->bx, r->cx, r->dx);
	printk("ESI: %08lx EDI: %08lx EBP: %08lx ESP: %08lx\n", r->si, r->di, r->bp,
	       stack_pointer(r));
}
