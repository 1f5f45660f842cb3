/*
 * The shell's built-in commands on the kernel: tasks, memory, symbols,
 * power, tests, and a way to see what a fault report looks like.
 */
#include <events/events.h>
#include <shell/shell.h>
#include <sonde/arch.h>
#include <sonde/errno.h>
#include <sonde/ktest.h>
#include <sonde/mm.h>
#include <sonde/nokprobe.h>
#include <sonde/printk.h>
#include <sonde/string.h>
#include <sonde/symbols.h>
#include <sonde/task.h>

/* Extra words are refused, not ignored: "reboot fib" once rebooted. */
static int no_arguments(const char *name)
{
	return shell_error(-EINVAL, "usage: %s   (no arguments)\n", name);
}

/* task_for_each() calls this with interrupts off: the list cannot
 * change meanwhile. */
static void ps_line(struct task *t, void *arg)
{
	(void)arg;
	printk("%5d  %-15s %-9s %8lu\n", t->pid, t->name,
	       task_state_name(t->state), (unsigned long)t->ticks_run);
}

static int cmd_ps(int argc, char **argv)
{
	if (argc != 1)
		return no_arguments(argv[0]);
	printk("  PID  NAME            STATE        TICKS\n");
	task_for_each(ps_line, NULL);
	return 0;
}
SHELL_COMMAND("ps", "ps", "list tasks: pid, name, state, ticks run", cmd_ps);

static int cmd_mem(int argc, char **argv)
{
	struct mem_stats s;

	if (argc != 1)
		return no_arguments(argv[0]);
	/* One snapshot, so the figures add up even if a task runs between
	 * the lines; free pages are what neither pages nor heap hold. */
	mem_get_stats(&s);
	printk("pages: %zu total, %zu used, %zu held by the heap, %zu free\n",
	       s.pages_total, s.pages_used, s.heap_pages,
	       s.pages_total - s.pages_used - s.heap_pages);
	printk("heap:  %zu objects, %zu bytes\n", s.heap_objects, s.heap_bytes);
	printk("tasks: %d (idle not counted)\n", tasks_alive());
	return 0;
}
SHELL_COMMAND("mem", "mem", "page, heap and task counters", cmd_mem);

static int cmd_sym(int argc, char **argv)
{
	const struct ksym *s;
	uint64_t addr;
	char buf[96];

	if (argc != 2)
		return shell_usage("sym NAME|ADDR");
	/* A number is an address; anything else a name.  Past the
	 * kernel's end the last symbol would otherwise "contain" it. */
	if (parse_u64(argv[1], &addr) == 0) {
		if (!ksym_by_addr((unsigned long)addr) || addr >= (uintptr_t)_kernel_end)
			return shell_error(-ENOENT, "sym: no symbol at 0x%llx (-ENOENT)\n",
					   (unsigned long long)addr);
		ksym_format((unsigned long)addr, buf, sizeof(buf));
		printk("0x%llx = %s\n", (unsigned long long)addr, buf);
		return 0;
	}
	s = ksym_by_name(argv[1]);
	if (!s)
		return shell_error(-ENOENT, "sym: no symbol named '%s' (-ENOENT)\n", argv[1]);
	printk("%s = 0x%lx, size %lu, %s\n", s->name, s->addr, s->size,
	       ksym_is_function(s) ? "function" : "object");
	return 0;
}
SHELL_COMMAND("sym", "sym NAME|ADDR", "look up a kernel symbol by name or address", cmd_sym);

/* Neither returns: no return probes on them (NOKRETPROBE). */
static int cmd_poweroff(int argc, char **argv)
{
	if (argc != 1)
		return no_arguments(argv[0]);
	printk("Powering off.\n");
	arch_poweroff(POWEROFF_CLEAN);
}
SHELL_COMMAND("poweroff", "poweroff", "stop the machine (QEMU exits)", cmd_poweroff);
NOKRETPROBE(cmd_poweroff);

/* Under QEMU's -no-reboot (make run and the tests use it) a reset ends
 * QEMU instead of restarting the machine; the help line says so. */
static int cmd_reboot(int argc, char **argv)
{
	if (argc != 1)
		return no_arguments(argv[0]);
	printk("Rebooting.\n");
	arch_reboot();
}
SHELL_COMMAND("reboot", "reboot",
	      "restart the machine (under QEMU -no-reboot, as in make run: QEMU exits)", cmd_reboot);
NOKRETPROBE(cmd_reboot);

/* Each kind ends as an unplanned failure would: registers, a
 * symbolised backtrace, and a power-off with the panic status. */
static int cmd_fault(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "panic") == 0)
		panic("the 'fault panic' shell command");
	if (argc == 2 && strcmp(argv[1], "trap") == 0)
		__builtin_trap();             /* an illegal instruction */
	return shell_usage("fault panic|trap");
}
SHELL_COMMAND("fault", "fault panic|trap",
	      "crash on purpose, to see the kernel's fault report", cmd_fault);

/* "x kp_target_add 16" shows the int3 (0xcc) a probe puts at a
 * function's first byte, and the original byte once it is disabled. */
static int cmd_x(int argc, char **argv)
{
	uint64_t addr, n = 16;
	const struct ksym *s;

	/* A bad N is a usage error, whatever ADDR is; so it is checked first. */
	if (argc < 2 || argc > 3 || (argc == 3 && (parse_u64(argv[2], &n) || n == 0 || n > 4096)))
		return shell_usage("x ADDR|SYM [N]   (N bytes, 1..4096, default 16)");
	int err = parse_u64(argv[1], &addr);
	if (err == -ERANGE || (!err && addr > (unsigned long)-1))    /* 2^32 and up on i386 */
		return shell_error(-ERANGE, "x: %s: address out of range (-ERANGE)\n", argv[1]);
	if (err) {
		s = ksym_by_name(argv[1]);
		if (!s)
			return shell_error(-ENOENT, "x: no symbol named '%s' (-ENOENT)\n", argv[1]);
		addr = s->addr;
	}
	/* Reading unmapped memory would fault: check the whole range. */
	if (!kernel_addr_readable((unsigned long)addr, (size_t)n))
		return shell_error(-EFAULT, "x: 0x%llx is not kernel memory (-EFAULT)\n",
				   (unsigned long long)addr);
	/* 16 bytes a line, each line headed by its address and symbol. */
	for (uint64_t i = 0; i < n; i += 16) {
		char where[64];
		ksym_format((unsigned long)(addr + i), where, sizeof(where));
		printk("%p %-24s", (void *)(unsigned long)(addr + i), where);
		for (uint64_t j = i; j < i + 16 && j < n; j++)
			printk(" %02x", *(const uint8_t *)(unsigned long)(addr + j));
		printk("\n");
	}
	return 0;
}
SHELL_COMMAND("x", "x ADDR|SYM [N]", "hexdump N bytes of kernel memory", cmd_x);

static int cmd_test(int argc, char **argv)
{
	struct events_parked *parked;
	int failed;

	if (argc > 2)
		return shell_usage("test [NAME|all|list]");
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		ktest_list();
		return 0;
	}
	/* The tests use probes and the trace themselves: the user's enabled
	 * events are disabled and the trace's records set aside meanwhile. */
	parked = events_park("test");
	failed = ktest_run(argc == 2 ? argv[1] : "all");
	events_unpark(parked);
	return failed == 0 ? 0 : -EINVAL;
}
SHELL_COMMAND("test", "test [NAME|all|list]", "run in-kernel tests (TAP output)", cmd_test);
