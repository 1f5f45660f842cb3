/*
 * Segment descriptors, shared by the i386 and x86_64 ports.  Both use a
 * flat model: one code and one data segment covering all memory, at the
 * selectors below (0x08 code, 0x10 data).  Usable from C and assembly.
 */
#ifndef X86_GDT_H
#define X86_GDT_H

#define X86_KERNEL_CS 0x08
#define X86_KERNEL_DS 0x10

#define GDT_CODE32 0x00cf9a000000ffff   /* base 0, 4 GiB, exec/read, 32-bit */
#define GDT_CODE64 0x00af9a000000ffff   /* long-mode code (L bit set)       */
#define GDT_DATA   0x00cf92000000ffff   /* base 0, 4 GiB, read/write        */

#endif
