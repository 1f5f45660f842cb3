/*
 * QEMU's firmware configuration device (fw_cfg) on the PC machine, for
 * the i386 and x86_64 ports: named "files" that QEMU offers the
 * firmware, read through two I/O ports.  Sonde reads one of them,
 * etc/e820 (the memory map), when it was started by U-Boot, which
 * passes no memory map of its own (start.c).
 */
#ifndef X86_FW_CFG_H
#define X86_FW_CFG_H

#include <sonde/types.h>

/*
 * Copy up to size bytes of the fw_cfg file called name into buf.
 * Returns the file's full length (which may be more than size), or
 * -ENODEV if there is no fw_cfg device, -ENOENT if it has no such file.
 */
long fw_cfg_read_file(const char *name, void *buf, size_t size);

#endif
