/*
 * Booting from U-Boot on x86 (tools/uboot-image.sh, boot/uboot.cmd).
 *
 * U-Boot's bootelf loads the kernel's program headers and calls its ELF
 * entry point, handing over nothing: no multiboot magic, no command
 * line, no memory map.  So Sonde's boot script loads a small file, the
 * boot block, to a fixed address before it starts the kernel:
 *
 *   UBOOT_ARGS_ADDR:  "SONDEARG"  (8 bytes, UBOOT_ARGS_MAGIC)
 *                     the command line, ending in a NUL
 *
 * The memory map comes from QEMU itself (its fw_cfg file etc/e820, read
 * by arch/x86_common/start.c): this boot path is for QEMU's x86
 * machines, which is what Debian's U-Boot ROMs are built for.
 */
#ifndef BOOT_UBOOT_H
#define BOOT_UBOOT_H

/* 16 MiB: U-Boot's ${kernel_addr_r}, which U-Boot itself leaves alone. */
#define UBOOT_ARGS_ADDR  0x1000000
#define UBOOT_ARGS_MAGIC "SONDEARG"

#include <sonde/arch.h>

/*
 * Copy the command line out of the boot block at block into cmdline
 * (size bytes, always terminated).  Returns 0, -ENOENT if block does
 * not start with UBOOT_ARGS_MAGIC, or -E2BIG if the line was cut.
 */
int uboot_block_cmdline(const char *block, char *cmdline, size_t size);

/*
 * Fill bi's command line and loader name from the boot block.  Panics,
 * naming what is missing, if there is no boot block (then no loader we
 * know started the kernel: magic is what EAX held, for the message).
 */
void uboot_parse(uint32_t magic, struct boot_info *bi);

#endif
