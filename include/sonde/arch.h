/*
 * The architecture contract.
 *
 * This is the one header that lists everything an architecture port
 * must provide.  Generic code (kernel/, probe/, boot/) talks to the
 * hardware only through what is declared here, and includes nothing
 * from arch/<name>/ except the single public header <arch/regs.h>.
 *
 * A port lives in arch/<name>/ and provides:
 *
 *   arch/<name>/include/arch/regs.h   (public; the only arch header that
 *                                      generic code may include)
 *       struct pt_regs      - the trap frame, in the exact layout the
 *                             port's trap entry assembly builds, with
 *                             _Static_assert(offsetof(...)) checks;
 *       instruction_pointer(regs), set_instruction_pointer(regs, v),
 *       stack_pointer(regs), frame_pointer(regs),
 *       regs_return_value(regs), regs_get_argument(regs, n)
 *                           - accessors, so generic code never names a
 *                             register;
 *       func_entry(fn)      - the code address of a C function (a
 *                             function pointer may be a descriptor);
 *       ARCH_NAME, ARCH_WORD_BITS, ARCH_PAGE_SIZE.
 *
 *   the functions below, in any files under arch/<name>/.
 *
 * Sections of this file follow the life of the machine: boot, traps,
 * tasks, timer, console, power, and (for the probe engine) text
 * patching and the probe primitives.
 */
#ifndef SONDE_ARCH_H
#define SONDE_ARCH_H

#include <sonde/types.h>
#include <arch/regs.h>

/* ---------------------------------------------------------------- boot */

/* One range of RAM that the page allocator may use. */
struct mem_region {
	uint64_t base;
	uint64_t size;
};

#define BOOT_MAX_REGIONS 16
#define BOOT_CMDLINE_MAX 1024

/*
 * What the boot path learned from the firmware or loader.  The port's
 * entry code fills it in (from multiboot, the device tree, ...) and
 * passes it to kmain().  Everything is copied in, so the loader's own
 * structures may be overwritten afterwards.
 */
struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];   /* kernel arguments, "" if none */
	struct mem_region ram[BOOT_MAX_REGIONS];
	int nr_ram;                       /* entries used in ram[]       */
	const char *loader;               /* e.g. "multiboot (QEMU)"     */
};

/*
 * Boot entry.  The port's assembly entry point sets up a stack, switches
 * the CPU into the mode the kernel runs in, brings up the console (so
 * early printk works) and calls the generic kmain() with interrupts
 * disabled.  kmain never returns.
 */
__noreturn void kmain(struct boot_info *bi);

/* The first and last byte of the loaded kernel image (from the linker script). */
extern char _kernel_start[], _kernel_end[];
/* The kernel's executable code. */
extern char _text_start[], _text_end[];

/* --------------------------------------------------------------- traps */

/*
 * Install the port's own trap vectors (IDT, exception vectors, trap
 * table).  From then on every exception, interrupt and trap enters the
 * port's assembly, which saves a struct pt_regs and hands it to the
 * generic handlers declared in <sonde/trap.h>.
 */
void arch_trap_init(void);

/* Print every register of a trap frame, one line per few registers. */
void arch_dump_regs(const struct pt_regs *regs);

/*
 * Fill regs with the caller's registers as they are at the call, as if
 * a trap had happened there (panic() uses it to print registers and
 * start its backtrace).  Written in assembly by each port.
 */
void arch_capture_regs(struct pt_regs *regs);

/*
 * Stack unwinding, one frame at a time.  Given the frame pointer of a
 * frame, store its return address in *ret and the caller's frame
 * pointer in *next_fp.  Returns false when there is no further frame
 * (a zero or implausible frame pointer).  The generic backtrace code in
 * kernel/trap.c loops over this.
 */
bool arch_unwind_frame(unsigned long fp, unsigned long *ret,
		       unsigned long *next_fp);

/* Interrupt control.  save/restore nest; enable/disable do not. */
unsigned long arch_irq_save(void);        /* disable, return old state */
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_irq_disable(void);
bool arch_irqs_enabled(void);

