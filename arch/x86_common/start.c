/*
 * What both x86 ports do right after their assembly entry (boot.S),
 * and how both lay out a new task's stack.
 */
#include <sonde/arch.h>
#include "../../boot/multiboot.h"
#include "../../boot/uboot.h"

/*
 * Called from boot.S on the boot stack, in the kernel's own mode (32-bit
 * protected mode, or long mode), with the loader's EAX and EBX.
 *
 * Two kinds of loader start Sonde on x86.  A multiboot loader (QEMU's
 * -kernel, GRUB) leaves its magic in EAX and its information block in
 * EBX.  U-Boot's bootelf calls the ELF entry point like a function and
 * leaves neither (on x86_64 it enters a different entry point, in long
 * mode, which passes magic 0); its boot script has put a boot block in
 * memory instead (boot/uboot.h).
 */
__noreturn void x86_boot(uint32_t magic, uint32_t info)
{
	static struct boot_info bi;

	arch_console_init();
	if (magic == MULTIBOOT_LOADER_MAGIC)
		multiboot_parse(magic, info, &bi);
	else
		uboot_parse(magic, &bi);   /* panics if there is no boot block */
	kmain(&bi);
}

/*
 * How many registers arch_switch_to (switch.S) pushes and pops: ebp,
 * ebx, esi, edi on i386; rbp, rbx, r12..r15 on x86_64.
 */
#ifdef __x86_64__
#define SWITCH_SAVED_REGS 6
#else
#define SWITCH_SAVED_REGS 4
#endif

/*
 * A new task's stack, from the top down:
 *   0          fake return address of task_entry (ends backtraces)
 *   entry      where arch_switch_to's "ret" goes
 *   zeros      the registers arch_switch_to pops (frame pointer 0)
 * On x86_64 the fake slot sits at an address = 8 mod 16, exactly as if
 * entry had been called, so the ABI's stack alignment holds inside it.
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void))
{
	unsigned long *sp = (unsigned long *)((char *)stack_base + stack_size);

	*--sp = 0;
	*--sp = (unsigned long)entry;
	for (int i = 0; i < SWITCH_SAVED_REGS; i++)
		*--sp = 0;
	return (unsigned long)sp;
}
