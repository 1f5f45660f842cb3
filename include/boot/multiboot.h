/*
 * Multiboot (version 1): how QEMU's -kernel and GRUB hand over an x86
 * machine.  Only the fields Sonde reads are named.
 */
#ifndef BOOT_MULTIBOOT_H
#define BOOT_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC  0x1badb002   /* in the kernel image */
#define MULTIBOOT_LOADER_MAGIC  0x2badb002   /* in EAX at entry     */

/* Header flags */
#define MB_PAGE_ALIGN   (1 << 0)   /* load modules page-aligned        */
#define MB_MEMORY_INFO  (1 << 1)   /* we want the memory map           */
#define MB_AOUT_KLUDGE  (1 << 16)  /* load addresses are in the header */

#ifndef __ASSEMBLER__
#include <sonde/types.h>
#include <sonde/arch.h>

/* Info flags: which fields of struct multiboot_info are valid. */
#define MBI_CMDLINE     (1 << 2)
#define MBI_MMAP        (1 << 6)
#define MBI_LOADER_NAME (1 << 9)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

/* One memory map entry; "size" does not count itself. */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;             /* 1 = available RAM */
} __attribute__((packed));

/*
 * Copy what the loader told us into bi: the command line (without the
 * kernel's file name, which QEMU puts first) and the available RAM.
 * Panics if magic shows we were not booted by a multiboot loader.
 */
void multiboot_parse(uint32_t magic, uintptr_t info, struct boot_info *bi);
#endif

#endif
