/*
 * Reading a file from QEMU's fw_cfg device (see fw_cfg.h), shared by
 * the i386 and x86_64 ports.
 *
 * The protocol (QEMU's docs/specs/fw_cfg.rst): write a 16-bit item
 * number ("selector") to port 0x510, then read the item's bytes one at
 * a time from port 0x511.  Item 0 is the signature "QEMU"; item 0x19 is
 * the file directory: a big-endian 32-bit count, then one 64-byte entry
 * per file (big-endian size and selector, and the name).  Every select
 * starts reading the item from its first byte again.
 */
#include <sonde/errno.h>
#include <sonde/string.h>
#include "fw_cfg.h"
#include "io.h"

#define FW_CFG_PORT_SEL   0x510
#define FW_CFG_PORT_DATA  0x511
#define FW_CFG_SIGNATURE  0x0000
#define FW_CFG_FILE_DIR   0x0019

struct fw_cfg_file {          /* one directory entry, as it comes */
	uint8_t size[4];          /* big-endian */
	uint8_t select[2];        /* big-endian */
	uint8_t reserved[2];
	char name[56];            /* NUL-terminated */
};

static void read_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

long fw_cfg_read_file(const char *name, void *buf, size_t size)
{
	char signature[4];
	uint8_t count[4];
	uint32_t n;

	outw(FW_CFG_PORT_SEL, FW_CFG_SIGNATURE);
	read_bytes(signature, sizeof(signature));
	if (memcmp(signature, "QEMU", 4) != 0)
		return -ENODEV;      /* no device: reads give 0xff */

	outw(FW_CFG_PORT_SEL, FW_CFG_FILE_DIR);
	read_bytes(count, sizeof(count));
	n = be32(count);
	for (uint32_t i = 0; i < n; i++) {
		struct fw_cfg_file f;
		uint32_t len;

		read_bytes(&f, sizeof(f));
		f.name[sizeof(f.name) - 1] = '\0';
		if (strcmp(f.name, name) != 0)
			continue;
		len = be32(f.size);
		outw(FW_CFG_PORT_SEL, (uint16_t)(f.select[0] << 8 | f.select[1]));
		read_bytes(buf, len < size ? len : size);
		return len;
	}
	return -ENOENT;
}
