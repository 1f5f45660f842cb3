/*
 * The U-Boot boot path's two sources of boot information (boot/uboot.h),
 * tested in a kernel booted any way at all: the boot block parser, on
 * blocks made here, and QEMU's fw_cfg device, which is there whichever
 * firmware started the machine.
 */
#include <sonde/ktest.h>
#include <sonde/errno.h>
#include <sonde/string.h>
#include <boot/uboot.h>
#include "../../../arch/x86_common/fw_cfg.h"

KTEST(uboot_block_gives_the_command_line_unchanged)
{
	static const char block[] = "SONDEARGhz=250 kprobe_event=r:f,fib,$retval \"q\";x";
	char cmdline[64];

	KT_EXPECT_EQ(uboot_block_cmdline(block, cmdline, sizeof(cmdline)), 0);
	KT_EXPECT(strcmp(cmdline, "hz=250 kprobe_event=r:f,fib,$retval \"q\";x") == 0);
}

KTEST(uboot_block_without_magic_is_refused)
{
	char cmdline[16];

	KT_EXPECT_EQ(uboot_block_cmdline("SONDEARXhz=250", cmdline, sizeof(cmdline)), -ENOENT);
}

KTEST(uboot_block_too_long_is_cut)
{
	static char block[8 + 40];
	char cmdline[40];

	memcpy(block, UBOOT_ARGS_MAGIC, 8);
	memset(block + 8, 'a', 39);       /* 39 letters and the NUL */
	KT_EXPECT_EQ(uboot_block_cmdline(block, cmdline, 16), -E2BIG);
	KT_EXPECT_EQ(strlen(cmdline), 15);
	KT_EXPECT_EQ(uboot_block_cmdline(block, cmdline, 40), 0);   /* just fits */
	KT_EXPECT_EQ(strlen(cmdline), 39);
}

KTEST(fw_cfg_has_a_memory_map_with_ram)
{
	static uint8_t map[20 * 16];        /* entries of 20 bytes: addr, len, type */
	long len = fw_cfg_read_file("etc/e820", map, sizeof(map));
	uint64_t ram = 0;

	KT_EXPECT(len > 0 && len % 20 == 0 && (size_t)len <= sizeof(map));
	for (long i = 0; i + 20 <= len && (size_t)i < sizeof(map); i += 20) {
		uint64_t size;
		uint32_t type;

		memcpy(&size, map + i + 8, 8);
		memcpy(&type, map + i + 16, 4);
		if (type == 1)
			ram += size;
	}
	/* At least the 64 MiB any of our QEMU command lines gives. */
	KT_EXPECT(ram >= 64 * 1024 * 1024);
	KT_EXPECT_EQ(fw_cfg_read_file("sonde/no-such-file", map, sizeof(map)), -ENOENT);
}
