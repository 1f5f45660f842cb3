/*
 * The architecture contract.
 *
 * This is the one header that lists everything an architecture port
 * must provide.  Generic code (kernel/, probe/, boot/ and what sits on
 * them) reaches the hardware only through what is listed here.
 *
 * A port lives in arch/<name>/ (the two x86 ports share
 * arch/x86_common/) and provides:
 *
 *   arch/<name>/build.mk      the compiler, QEMU and package settings the
 *                             Makefile reads (see arch/x86_64/build.mk)
 *   linker/<name>.ld          the image: _kernel_start.._kernel_end,
 *                             _text_start.._text_end, the no-probe text
 *                             (.kprobes.text and every probe/ and
 *                             arch/<name>/kprobes*.o, between
 *                             __kprobes_text_start and __kprobes_text_end)
 *                             and the .table.* registration tables
 *
 *   two public headers, the only arch headers generic code includes:
 *
 *   <arch/regs.h>      (arch/<name>/include/arch/regs.h)
 *       struct pt_regs      - the trap frame, in the exact layout the
 *                             port's trap entry assembly builds, with
 *                             _Static_assert(offsetof(...)) checks;
 *       instruction_pointer(regs), set_instruction_pointer(regs, v),
 *       stack_pointer(regs), frame_pointer(regs),
 *       regs_return_value(regs), regs_get_argument(regs, n),
 *       trap_vector(regs)   - accessors, so generic code never names a
 *                             register (trap_vector: the vector the
 *                             trap came in by, as reports print it);
 *       func_entry(fn)      - the code address of a C function (a
 *                             function pointer may be a descriptor);
 *       ARCH_NAME           - "x86_64", as the boot banner prints it.
 *
 *   <arch/kprobes.h>   (arch/<name>/include/arch/kprobes.h)
 *       kprobe_opcode_t     - the unit a breakpoint replaces (x86: a
 *                             byte; ppc64: an instruction word);
 *       BREAKPOINT_INSTRUCTION - what a breakpoint looks like: one
 *                             kprobe_opcode_t;
 *       ARCH_INSN_SLOT_SIZE - bytes of each instruction slot;
 *       struct arch_specific_insn - what arch_prepare_kprobe() learned
 *                             about the instruction; its member insn is
 *                             the slot, which the engine allocates before
 *                             and frees after;
 *       arch_breakpoint_address(regs), arch_kretprobe_resume(regs, ret)
 *                           - static inline, as every hit calls them
 *                             (see "the probe engine" below).
 *
 *   and the functions below, in any files under arch/<name>/.
 *
 * Everything else under arch/<name>/ is private to the port.  Sections
 * of this file follow the life of the machine: boot, traps, tasks,
 * timer, console, power; then what the probe engine needs: writing
 * text, preparing a site, stepping its copy, jprobes, kretprobes, and
 * registers by name.
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
 * -icount shift=0 on x86 and sparc64 (%tick x 10, read as
 * arch/sparc64/timer.c explains) it counts guest instructions exactly. */
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
 * The engine (probe/) owns every decision; the port provides only what
 * differs between instruction sets.  Arming, disarming and freeing a
 * site, and the trampoline's own probe, are generic (probe/kprobes.c,
 * probe/kretprobes.c), built on arch_text_poke(),
 * BREAKPOINT_INSTRUCTION and kretprobe_trampoline.  The port hands
 * breakpoint and single-step traps to trap_breakpoint() and
 * trap_single_step() (<sonde/trap.h>), which call the engine's hooks,
 * and keeps its trap path out of reach of probes (__kprobes,
 * <sonde/nokprobe.h>).  docs/probes.md tells a hit step by step.
 */
struct kprobe;
struct kretprobe_instance;

/* Write len bytes of kernel text and keep instruction fetch coherent:
 * the one routine that writes code. */
void arch_text_poke(void *addr, const void *bytes, size_t len);

/*
 * Check the instruction at p->addr (an instruction boundary, one that
 * can be stepped out of line) and copy it into the slot p->ainsn.insn,
 * noting in p->ainsn what the step will need fixed.  0, or -EINVAL,
 * -EILSEQ as register_kprobe() returns them.
 */
int arch_prepare_kprobe(struct kprobe *p);

/*
 * The probed address, given the regs of a breakpoint trap:
 *   unsigned long arch_breakpoint_address(const struct pt_regs *regs);
 * a static inline in <arch/kprobes.h>.
 */

/*
 * Make regs single-step p's copied instruction: point the ip at the
 * slot, turn on stepping, turn off interrupts.  The state to restore
 * afterwards goes into *saved.
 */
