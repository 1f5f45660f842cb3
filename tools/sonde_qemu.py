"""
Booting Sonde under QEMU from a script: the one driver that the test
harness (tests/run.py), the benchmark (tools/bench.py), the
instruction tracer (tools/benchtrace.py) and the plotter
(tools/plot-trace.py) share.

    import sonde_qemu
    run = sonde_qemu.Qemu(sonde_qemu.kernel_command("x86_64"), timeout=60,
                          interactive=True)
    if run.wait_for_prompt():
        print(run.command("ps"))     # what `ps` printed
    run.finish()                     # QEMU is gone; run.status, run.output

How Sonde boots is the Makefile's business: the QEMU command line, the
kernel image and the exit statuses come from `make print-qemu`,
`print-kernel`, `print-uboot-qemu` and `print-exit-codes`, so no script
repeats a flag of build.mk.  The commands built here add only what a
script needs: the guest's console on QEMU's stdin and stdout (our
pipes), and -icount shift=0,sleep=off, under which the guest clock
counts instructions, so that a run does the same thing every time.

A port may run under something other than QEMU: `make print-launcher`
says what (qemu, or ski for ia64, whose IA-64 simulator Ski has no
QEMU machine).  For Ski, kernel_command() builds bski's command line
from `make print-ski` instead, with -icount (Sonde's patch to Ski: the
ITC counts instructions) in the place of QEMU's; launch_problem() says
why a port cannot be run here at all (no Ski), for the harness to skip
it.  Everything else -- pipes, prompts, exit statuses -- is the same.

Four ways to boot: -kernel with a command line (kernel_command), the
same halted for a debugger (gdb_port=), Debian's U-Boot ROM from a disk
image (uboot_command), or anything else added to qemu_command's list
(the benchmark's GRUB ISO).  A run is interactive or not (stdin a pipe
to type into, or /dev/null).

All reading goes through Qemu.read_until(), which returns when the
output satisfies a condition, when QEMU closes its output (it exited)
or when the run's deadline passes (then timed_out is set).

Only the Python standard library is used.
"""

import codecs
import functools
import os
import select
import shlex
import socket
import subprocess
import sys
import time

# The top of the repository: make runs there, and paths are relative to it.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ICOUNT = ["-icount", "shift=0,sleep=off"]
SHELL_PROMPT = "sonde> "

# U-Boot counts down 2 seconds before its autoboot.  Under -icount
# shift=0,sleep=off that wait costs 2 billion guest instructions (half a
# minute here), so a run can press a key at the countdown and type
# "boot" at U-Boot's prompt: the same boot command, without the wait.
UBOOT_COUNTDOWN = "Hit any key to stop autoboot"
UBOOT_PROMPT = "=> "


class QemuError(RuntimeError):
    """QEMU cannot be started: make failed, or a kernel, ROM or tool is missing."""


# ------------------------------------------------------------ asking make

