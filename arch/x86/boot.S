/*
 * i386 boot.  The multiboot loader jumps to _start in 32-bit protected
 * mode with paging off, EAX = magic, EBX = the info block.  The
 * loader's GDT may be anywhere (even in memory we will reuse), so we
 * load our own flat GDT, reload every segment register, set up a stack
 * and call C.  i386 Sonde runs without paging: addresses are physical.
 */
#include "../x86_common/gdt.h"

	.section .bss
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

	.section .text.boot, "ax"
	.globl _start
_start:
	cli
	lgdt gdt32_pointer
	ljmp $X86_KERNEL_CS, $1f
1:	mov $X86_KERNEL_DS, %cx
	mov %cx, %ds
	mov %cx, %es
	mov %cx, %fs
	mov %cx, %gs
	mov %cx, %ss
	mov $boot_stack_top, %esp
	xor %ebp, %ebp             /* backtraces stop here */
	push %ebx                  /* x86_boot(magic, info) */
	push %eax
	call x86_boot
2:	hlt
	jmp 2b

	.section .rodata
	.balign 8
gdt32:
	.quad 0                    /* null descriptor */
	.quad GDT_CODE32           /* 0x08: kernel code */
	.quad GDT_DATA             /* 0x10: kernel data */
gdt32_end:
gdt32_pointer:
	.word gdt32_end - gdt32 - 1
	.long gdt32
