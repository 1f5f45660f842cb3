/*
 * The architecture contract: everything a port provides, and the only
 * way generic code reaches the hardware.  docs/architecture.md ("The
 * porting contract") explains each item; the one-line notes here are
 * reminders.  Besides the functions below, a port provides
 * arch/<name>/build.mk, linker/<name>.ld and two public headers:
 *
 *   <arch/regs.h>     struct pt_regs, instruction_pointer(),
 *                     set_instruction_pointer(), stack_pointer(),
 *                     frame_pointer(), regs_return_value(),
 *                     regs_get_argument(), trap_vector(), func_entry(),
 *                     ARCH_NAME
 *   <arch/kprobes.h>  kprobe_opcode_t, BREAKPOINT_INSTRUCTION,
 *                     ARCH_INSN_SLOT_SIZE, struct arch_specific_insn,
 *                     arch_breakpoint_address(), arch_kretprobe_resume(),
 *                     arch_clock()
 *
 * Sections follow the life of the machine: boot, traps, tasks, timer,
 * console, power; then what the probe engine needs.
 */
#ifndef SONDE_ARCH_H
#define SONDE_ARCH_H

#include <sonde/types.h>
#include <arch/regs.h>
#include <arch/kprobes.h>

/* ---------------------------------------------------------------- boot */

/* One range of RAM that the page allocator may use. */
struct mem_region {
	uint64_t base;
	uint64_t size;
};

#define BOOT_MAX_REGIONS 16
#define BOOT_CMDLINE_MAX 1024

/* What the boot path learned from the firmware or loader, copied in. */
struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];   /* kernel arguments, "" if none */
	struct mem_region ram[BOOT_MAX_REGIONS];
	int nr_ram;                       /* entries used in ram[]       */
	const char *loader;               /* e.g. "multiboot (QEMU)"     */
};

/* The port's entry calls it, console up, interrupts off; never returns. */
__noreturn void kmain(struct boot_info *bi);

/* The loaded image, and its code (from the linker script). */
extern char _kernel_start[], _kernel_end[];
extern char _text_start[], _text_end[];

/* --------------------------------------------------------------- traps */

/* Install the vectors; traps then reach <sonde/trap.h>'s handlers. */
void arch_trap_init(void);
void arch_dump_regs(const struct pt_regs *regs);
/* The caller's registers, as if it trapped there (for panic()). */
void arch_capture_regs(struct pt_regs *regs);
/* One frame up from fp: its return address and the caller's fp. */
bool arch_unwind_frame(unsigned long fp, unsigned long *ret,
		       unsigned long *next_fp);

/* Interrupt control.  save/restore nest; enable/disable do not. */
unsigned long arch_irq_save(void);        /* disable, return old state */
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_irq_disable(void);
bool arch_irqs_enabled(void);
void arch_wait_for_interrupt(void);       /* irqs enabled */

/* A free-running counter (TSC, timebase, %tick x 10), exact for bench. */
uint64_t arch_cycles(void);
/* The rate in Hz of arch_clock(), the trace's (<arch/kprobes.h>). */
uint64_t arch_clock_hz(void);

/* --------------------------------------------------------------- tasks */

/* A new stack whose first arch_switch_to() runs entry(), irqs off. */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void));
/* Save the running task's stack pointer in *save_sp, resume next_sp. */
void arch_switch_to(unsigned long *save_sp, unsigned long next_sp);

/* ------------------------------------------------- timer, console, power */

/* hz interrupts a second, each calling timer_tick(). */
void arch_timer_init(unsigned int hz);

void arch_console_init(void);
void arch_console_putc(char c);           /* waits while busy */
int arch_console_getc(void);              /* -1 if none; never blocks */

/* Each status leaves the emulator with its own exit status. */
enum poweroff_status {
	POWEROFF_CLEAN = 0,       /* shell "poweroff"            */
	POWEROFF_TEST_PASS = 1,   /* every in-kernel test passed */
	POWEROFF_TEST_FAIL = 2,   /* at least one test failed    */
	POWEROFF_PANIC = 3,       /* panic() or unexpected trap  */
};
__noreturn void arch_poweroff(enum poweroff_status status);
__noreturn void arch_reboot(void);

/* --------------------------------------------------- the probe engine */

struct kprobe;
struct kretprobe_instance;

/* The one routine that writes code: len bytes, fetch kept coherent. */
void arch_text_poke(void *addr, const void *bytes, size_t len);
/* Optional: a port that defines ARCH_ARM_KPROBE in <arch/kprobes.h>
 * (its breakpoint is no kprobe_opcode_t at p->addr) arms and disarms
 * a site itself, with arch_text_poke(); the others, the engine. */
void arch_arm_kprobe(struct kprobe *ap);
void arch_disarm_kprobe(struct kprobe *ap);
/* Check p->addr's instruction and copy it into p->ainsn.insn. */
int arch_prepare_kprobe(struct kprobe *p);

/* Single-step the copy (the state to restore goes in *saved), fix up
 * after the step, or put regs back at the site after a fault. */
void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs,
			     unsigned long *saved);
void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs,
			    unsigned long saved);
void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs,
			   unsigned long saved);
/* Optional boosting: a port without it defines ARCH_NO_BOOST in
 * <arch/kprobes.h>, and then no hit is boosted. */
#ifndef ARCH_NO_BOOST
bool arch_try_boost(struct kprobe *p, struct pt_regs *regs);
bool arch_boost_fault(struct kprobe *p, struct pt_regs *regs);
#else
#define arch_try_boost(p, regs) false
#define arch_boost_fault(p, regs) false
#endif
/* Optional emulation: do the instruction's work on regs, true if done
 * (a port that has it defines ARCH_HAS_EMULATE in <arch/kprobes.h>). */
#ifdef ARCH_HAS_EMULATE
bool arch_emulate(struct kprobe *p, struct pt_regs *regs);
#else
#define arch_emulate(p, regs) false
#endif

/* jprobes (jprobe_return() too, declared in <sonde/kprobes.h>). */
int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs);
int longjmp_break_handler(struct kprobe *p, struct pt_regs *regs);
bool kprobe_jprobe_done(struct pt_regs *regs);   /* the engine's: entry over */

/* kretprobes: save the return address in ri, put the trampoline's in
 * its place (x86: a macro); the trampoline itself, in no-probe text. */
#ifndef arch_prepare_kretprobe
void arch_prepare_kretprobe(struct kretprobe_instance *ri, struct pt_regs *regs);
#endif
extern char kretprobe_trampoline[];

/* Optional jump optimisation (probe/optprobes.c; docs/architecture.md,
 * "The porting contract"): a port that defines ARCH_OPTPROBE_SIZE and
 * ARCH_OPTPROBE_JMP_SIZE in <arch/kprobes.h> provides the three arch_
 * functions; the engine gives its detours kprobe_optimized_hit(). */
int arch_prepare_optprobe(struct kprobe *ap, void *detour);
void arch_optimize_kprobe(struct kprobe *ap, void *detour);
void arch_unoptimize_kprobe(struct kprobe *ap);
int kprobe_optimized_hit(struct kprobe *ap, struct pt_regs *regs);

/* %REG fetch arguments: a register's number (-1: none), and its value. */
int arch_reg_lookup(const char *name);
unsigned long arch_reg_value(const struct pt_regs *regs, int reg);

#endif