@functools.lru_cache(maxsize=None)
def make_print(arch, target):
    """Run `make -s ARCH=arch target` and return what it printed (one line)."""
    done = subprocess.run(["make", "-s", "--no-print-directory", "ARCH=" + arch, target],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if done.returncode != 0 or not done.stdout.strip():
        raise QemuError("`make ARCH=%s %s` failed: %s"
                        % (arch, target, done.stderr.strip() or "no output"))
    return done.stdout.strip()


def kernel_image(arch):
    """arch's kernel image, relative to the top of the tree; it must exist."""
    kernel = make_print(arch, "print-kernel")
    if not os.path.exists(os.path.join(ROOT, kernel)):
        raise QemuError("no kernel image %s (run `make ARCH=%s all`)" % (kernel, arch))
    return kernel


class ExitCodes:
    """
    One architecture's QEMU exit statuses, from `make print-exit-codes`,
    e.g. on x86 (where the kernel writes to the isa-debug-exit port, see
    arch/x86_common/power.c):
        pass=33 fail=35 panic=37 reset=0
    "reset" is the status of a CPU reset under -no-reboot (an x86 triple
    fault).  On ppc64 a pass is 0 and a failure or a panic 1, so there a
    verdict must rest on more than the status.
    """

    def __init__(self, arch):
        codes = dict(word.split("=", 1) for word in make_print(arch, "print-exit-codes").split())
        self.test_pass = int(codes["pass"])
        self.test_fail = int(codes["fail"])
        self.panic = int(codes["panic"])
        self.reset = int(codes["reset"])

    def means_panic(self, status):
        """Does this status say "panic" (and nothing else)?"""
        return status == self.panic and status not in (self.test_pass, self.test_fail)


# ------------------------------------------------------- command lines

def qemu_command(arch, icount=True, uboot=False):
    """The Makefile's QEMU command for arch (its U-Boot one if uboot), with
    the console on stdio and, if icount, a guest clock counting instructions.
    Add how to boot: -kernel (kernel_command), a disk, a CD."""
    cmd = shlex.split(make_print(arch, "print-uboot-qemu" if uboot else "print-qemu"))
    return cmd + ["-serial", "stdio"] + (ICOUNT if icount else [])


def launch_problem(arch):
    """None if arch's kernel can be run here; else why not, in one line
    (ia64 without Ski: tools/ski.sh's message)."""
    if make_print(arch, "print-launcher") != "ski":
        return None
    try:
        make_print(arch, "print-ski")
    except QemuError as e:
        return str(e).split(": ", 1)[-1].splitlines()[0]
    return None


def ski_command(arch, append, icount):
    """bski running arch's kernel: the words after the kernel file are
    the kernel's arguments (Ski joins them with spaces), so the command
    line goes as one word, as QEMU's -append takes it."""
    cmd = shlex.split(make_print(arch, "print-ski"))
    if not icount:
        cmd = [word for word in cmd if word != "-icount"]
    return cmd + [kernel_image(arch)] + ([append] if append else [])


def kernel_command(arch, append=None, icount=True, gdb_port=None):
    """Boot arch's kernel with -kernel and, unless append is None, that
    command line.  With gdb_port, QEMU's GDB stub listens on that port
    and the machine waits, halted, for the debugger to continue it."""
    if make_print(arch, "print-launcher") == "ski":
        if gdb_port is not None:
            raise QemuError("%s runs under Ski, which has no GDB stub" % arch)
        return ski_command(arch, append, icount)
    cmd = qemu_command(arch, icount)
    if gdb_port is not None:
        cmd += ["-gdb", "tcp:127.0.0.1:%d" % gdb_port, "-S"]
    cmd += ["-kernel", kernel_image(arch)]
    # SONDE_CMDLINE (environment): more kernel arguments for every boot,
    # e.g. "optimize" to run the whole suite with jump-optimised probes.
    extra = os.environ.get("SONDE_CMDLINE", "").strip()
    if extra:
        append = extra if append is None else append + " " + extra
    if append is not None:
        cmd += ["-append", append]
    return cmd


def uboot_command(arch, cmdline, image, icount=True):
    """Boot arch's kernel from Debian's U-Boot ROM (make print-uboot-qemu).
    tools/uboot-image.sh writes the disk image (a path under build/), whose
    boot block carries cmdline as it is."""
    kernel = kernel_image(arch)
    cmd = qemu_command(arch, icount, uboot=True)
    rom = cmd[cmd.index("-bios") + 1]
    if not os.path.exists(rom):
        raise QemuError("no U-Boot ROM at %s (apt-get install u-boot-qemu)" % rom)
    made = subprocess.run(["tools/uboot-image.sh", arch, kernel, image], cwd=ROOT,
                          env=dict(os.environ, SONDE_CMDLINE=cmdline),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    if made.returncode != 0:
        raise QemuError("tools/uboot-image.sh failed: " + made.stdout.strip())
    return cmd + ["-drive", "file=%s,format=raw,if=virtio" % image]


# ------------------------------------------------------- the GDB stub

def free_port():
    """A TCP port on the loopback that nobody listens on (for -gdb)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(port, seconds):
    """Wait until something listens on 127.0.0.1:port (/proc/net/tcp).
    Connecting to find out would not do: QEMU's GDB stub takes the
    first connection as its debugger."""
    want = "0100007F:%04X" % port
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with open("/proc/net/tcp") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[1] == want and fields[3] == "0A":     # 0A: LISTEN
                    return True
        time.sleep(0.05)
    return False


# ------------------------------------------------------------ one run

def find_prompt(output, start):
    """Index just past the first shell prompt at the start of a line, at or
    after start; -1 if there is none."""
    if start == 0 and output.startswith(SHELL_PROMPT):
        return len(SHELL_PROMPT)
    i = output.find("\n" + SHELL_PROMPT, start)
    return -1 if i < 0 else i + 1 + len(SHELL_PROMPT)


class Qemu:
    """
    One QEMU run, started at once, with the guest's console on our pipes.

    output is the serial output so far (decoded as it comes, never failing
    on junk), stderr QEMU's own messages.  After finish(): status is QEMU's
    exit status, killed says we stopped it (a timeout, or a session over).
    """

    def __init__(self, cmd, timeout, interactive=False, verbose=False,
                 skip_uboot_countdown=False):
        self.cmd = cmd
        self.timeout = timeout
        self.verbose = verbose        # copy the serial output to our stdout
        self.output = ""
        self.stderr = ""
        self.timed_out = False
        self.killed = False
        self.status = None
        # 0: before U-Boot's countdown, 1: key pressed, 2: "boot" typed (or no U-Boot)
        self.uboot_step = 0 if skip_uboot_countdown else 2

        # Without interactive input, stdin is /dev/null: QEMU reads EOF
        # there, which the guest never sees (and QEMU cannot take over
        # the terminal we run in).
        self.started = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT,
                stdin=subprocess.PIPE if interactive else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            raise QemuError("cannot start %s: %s" % (cmd[0], e))
        self.deadline = self.started + timeout
        decoder = codecs.getincrementaldecoder("utf-8")
        self.open_fds = {
            self.proc.stdout.fileno(): decoder(errors="backslashreplace"),
            self.proc.stderr.fileno(): decoder(errors="backslashreplace"),
        }

    def _read_some(self):
        """Wait for more output.  False once stdout is closed or time is up."""
        out_fd = self.proc.stdout.fileno()
        if out_fd not in self.open_fds:
            return False
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.timed_out = True
            return False
        ready, _, _ = select.select(list(self.open_fds), [], [], left)
        if not ready:
            self.timed_out = True
            return False
        for fd in ready:
            data = os.read(fd, 4096)
            text = self.open_fds[fd].decode(data, final=not data)
            if not data:
                del self.open_fds[fd]
            if fd == out_fd:
                self.output += text
                if self.verbose:
                    sys.stdout.write(text.replace("\r", ""))
                    sys.stdout.flush()
            else:
                self.stderr += text
        self._skip_uboot_countdown()
        return True

    def _skip_uboot_countdown(self):
        if self.uboot_step == 0 and UBOOT_COUNTDOWN in self.output:
            self.send(" ")
            self.uboot_step = 1
        elif self.uboot_step == 1 and self.output.endswith(UBOOT_PROMPT):
            self.send("boot\r")
            self.uboot_step = 2

    def read_until(self, done):
        """Read until done(output) is true; False if QEMU exited or time ran out."""
        while not done(self.output):
            if not self._read_some():
                return done(self.output)
        return True

    def wait_for_exit(self):
        """Read everything until QEMU exits (or the deadline passes)."""
        self.read_until(lambda output: False)

    def wait_for_prompt(self, after=0):
        """Wait for a shell prompt at or after index after of the output.
        Returns the index just past it, or -1 (QEMU exited or time ran out)."""
        self.read_until(lambda output: find_prompt(output, after) >= 0)
        return find_prompt(self.output, after)

    def send(self, text):
        """Type text at the guest's console.  False if QEMU is gone."""
        try:
            self.proc.stdin.write(text.encode("utf-8"))
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def type_line(self, line):
        """Type one line, as Enter ends it.  The whole line goes at once:
        QEMU hands it to the guest's UART only as fast as the guest reads."""
        return self.send(line + "\r")

    def command(self, line):
        """Type line at the shell's prompt and wait for the next prompt.
        Returns what the command printed (without the shell's echo of
        the line; CR LF as LF), or None if no prompt came back."""
        start = len(self.output)
        self.type_line(line)
        end = self.wait_for_prompt(start)
        if end < 0:
            return None
        text = self.output[start:end - len(SHELL_PROMPT)].replace("\r", "")
        return text.split("\n", 1)[1] if "\n" in text else ""

    def finish(self):
        """Stop QEMU if it is still running and collect its exit status."""
        if self.proc.poll() is None and self.proc.stdout.fileno() in self.open_fds:
            # stdout still open: QEMU is running (or just about to exit).
            self.proc.kill()
            self.killed = True
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.killed = True
            self.proc.wait()
        # QEMU is gone, so its pipes end soon: take what is left in them.
        for fd, decoder in self.open_fds.items():
            while True:
                data = os.read(fd, 4096)
                text = decoder.decode(data, final=not data)
                if fd == self.proc.stdout.fileno():
                    self.output += text
                else:
                    self.stderr += text
                if not data:
                    break
        self.open_fds = {}
        if self.verbose and not self.output.endswith("\n"):
            print()       # end the streamed output's last line (a prompt)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe:
                pipe.close()
        self.status = self.proc.returncode

    def tail(self, n):
        """The last n characters QEMU printed (console and its own), for a message."""
        text = (self.output + self.stderr).replace("\r", "")
        return text[-n:].strip() or "(no output)"

    def log_text(self):
        """A log of the run (after finish): the command, the serial output,
        how it ended and what QEMU said itself."""
        parts = ["# command: " + shlex.join(self.cmd) + "\n",
                 "# ---- serial output ----\n",
                 self.output.replace("\r\n", "\n")]
        if not self.output.endswith("\n"):
            parts.append("\n")
        if self.timed_out:
            parts.append("# ---- timeout after %g s: QEMU killed ----\n" % round(self.timeout, 2))
        elif self.killed:
            parts.append("# ---- QEMU stopped by the harness ----\n")
        else:
            parts.append("# ---- QEMU exit status %s ----\n" % self.status)
        if self.stderr.strip():
            parts.append("# ---- QEMU stderr ----\n" + self.stderr)
        return "".join(parts)