void arch_prepare_singlestep(struct kprobe *p, struct pt_regs *regs,
			     unsigned long *saved);
/*
 * After the step trap: fix the ip (and whatever the instruction pushed
 * or read relative to its old address) and restore saved.
 */
void arch_finish_singlestep(struct kprobe *p, struct pt_regs *regs,
			    unsigned long saved);
/* A fault happened during the step: put regs back at the probe site. */
void arch_abort_singlestep(struct kprobe *p, struct pt_regs *regs,
			   unsigned long saved);
/*
 * Optional speed-up (a port without it returns false from both): run
 * p's copied instruction without a single-step trap, when there is no
 * post handler to run after it.  Returns true if regs now lead through
 * the copy and back; false to single-step as usual.
 */
bool arch_try_boost(struct kprobe *p, struct pt_regs *regs);
/*
 * A fault with the ip inside p's slot, in a boosted copy: put regs back
 * at the probe site (as arch_abort_singlestep does) and return true; or
 * false if the ip was not in a boosted copy.
 */
bool arch_boost_fault(struct kprobe *p, struct pt_regs *regs);

/*
 * jprobes: save the registers and the stack a callee may write, and
 * enter jp->entry / recognise the trap of jprobe_return() and put them
 * back.  jprobe_return() itself is the port's too; it is declared in
 * <sonde/kprobes.h>, where clients find it.
 */
int setjmp_pre_handler(struct kprobe *p, struct pt_regs *regs);
int longjmp_break_handler(struct kprobe *p, struct pt_regs *regs);

/*
 * kretprobes.  At a function's first instruction, save its return
 * address in ri->ret_addr and put the trampoline's in its place (the
 * stack, LR, %i7, b0...).
 */
void arch_prepare_kretprobe(struct kretprobe_instance *ri, struct pt_regs *regs);
/*
 * The trampoline, in no-probe text: where probed functions return to.
 * The engine probes its first instruction; what follows must fail
 * loudly if that probe were ever missing.  After the return handlers,
 * the engine sends the task on with
 *   void arch_kretprobe_resume(struct pt_regs *regs, unsigned long ret);
 * a static inline in <arch/kprobes.h> (the ip, and on ppc64 LR too).
 */
extern char kretprobe_trampoline[];

/*
 * Optional: jump optimisation (probe/optprobes.c).  A port that can
 * replace a probe's breakpoint by a jump to a "detour" defines, in
 * <arch/kprobes.h>, ARCH_OPTPROBE_SIZE (the bytes of one detour, which
 * the engine keeps in a static pool within reach of a jump) and
 * ARCH_OPTPROBE_JMP_SIZE (the bytes the jump covers at the site), and
 * provides the three functions below.  A port that defines neither
 * needs nothing: its probes stay breakpoints.
 *
 * arch_prepare_optprobe: can the site of the armed aggregate ap be a
 * jump (the instructions under the jump relocatable, nothing jumping
 * into them)?  If so, write the detour -- save the registers as a
 * struct pt_regs, call optprobe_detour_hit(), restore them, run the
 * relocated instructions, jump back -- and return 0; else -EINVAL,
 * -EBUSY or -ENOMEM, and the site stays a breakpoint.
 * arch_optimize_kprobe: the breakpoint becomes the jump to detour.
 * arch_unoptimize_kprobe: the jump becomes the breakpoint again, the
 * bytes after it exactly as they were.
 */
int arch_prepare_optprobe(struct kprobe *ap, void *detour);
void arch_optimize_kprobe(struct kprobe *ap, void *detour);
void arch_unoptimize_kprobe(struct kprobe *ap);
/*
 * What the engine gives the port's detour: the site that owns detour,
 * or NULL once it was un-optimised -- then the task goes on at
 * optprobe_resume(), the site's address if a probe is still there, or
 * if that is 0 runs the relocated copy;
 * and the hit itself, given regs as a breakpoint at ap would have
 * made them (the ip just past the breakpoint, as Linux's optprobes
 * present it too).  A handler may change regs, the ip included.
 */
struct kprobe *optprobe_owner(void *detour);
unsigned long optprobe_resume(void *detour);
void kprobe_optimized_hit(struct kprobe *ap, struct pt_regs *regs);

/*
 * Registers by name, for %REG fetch arguments in event lines: the
 * number of the register called name (>= 0), or -1 if there is none;
 * and the value of register number reg in regs.
 */
int arch_reg_lookup(const char *name);
unsigned long arch_reg_value(const struct pt_regs *regs, int reg);

#endif
