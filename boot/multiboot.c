/*
 * Reading the multiboot information block into a struct boot_info.
 * Used by both x86 ports.
 */
#include <boot/multiboot.h>
#include <sonde/printk.h>
#include <sonde/string.h>

void multiboot_parse(uint32_t magic, uintptr_t info, struct boot_info *bi)
{
	const struct multiboot_info *mbi = (const void *)info;
	const char *cmdline = "";

	if (magic != MULTIBOOT_LOADER_MAGIC)
		panic("not started by a multiboot loader (eax = 0x%x)", magic);

	bi->loader = "multiboot";
	if (mbi->flags & MBI_LOADER_NAME) {
		static char name[32];
		strlcpy(name, (const char *)(uintptr_t)mbi->boot_loader_name, sizeof(name));
		bi->loader = name;
	}

	if (mbi->flags & MBI_CMDLINE) {
		cmdline = (const char *)(uintptr_t)mbi->cmdline;
		/* QEMU passes "<kernel file> args"; GRUB passes only the args. */
		if (strncmp(bi->loader, "qemu", 4) == 0) {
			while (*cmdline && *cmdline != ' ')
				cmdline++;
			while (*cmdline == ' ')
				cmdline++;
		}
	}
	strlcpy(bi->cmdline, cmdline, sizeof(bi->cmdline));

	bi->nr_ram = 0;
	if (!(mbi->flags & MBI_MMAP))
		panic("the loader gave no memory map");
	for (uintptr_t p = mbi->mmap_addr; p < mbi->mmap_addr + mbi->mmap_length; ) {
		const struct multiboot_mmap_entry *e = (const void *)p;

		if (e->type == 1 && bi->nr_ram < BOOT_MAX_REGIONS) {
			bi->ram[bi->nr_ram].base = e->addr;
			bi->ram[bi->nr_ram].size = e->len;
			bi->nr_ram++;
		}
		p += e->size + sizeof(e->size);
	}
}
