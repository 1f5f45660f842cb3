/*
 * Tests of probe events (events/events.c and the p, r and l types)
 * through event_command(), the function the shell calls for an event
 * line.  The shell transcripts in tests/shell/ check the printed side.
 */
#include <sonde/ktest.h>
#include <sonde/errno.h>
#include <events/events.h>
#include <sonde/kprobes.h>
#include <sonde/mm.h>
#include <shell/shell.h>
#include <sonde/string.h>

int ev_target(int a, int b);
int ev_slow(int n);
__attribute__((noipa, used)) int ev_target(int a, int b) { return a * 10 + b; }
__attribute__((noipa, used)) int ev_slow(int n)
{
	volatile int x = 0;
	for (int i = 0; i < n * 100; i++)
		x += i;
	return n;
}

static int run(const char *line)
{
	char buf[SHELL_LINE_MAX];

	strlcpy(buf, line, sizeof(buf));
	return shell_execute(buf);
}

KTEST(event_lines_define_enable_delete)
{
	struct mem_stats before, after;

	mem_get_stats(&before);
	KT_EXPECT_EQ(run("p:ktev/pe ev_target a=$arg1 b=$arg2:s32"), 0);
	KT_EXPECT_EQ(run("r:ktev/re ev_target $retval"), 0);
	KT_EXPECT_EQ(run("l:ktev/le ev_slow"), 0);
	KT_EXPECT_EQ(run("p:ktev/pe ev_slow"), -EEXIST);      /* same name */
	KT_EXPECT_EQ(run("enable all"), 0);
	KT_EXPECT_EQ(ev_target(4, 2), 42);
	KT_EXPECT_EQ(ev_target(1, 2), 12);
	KT_EXPECT_EQ(ev_slow(3), 3);
	KT_EXPECT_EQ(run("-:ktev/pe"), -EBUSY);               /* still enabled */
	KT_EXPECT_EQ(run("disable all"), 0);
	KT_EXPECT_EQ(ev_target(1, 1), 11);                    /* not recorded */
	KT_EXPECT_EQ(run("events"), 0);
	KT_EXPECT_EQ(run("-:ktev/pe"), 0);
	KT_EXPECT_EQ(run("-:re"), 0);                         /* group optional */
	KT_EXPECT_EQ(run("-:ktev/le"), 0);
	KT_EXPECT_EQ(run("-:ktev/le"), -ENOENT);
	KT_EXPECT_EQ(run("trace clear"), 0);
	mem_get_stats(&after);
	KT_EXPECT_EQ(after.heap_objects, before.heap_objects);
}

static const struct { const char *line; int err; } bad_lines[] = {
	{ "p:x no_such_symbol", -ENOENT },
	{ "p:x printk", -EPERM },
	{ "p:x ev_target $retval", -EINVAL },
	{ "p:x ev_target %ax:string", -EINVAL },
	{ "p:x ev_target $stack0+10", -EINVAL },
	{ "p:x ev_target $comm:x64", -EINVAL },
	{ "r10fuzz: ev_target", -EINVAL },
	{ "r5000 ev_target", -E2BIG },
	{ "p:x ev_target +0(", -EINVAL },
	{ "p:x ev_target +0($stack", -EINVAL },
	{ "r:x ev_target+4", -EINVAL },
	{ "l:x ev_slow $arg1", -EINVAL },
	{ "q:x ev_target", -EINVAL },
	{ "p:x jiffies", -EINVAL },
	{ "p:1x ev_target", -EINVAL },
	{ "p:x ev_target %nosuchreg", -EINVAL },
	{ "p:x ev_target $arg0", -ERANGE },
	{ "p:x ev_target a=$arg1 a=$arg2", -EEXIST },
	{ "p:x ev_target @no_such_symbol", -ENOENT },
	{ "-:no_such_event", -ENOENT },
};

/*
 * The error for an address inside an instruction: -EILSEQ, except that
 * architectures with fixed-width instructions (ppc64) refuse any
 * misaligned address with -EINVAL.
 */
#define MID_INSTRUCTION_ERR (sizeof(kprobe_opcode_t) > 1 ? -EINVAL : -EILSEQ)

/* An offset inside ev_target's first multi-byte instruction. */
static unsigned mid_instruction_offset(void)
{
	for (unsigned off = 1; off < 16; off++) {
		struct kprobe kp = { .symbol_name = "ev_target", .offset = off };
		int err = register_kprobe(&kp);
		if (err == 0)
			unregister_kprobe(&kp);
		if (err == MID_INSTRUCTION_ERR)
			return off;
	}
	return 0;
}

KTEST(bad_event_lines_fail_cleanly)
{
	int sites = kprobes_count();
	char line[64];
	unsigned off = mid_instruction_offset();

	KT_ASSERT(off != 0);
	snprintk(line, sizeof(line), "p:x ev_target+%u", off);
	KT_EXPECT_EQ(event_command(line), MID_INSTRUCTION_ERR);

	for (unsigned i = 0; i < ARRAY_SIZE(bad_lines); i++) {
		int err = event_command(bad_lines[i].line);
		if (err != bad_lines[i].err)
			ktest_fail(__FILE__, __LINE__, "'%s' gave %d, expected %d",
				   bad_lines[i].line, err, bad_lines[i].err);
	}
	KT_EXPECT_EQ(kprobes_count(), sites);     /* nothing half-registered */
	KT_EXPECT_EQ(ev_target(2, 3), 23);
}

KTEST(more_than_128_arguments_is_an_error)
{
	static char line[EVENT_LINE_MAX];
	size_t n = strlcpy(line, "p:many ev_target", sizeof(line));

	for (int i = 0; i < 129; i++)
		n += strlcpy(line + n, " $arg1", sizeof(line) - n);
	KT_EXPECT_EQ(event_command(line), -E2BIG);
	line[n - 6 * 2] = '\0';                   /* 127 arguments: fine */
	KT_EXPECT_EQ(event_command(line), 0);
	KT_EXPECT_EQ(event_command("-:many"), 0);
}
