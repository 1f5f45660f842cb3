/*
 * The multiboot header: the first thing in the image, so that QEMU's
 * -kernel and GRUB's "multiboot" command recognise the kernel.
 *
 * i386 is an ELF32 file, which both loaders read from its program
 * headers.  x86_64 is an ELF64 file, which QEMU 7.2 refuses to load as
 * ELF ("give a 32bit one"); for it we set the "a.out kludge" flag and
 * give the load addresses here, so the loader copies the file as a flat
 * image and never parses the ELF at all.  That needs the file laid out
 * exactly like memory, which linker/x86_64.ld arranges.
 */
#include <boot/multiboot.h>

#ifdef __x86_64__
#define MB_FLAGS (MB_PAGE_ALIGN | MB_MEMORY_INFO | MB_AOUT_KLUDGE)
#else
#define MB_FLAGS (MB_PAGE_ALIGN | MB_MEMORY_INFO)
#endif

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)
#ifdef __x86_64__
	.long multiboot_header      /* header_addr   */
	.long _kernel_start         /* load_addr     */
	.long _kernel_end           /* load_end_addr */
	.long _kernel_end           /* bss_end_addr  */
	.long entry32               /* entry_addr: 32-bit code in arch/x86_64/boot.S */
#endif
