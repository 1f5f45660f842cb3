/*
 * Boot information when U-Boot started the kernel (see uboot.h).
 * Used by both x86 ports.
 */
#include "uboot.h"
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include "../arch/x86_common/fw_cfg.h"

/* One entry of QEMU's etc/e820, as in the BIOS's e820 call. */
struct e820_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;            /* 1 = available RAM */
} __attribute__((packed));

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

int uboot_block_cmdline(const char *block, char *cmdline, size_t size)
{
	const char *text = block + strlen(UBOOT_ARGS_MAGIC);
	size_t n;

	if (memcmp(block, UBOOT_ARGS_MAGIC, strlen(UBOOT_ARGS_MAGIC)) != 0)
		return -ENOENT;
	/* The command line ends at its NUL; one without a NUL is cut off. */
	for (n = 0; n < size - 1 && text[n]; n++)
		;
	memcpy(cmdline, text, n);
	cmdline[n] = '\0';
	return text[n] ? -E2BIG : 0;
}

void uboot_parse(uint32_t magic, struct boot_info *bi)
{
	int err = uboot_block_cmdline((const char *)UBOOT_ARGS_ADDR, bi->cmdline,
				      sizeof(bi->cmdline));

	if (err == -ENOENT)
		panic("unknown loader: no multiboot magic (eax = 0x%x) and no U-Boot "
		      "boot block (\"%s\" at 0x%x)", magic, UBOOT_ARGS_MAGIC, UBOOT_ARGS_ADDR);
	if (err == -E2BIG)
		printk("warning: U-Boot boot block: command line cut to %lu bytes\n",
		       (unsigned long)strlen(bi->cmdline));
	bi->loader = "U-Boot";
	read_memory_map(bi);
}