/* Sleep until the next interrupt (hlt, wait); called with irqs enabled. */
void arch_wait_for_interrupt(void);

/* A free-running cycle counter (TSC, timebase, %tick).  Under QEMU's
 * -icount shift=0 on x86 it counts guest instructions exactly. */
uint64_t arch_cycles(void);

/* --------------------------------------------------------------- tasks */

/*
 * Prepare a new task's kernel stack so that the first arch_switch_to()
 * into it calls entry() on that stack, with interrupts disabled.
 * Returns the initial saved stack pointer.  entry must never return.
 */
unsigned long arch_task_stack_init(void *stack_base, size_t stack_size,
				   void (*entry)(void));

/*
 * Save the callee-saved registers of the running task on its stack,
 * store its stack pointer in *save_sp, load next_sp and resume the task
 * that was saved there.  Called with interrupts disabled.
 */
void arch_switch_to(unsigned long *save_sp, unsigned long next_sp);

/* --------------------------------------------------------------- timer */

/*
 * Start a periodic interrupt at hz ticks per second.  Each tick the
 * port calls timer_tick() (kernel/sched.c) from its interrupt handler.
 */
void arch_timer_init(unsigned int hz);

/* ------------------------------------------------------------- console */

/* Bring up the serial console (called from the port's boot path). */
void arch_console_init(void);
/* Write one byte, waiting while the transmitter is busy. */
void arch_console_putc(char c);
/* Read one byte if one is waiting, else return -1.  Never blocks. */
int arch_console_getc(void);

/* --------------------------------------------------------------- power */

/*
 * Stop the machine.  status 0 is a clean power-off; any other status
 * is a failure that the test harness must be able to tell apart:
 * POWEROFF_TEST_PASS and POWEROFF_TEST_FAIL are reported with distinct
 * exit statuses of the emulator (see the port's poweroff code).
 */
enum poweroff_status {
	POWEROFF_CLEAN = 0,       /* shell "poweroff"            */
	POWEROFF_TEST_PASS = 1,   /* every in-kernel test passed */
	POWEROFF_TEST_FAIL = 2,   /* at least one test failed    */
	POWEROFF_PANIC = 3,       /* panic() or unexpected trap  */
};
__noreturn void arch_poweroff(enum poweroff_status status);
__noreturn void arch_reboot(void);

/* --------------------------------------------------- the probe engine */

/*
 * The probe primitives.  These are implemented by the probe engine
 * issue (probe/ plus arch/<name>/kprobes.c); they are listed here so
 * that the contract is complete in one place:
 *
 *   int  arch_prepare_kprobe(struct kprobe *p);  copy + check the insn
 *   void arch_arm_kprobe(struct kprobe *p);      write the breakpoint
 *   void arch_disarm_kprobe(struct kprobe *p);   restore the original
 *   void arch_remove_kprobe(struct kprobe *p);   free the insn slot
 *   arch_breakpoint_address()                    where a trap came from
 *   arch_prepare/finish/abort_singlestep()       step the slot out of line
 *   arch_try_boost(), arch_boost_fault()         optional: run the slot
 *                                                without a step trap
 *   setjmp_pre_handler(), longjmp_break_handler(), jprobe_return()
 *   arch_prepare_kretprobe()                     the return-address slot
 *   kretprobe_trampoline, arch_init_kprobes()    the trampoline and its
 *                                                own probe
 *   arch_text_poke()                             the one text writer
 *   arch_reg_lookup(), arch_reg_value()          %REG fetch arguments
 *                                                (declared below)
 * The others are declared in <sonde/kprobes.h>, which documents each one.
 *
 * The foundation provides the trap side: the port hands breakpoint and
 * single-step traps to trap_breakpoint() and trap_single_step() in
 * kernel/trap.c, which call the hooks the probe engine installs.
 */

/* For the events layer's %REG fetch arguments: a register's name ("di",
 * "r3") to an index, or -1; and that index to the value in a frame. */
struct pt_regs;
int arch_reg_lookup(const char *name);
unsigned long arch_reg_value(const struct pt_regs *regs, int index);

#endif
