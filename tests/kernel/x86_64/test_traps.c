/*
 * x86_64 maps kernel code read-only (arch/x86_64/boot.S), so only
 * arch_text_poke() can change it.  Walk the page tables by hand to check
 * that a code page is mapped without the write bit and a data page with.
 */
#include <sonde/ktest.h>
#include <sonde/arch.h>

static uint64_t pte_of(unsigned long addr)
{
	uint64_t cr3, *table;

	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	table = (uint64_t *)(cr3 & ~0xfffull);                       /* PML4 */
	table = (uint64_t *)(table[(addr >> 39) & 511] & ~0xfffull);  /* PDPT */
	table = (uint64_t *)(table[(addr >> 30) & 511] & ~0xfffull);  /* PD   */
	uint64_t pde = table[(addr >> 21) & 511];
	if (pde & 0x80)                                               /* 2 MiB */
		return pde;
	table = (uint64_t *)(pde & ~0xfffull);                        /* PT   */
	return table[(addr >> 12) & 511];
}

static int ro_data_object = 1;

KTEST(x86_64_kernel_text_is_read_only)
{
	uint64_t cr0;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	KT_EXPECT(cr0 & (1u << 16));                         /* CR0.WP */
	KT_EXPECT((pte_of((unsigned long)kmain) & 3) == 1);  /* present, read-only */
	KT_EXPECT((pte_of((unsigned long)&ro_data_object) & 3) == 3);   /* writable */
}
