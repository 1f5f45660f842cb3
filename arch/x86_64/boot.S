/*
 * x86_64 boot: into long mode on our own page tables.
 *
 * There are two ways in.  A multiboot loader (QEMU's -kernel, GRUB)
 * jumps to entry32 (the multiboot header's entry address) in 32-bit
 * mode with paging off, EAX = multiboot magic and EBX = the info block.
 * Long mode needs paging, so we build page tables that identity-map the
 * first 4 GiB with 2 MiB pages (the kernel, all of RAM we use, and the
 * device region near 4 GiB), turn on PAE and long mode, and far-jump
 * into 64-bit code.
 *
 * U-Boot's bootelf calls the ELF entry point, entry64_elf, already in
 * long mode, on U-Boot's own page tables, GDT and stack.  It builds the
 * same page tables, switches CR3 to them and joins the path above at
 * entry64, with magic 0 ("no multiboot": x86_boot then looks for the
 * U-Boot boot block).
 */
#include "../x86_common/gdt.h"

#define CR0_PE   (1 << 0)
#define CR0_WP   (1 << 16)
#define CR0_PG   (1 << 31)
#define CR4_PAE  (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define PTE_PRESENT       0x001
#define PTE_PRESENT_WRITE 0x003
#define PTE_HUGE          0x080      /* a 2 MiB page in a page directory */

	.section .bss
	.balign 4096
pml4:	.skip 4096
pdpt:	.skip 4096
kernel_pt:
	.skip 4096                       /* 4 KiB pages for 2..4 MiB: the kernel */
page_dirs:
	.skip 4 * 4096                   /* four directories: 4 x 1 GiB */
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:

/*
 * Fill pml4, pdpt, kernel_pt and page_dirs.  Used in 32-bit code
 * (entry32) and in 64-bit code (entry64_elf): every instruction here
 * means the same in both modes, and every address is below 4 GiB.
 */
.macro BUILD_PAGE_TABLES
	/* 2048 directory entries of 2 MiB each cover 0..4 GiB. */
	mov $page_dirs, %ebx
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax                    /* i * 2 MiB */
	or $(PTE_PRESENT_WRITE | PTE_HUGE), %eax
	mov %eax, (%ebx, %ecx, 8)
	movl $0, 4(%ebx, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 1b

	/*
	 * The kernel itself (linked at 2 MiB, below 4 MiB) gets 4 KiB pages,
	 * so that its code can be mapped read-only: with CR0.WP set, even
	 * ring 0 cannot write it, and the only way to change kernel text
	 * is arch_text_poke(), which the probe engine uses.
	 */
	xor %ecx, %ecx
3:	mov %ecx, %eax
	shl $12, %eax
	add $0x200000, %eax              /* the page's address */
	mov $PTE_PRESENT_WRITE, %edx
	cmp $_text_start, %eax
	jb 4f
	cmp $_text_end, %eax
	jae 4f
	mov $PTE_PRESENT, %edx           /* a code page: read-only */
4:	or %edx, %eax
	mov %eax, kernel_pt(, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jne 3b
	movl $kernel_pt + PTE_PRESENT_WRITE, page_dirs + 8

	/* The PDPT points at the four directories; the PML4 at the PDPT. */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $12, %eax
	add $page_dirs + PTE_PRESENT_WRITE, %eax
	mov %eax, pdpt(, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jne 2b
	movl $pdpt + PTE_PRESENT_WRITE, pml4
.endm

	.section .text.boot, "ax"
	.code32
	.globl entry32
entry32:
	cli
	mov %eax, %edi                   /* keep magic and info for C */
	mov %ebx, %esi

	BUILD_PAGE_TABLES
	mov $pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_PE | CR0_WP), %eax
	mov %eax, %cr0                   /* now in compatibility mode */

	lgdt gdt64_pointer
	ljmp $X86_KERNEL_CS, $entry64

	.code64
entry64:
	mov $X86_KERNEL_DS, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov $boot_stack_top, %rsp
	xor %ebp, %ebp                   /* backtraces stop here */
	/* edi = magic, esi = info: the first two C arguments already. */
	call x86_boot
9:	hlt
	jmp 9b

	/* The ELF entry point: U-Boot's bootelf calls it in long mode. */
	.globl entry64_elf
entry64_elf:
	cli
	BUILD_PAGE_TABLES
	mov $pml4, %eax                  /* U-Boot's tables are left behind */
	mov %rax, %cr3
	mov %cr0, %rax
	or $CR0_WP, %eax                 /* read-only kernel code, as above */
	mov %rax, %cr0
	lgdt gdt64_pointer
	xor %edi, %edi                   /* magic 0: no multiboot */
	xor %esi, %esi                   /* no info block */
	/* Reload CS from our GDT: a far return to entry64. */
	mov $boot_stack_top, %rsp
	pushq $X86_KERNEL_CS
	pushq $entry64
	lretq

	.section .rodata
	.balign 8
gdt64:
	.quad 0                          /* null descriptor */
	.quad GDT_CODE64                 /* 0x08: kernel code, long mode */
	.quad GDT_DATA                   /* 0x10: kernel data */
gdt64_end:
gdt64_pointer:
	.word gdt64_end - gdt64 - 1
	.quad gdt64
