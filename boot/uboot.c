/*
 * Boot information when U-Boot started the kernel: the command line
 * from the boot block (see <boot/uboot.h>).  Used by both x86 ports,
 * which take the memory map from QEMU (arch/x86_common/start.c).
 */
#include <boot/uboot.h>
#include <sonde/errno.h>
#include <sonde/printk.h>
#include <sonde/string.h>

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
}
