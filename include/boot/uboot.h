/*
 * Booting from U-Boot on x86 (docs/architecture.md, "Boot"): bootelf
 * hands over nothing, so the boot script loads a boot block, the magic
 * "SONDEARG" then the command line and a NUL, to UBOOT_ARGS_ADDR.
 */
#ifndef BOOT_UBOOT_H
#define BOOT_UBOOT_H

/* 16 MiB: U-Boot's ${kernel_addr_r}, which U-Boot itself leaves alone. */
#define UBOOT_ARGS_ADDR  0x1000000
#define UBOOT_ARGS_MAGIC "SONDEARG"

#include <sonde/arch.h>

/* The block's command line into cmdline: 0, -ENOENT (no magic) or
 * -E2BIG (cut). */
int uboot_block_cmdline(const char *block, char *cmdline, size_t size);

/* bi's command line and loader from the block; panics without one
 * (magic: what EAX held, for the message). */
void uboot_parse(uint32_t magic, struct boot_info *bi);

#endif
