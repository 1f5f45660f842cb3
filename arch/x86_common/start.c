/*
 * Shared by the i386 and x86_64 ports: what both do right after their
 * assembly entry (boot.S), and how both lay out a new task's stack.
 */
#include <sonde/arch.h>
#include <boot/multiboot.h>
#include <boot/uboot.h>
#include <sonde/printk.h>
#include "fw_cfg.h"

/* One entry of QEMU's etc/e820, as in the BIOS's e820 call. */
struct e820_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;            /* 1 = available RAM */
} __attribute__((packed));

/*
 * U-Boot hands over no memory map: ask QEMU for the table SeaBIOS would
 * have built the BIOS's e820 map from.
 */
static void read_memory_map(struct boot_info *bi)
{
	static struct e820_entry map[32];
	long len = fw_cfg_read_file("etc/e820", map, sizeof(map));

	if (len < 0)
		panic("U-Boot boot: no memory map (QEMU's fw_cfg etc/e820: error %ld)", len);
	if ((size_t)len > sizeof(map))
		len = sizeof(map);   /* more entries than we keep: use the first ones */
	bi->nr_ram = 0;
	for (size_t i = 0; i < (size_t)len / sizeof(map[0]); i++) {
		if (map[i].type == 1 && bi->nr_ram < BOOT_MAX_REGIONS) {
			bi->ram[bi->nr_ram].base = map[i].addr;
			bi->ram[bi->nr_ram].size = map[i].len;
			bi->nr_ram++;
		}
	}
}

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
	else {
		uboot_parse(magic, &bi);   /* panics if there is no boot block */
		read_memory_map(&bi);
	}
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
