# Sonde: build, run and test.  `make help` lists the targets and variables.
#
#   make [ARCH=x86|x86_64|ppc64|sparc64|ia64] run build and boot to the shell (default x86_64)
#   make test                       build every architecture, run every test
#   make test ARCH=x86_64           ... only that one (or ARCHS="x86 ppc64")
#
# Everything is built under build/<arch>/.  See README.md.

# PORTS: every ARCH that builds and is tested.  ARCHS: what `make test`,
# `make bench` and `make list-tests` cover: every port, or the one ARCH
# named on the command line, or the list ARCHS="..." names there.
PORTS := x86 x86_64 ppc64 sparc64 ia64
ARCHS := $(PORTS)
ifeq ($(origin ARCH),command line)
ARCHS := $(ARCH)
endif
ARCH  ?= x86_64
ifeq ($(filter $(ARCH),$(PORTS)),)
$(error unknown ARCH '$(ARCH)'; valid architectures: $(PORTS))
endif
ifneq ($(filter-out $(PORTS),$(ARCHS)),)
$(error unknown architecture in ARCHS '$(ARCHS)'; valid architectures: $(PORTS))
endif
ifeq ($(strip $(ARCHS)),)
$(error ARCHS is empty; valid architectures: $(PORTS))
endif

# OPT: the optimisation flags.  Any other than -O2 (make OPT=-Og gdb, a
# kernel that steps well in GDB) builds in a folder of its own,
# build/<arch>-Og/, so objects of two levels never mix in one kernel.
OPT ?= -O2
empty :=
space := $(empty) $(empty)
BUILD := build/$(ARCH)$(if $(filter-out -O2,$(OPT)),$(subst $(space),,$(strip $(OPT))))
# How a port's kernel is run: LAUNCHER in build.mk, qemu unless it says
# otherwise (ia64: ski).  RUN_qemu and RUN_ski below are the commands.
LAUNCHER := qemu
include arch/$(ARCH)/build.mk

# Kernel command line for `make run` etc., e.g. make run CMDLINE="hz=250".
# It reaches QEMU exactly as typed: $(value CMDLINE) is the text before
# make expands it (so the "$r" of "$retval" is not taken for a make
# variable), and CMDLINE_SH is that text in single quotes for the shell
# (a ' inside becomes '\'').  unexport: make would otherwise put the
# expanded text into every command's environment.
CMDLINE ?=
unexport CMDLINE
sh_quote = '$(subst ','\'',$(1))'
CMDLINE_SH := $(call sh_quote,$(value CMDLINE))
# PROBES=file: a course's probe set, event lines one per line ('#'
# comments allowed), defined at boot: tools/probes-cmdline.py adds them
# to the command line as one kprobe_event= word, or says why it cannot
# (no such file, a line too long, the command line past the kernel's
# 1023 characters).  It is a simple variable: the "$" of "$retval" in
# the file is never expanded by make.
PROBES ?=
ifneq ($(strip $(PROBES)),)
PROBES_CMDLINE := $(shell python3 tools/probes-cmdline.py $(call sh_quote,$(PROBES)) $(CMDLINE_SH) 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error $(PROBES_CMDLINE))
endif
CMDLINE_SH := $(call sh_quote,$(PROBES_CMDLINE))
endif
# Out-of-tree in-kernel test files, comma separated: EXTRA_KTESTS=a.c,b.c
EXTRA_KTESTS ?=
# A folder of more shell transcripts (NAME.in, NAME.expected): EXTRA_TRANSCRIPTS=dir
EXTRA_TRANSCRIPTS ?=
LAB ?=

CFLAGS := -std=gnu11 $(OPT) -g -Wall -Wextra -Werror=implicit-function-declaration \
	-ffreestanding -fno-stack-protector -fno-pic -fno-pie \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-toplevel-reorder \
	-fno-tree-loop-distribute-patterns -fno-strict-aliasing \
	-Iinclude -Iarch/$(ARCH)/include -I. $(ARCH_CFLAGS) -MMD -MP

comma := ,
EXTRA_SRCS := $(subst $(comma), ,$(EXTRA_KTESTS))
# The layers, bottom up except for shell/: the shell's commands are
# listed (Tab) in link order, and that order is kept from when they were
# in kernel/, ahead of the events layer's.
SRCS := $(sort $(wildcard kernel/*.c)) $(sort $(wildcard shell/*.c)) \
        $(sort $(wildcard probe/*.c)) $(sort $(wildcard events/*.c)) $(ARCH_SRCS) \
        $(sort $(wildcard tests/kernel/*.c tests/kernel/*.S))

# In-kernel tests for some ports only live in folders of their own, which
# build.mk names in KTEST_DIRS: each kernel holds the tests it can run.
SRCS += $(foreach d,$(KTEST_DIRS),$(sort $(wildcard $(d)/*.c $(d)/*.S)))
# A port that lacks a layer yet names the generic test files it cannot
# pass in KTEST_SKIP, and why in KTEST_SKIP_REASON (build.mk): they are
# left out of its kernel, and the harness prints each of their tests as
# SKIP -- never as passed.
SRCS := $(filter-out $(KTEST_SKIP),$(SRCS))

OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(SRCS))) \
        $(foreach f,$(EXTRA_SRCS),$(BUILD)/extra/$(basename $(notdir $(f))).o)
KERNEL := $(BUILD)/sonde.elf

# QEMU: no display, serial console on stdio, the port's exit device for
# tests (QEMU_DEVICES, from build.mk).
QEMU_BASE := $(QEMU) $(QEMU_MACHINE) -display none -vga none -nic none \
	$(QEMU_DEVICES) -no-reboot

.PHONY: lines all run test test-one list-tests fuzz deps doctor iso run-iso gdb gdb-check bench plot \
	clean help print-qemu print-launcher print-ski print-kernel print-exit-codes print-archs print-cmdline print-nm \
	print-deps print-ktest-skip print-ktest-skip-reason print-shell-skip print-shell-skip-reason FORCE
all: $(KERNEL)

$(BUILD)/obj/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# Each out-of-tree test file is compiled from wherever it lives.
define extra_rule
$(BUILD)/extra/$(basename $(notdir $(1))).o: $(1) | deps
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -c $$< -o $$@
endef
$(foreach f,$(EXTRA_SRCS),$(eval $(call extra_rule,$(f))))

# Relink when the set of objects changes (e.g. EXTRA_KTESTS dropped).
$(BUILD)/objs.list: FORCE
	@mkdir -p $(BUILD)
	@echo "$(OBJS)" | cmp -s - $@ || echo "$(OBJS)" > $@

# The symbol table takes two links: the first, with an empty table, is
# read with nm; the table goes at the very end of the image, so the
# second link moves nothing else.  The check below proves that.
LINK = $(LD) -m $(LDEMU) $(LDFLAGS_ARCH) -T linker/$(ARCH).ld -nostdlib

$(BUILD)/ksyms-empty.S: tools/gensyms.py | deps
	@mkdir -p $(BUILD)
	python3 tools/gensyms.py --bits $(WORD_BITS) --empty > $@

$(BUILD)/sonde.pass1.elf: $(OBJS) $(BUILD)/ksyms-empty.o $(BUILD)/objs.list linker/$(ARCH).ld
	$(LINK) -o $@ $(OBJS) $(BUILD)/ksyms-empty.o $(LIBGCC)

$(BUILD)/ksyms.S: $(BUILD)/sonde.pass1.elf tools/gensyms.py
	$(NM) -n -S --defined-only $(NM_SYMS_FLAGS) $< | \
		python3 tools/gensyms.py --bits $(WORD_BITS) $(GENSYMS_FLAGS) > $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(CC) $(CFLAGS) -c $< -o $@

$(KERNEL): $(BUILD)/sonde.pass1.elf $(BUILD)/ksyms.o
	$(LINK) -o $@ $(OBJS) $(BUILD)/ksyms.o $(LIBGCC)
	@$(NM) -n $< | grep -v -e ksym -e _kernel_end > $(BUILD)/nm.pass1
	@$(NM) -n $@ | grep -v -e ksym -e _kernel_end > $(BUILD)/nm.final
	@cmp -s $(BUILD)/nm.pass1 $(BUILD)/nm.final || \
		{ echo "error: symbol addresses moved between links"; rm -f $@; exit 1; }
	@echo "built $@ ($$(stat -c %s $@) bytes)"

# ---- packages ----
# Debian packages, as tools/deps.sh pairs COMMAND-OR-FILE:PACKAGE.  Every
# target that builds or runs something checks its list first and, as
# root, installs what is missing (apt-get update first; never with
# recommends, see tools/deps.sh).  ARCH_DEPS and GDB_DEPS come from
# arch/$(ARCH)/build.mk.  HOST_DEPS: the host unit tests and the fuzzer
# (gcc only recommends libc6-dev, so it is named; the ia64 host tests
# assemble with binutils-ia64-linux-gnu).  ISO_DEPS: make iso.
HOST_DEPS := gcc:gcc /usr/include/stdio.h:libc6-dev python3:python3 \
	/usr/include/capstone/capstone.h:libcapstone-dev clang:clang \
	ia64-linux-gnu-as:binutils-ia64-linux-gnu ia64-linux-gnu-objdump:binutils-ia64-linux-gnu \
	/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev
# PLOT_DEPS: make plot and its host test only (make run never needs
# it): Debian's matplotlib, which Debian's own python3 imports.
PLOT_PYTHON := /usr/bin/python3
PLOT_DEPS := $(PLOT_PYTHON):python3 \
	/usr/lib/python3/dist-packages/matplotlib/__init__.py:python3-matplotlib
ISO_DEPS := grub-mkrescue:grub-common /usr/lib/grub/i386-pc:grub-pc-bin \
	xorriso:xorriso mformat:mtools
# Every package of every architecture in ARCHS, asked of make ARCH=a
# (only that architecture's build.mk is read at a time): one apt-get run
# for all of them.
ARCHS_DEPS = $$(for a in $(ARCHS); do $(MAKE) -s --no-print-directory ARCH=$$a print-deps; done)

deps:
	@tools/deps.sh $(ARCH_DEPS) python3:python3

# ---- running ----
# Lines starting with "## " are what `make help` prints.

## make [ARCH=x86|x86_64|ppc64|sparc64|ia64] run  build and boot to the shell (CMDLINE='...' for
##                                   boot args; ppc64: FIRMWARE=vof (default, fast) or FIRMWARE=slof;
##                                   ia64 runs under Ski, found or built by tools/ski.sh, SKI= to name one)
# Ski: the path of bski, asked of tools/ski.sh only when a recipe needs
# it (it may build Ski first, or exit 3 when Ski cannot be had).
SKI_BIN = $(eval SKI_BIN := $(or $(shell tools/ski.sh),$(error no Ski: see tools/ski.sh's message above)))$(SKI_BIN)
RUN_qemu = $(QEMU_BASE) -serial mon:stdio -kernel $(KERNEL) -append $(CMDLINE_SH)
RUN_ski = $(SKI_BIN) $(SKI_FLAGS) $(KERNEL) $(CMDLINE_SH)
QUIT_qemu := (or Ctrl-A x)
QUIT_ski := (or Ctrl-C)
run: deps $(KERNEL)
	@echo "Booting Sonde ($(ARCH)).  Type 'poweroff' to quit $(QUIT_$(LAUNCHER))."
	$(RUN_$(LAUNCHER))

## make [ARCH=...] all               build build/<arch>/sonde.elf only

## make test                         build every architecture in ARCHS and run every test
##                                   (make test ARCH=x86_64: that one only; ARCHS="x86 ppc64": those)
test:
	@tools/deps.sh $(HOST_DEPS) $(PLOT_DEPS) $(ARCHS_DEPS)
	@for a in $(ARCHS); do $(MAKE) -s --no-print-directory ARCH=$$a launcher-ready || exit 1; done
	@python3 tests/run.py --archs "$(ARCHS)" --extra-transcripts $(call sh_quote,$(EXTRA_TRANSCRIPTS))

# Each kernel is built only where it can run.  Ski is looked for first:
# with none to be had (SKI=, SKI_SRC=, ../shared/third_party, the cache)
# the kernel -- and so the ia64 compiler's 20-minute build -- is skipped,
# and the harness says "ia64: skipped" and runs the host tests.  Else
# Ski is found or built (with its progress shown), then the kernel.
.PHONY: launcher-ready
launcher-ready:
ifeq ($(LAUNCHER),ski)
	@if tools/ski.sh --status 2>/dev/null | grep -q '^not found'; then :; \
	else tools/ski.sh >/dev/null && $(MAKE) -s --no-print-directory all; fi
else
	@$(MAKE) -s --no-print-directory all
endif

## make test-one TEST=NAME           run one in-kernel test or shell transcript on ARCH, with the
##                                   kernel's output (TEST=a,b for several)
ifneq ($(filter test-one,$(MAKECMDGOALS)),)
ifeq ($(strip $(TEST)),)
$(error usage: make test-one TEST=NAME [ARCH=...]; NAME is an in-kernel test or a shell transcript, `make list-tests` lists them)
endif
endif
test-one: deps $(KERNEL)
	@python3 tests/run.py --archs "$(ARCH)" --only $(call sh_quote,$(value TEST)) --verbose \
		--extra-transcripts $(call sh_quote,$(EXTRA_TRANSCRIPTS))

## make list-tests                   list the in-kernel tests, transcripts and host tests (per ARCHS)
list-tests:
	@for a in $(ARCHS); do $(MAKE) -s --no-print-directory ARCH=$$a all || exit 1; done
	@python3 tests/run.py --archs "$(ARCHS)" --list --extra-transcripts $(call sh_quote,$(EXTRA_TRANSCRIPTS))

## make grade LAB=N                 run lab N's graded tests, each in a boot of its own: one line
##                                   per test with its points, then Score: N/M (exit 0: all passed);
##                                   on the lab's architectures (ARCH=... for one), with any
##                                   EXTRA_KTESTS / EXTRA_TRANSCRIPTS as hidden tests
## make lab LAB=N                   write lab N's starter tree to build/labs/NN-name/ (its
##                                   solution code taken out); OUT=dir to write it elsewhere
## make labs                        list the labs (labs/NN-name/: handout README.md, grade.txt)
## make lab-check LAB=N             what make test checks of each lab: the starter builds and fails
##                                   every graded test, the full tree passes them (ARCH: where)
# LAB: a number (labs/NN-*/) or a lab folder.  GRADE_ARCHS: the ARCH or
# ARCHS given on the command line, else the lab's own (its grade.txt).
GRADE_ARCHS := $(if $(filter command line,$(origin ARCH)),$(ARCH),$(if $(filter command line,$(origin ARCHS)),$(ARCHS)))
.PHONY: grade lab labs lab-check lab-usage
lab-usage:
	@[ -n "$(LAB)" ] || { echo "usage: make $(MAKECMDGOALS) LAB=N (make labs lists the labs)" >&2; exit 2; }
grade: lab-usage
	@tools/deps.sh $(ARCHS_DEPS)
	@python3 tools/labs.py grade $(call sh_quote,$(LAB)) --archs "$(GRADE_ARCHS)" \
		--extra-ktests $(call sh_quote,$(EXTRA_KTESTS)) \
		--extra-transcripts $(call sh_quote,$(EXTRA_TRANSCRIPTS))
lab: lab-usage
	@python3 tools/labs.py lab $(call sh_quote,$(LAB)) $(if $(OUT),--out $(call sh_quote,$(OUT)))
labs:
	@python3 tools/labs.py list
lab-check: lab-usage
	@python3 tools/labs.py check $(call sh_quote,$(LAB)) --arch $(ARCH)

## make fuzz [FUZZ_SECONDS=60]       fuzz the event-line parser on the host (libFuzzer)
FUZZ_SECONDS ?= 60
fuzz:
	@tools/deps.sh $(HOST_DEPS)
	@tools/fuzz.sh $(FUZZ_SECONDS)

## make iso / run-iso                GRUB rescue ISO (serial console) and boot it (x86, x86_64)
iso: deps $(KERNEL)
	@tools/deps.sh $(ISO_DEPS)
	@GRUB_BOOT_CMD=$(GRUB_BOOT_CMD) tools/mkiso.sh $(ARCH) $(KERNEL) $(BUILD)/sonde.iso $(CMDLINE_SH)

run-iso: deps iso
	$(QEMU_BASE) -serial mon:stdio -cdrom $(BUILD)/sonde.iso -boot d

## make uboot-image / run-uboot     disk image for Debian's stock U-Boot ROM and boot it
##                                   (x86, x86_64; CMDLINE="..." reaches the kernel unchanged)
# U-Boot (x86 and x86_64): an MBR disk with one FAT partition holding the
# kernel, a boot script and the command line (tools/uboot-image.sh, which
# gets CMDLINE through the environment, unexpanded: $(value ...) keeps
# make from expanding a "$", the single quotes the shell).  U-Boot's
# script and its own data need 256 MiB.  UBOOT_ROM comes from build.mk
# (empty: this architecture has no U-Boot).
UBOOT_IMAGE := $(BUILD)/sonde-uboot.img
UBOOT_QEMU = $(QEMU) -m 256M -bios $(UBOOT_ROM) -display none -vga none -nic none \
	$(QEMU_DEVICES) -no-reboot
UBOOT_DEPS := mkimage:u-boot-tools mformat:mtools mcopy:mtools
# (make test boots x86 and x86_64 through U-Boot once: print-deps names these.)
UBOOT_ARCH_DEPS := $(if $(UBOOT_ROM),$(UBOOT_DEPS) $(UBOOT_ROM):u-boot-qemu)
.PHONY: uboot-image run-uboot print-uboot-qemu uboot-check
uboot-check:
	@[ -n "$(UBOOT_ROM)" ] || { echo "error: there is no U-Boot for ARCH=$(ARCH): Debian's u-boot-qemu has no ROM for its QEMU machine.  U-Boot boots ARCH=x86 and x86_64; boot $(ARCH) with make ARCH=$(ARCH) run" >&2; exit 2; }

uboot-image: uboot-check $(KERNEL)
	@tools/deps.sh $(UBOOT_ARCH_DEPS)
	@SONDE_CMDLINE=$(CMDLINE_SH) tools/uboot-image.sh $(ARCH) $(KERNEL) $(UBOOT_IMAGE)

run-uboot: uboot-check deps uboot-image
	@echo "Booting Sonde ($(ARCH)) through U-Boot.  Type 'poweroff' to quit (or Ctrl-A x)."
	$(UBOOT_QEMU) -serial mon:stdio -drive file=$(UBOOT_IMAGE),format=raw,if=virtio

# For tests/run.py and tools/bench.py; they add -drive file=IMG,format=raw,if=virtio.
print-uboot-qemu: uboot-check
	@echo "$(UBOOT_QEMU)"

## make gdb                          boot halted with a GDB stub; prints how to attach
# ia64's Ski has no GDB stub (GDB is empty in its build.mk).
.PHONY: gdb-usable
gdb-usable:
	@[ -n "$(GDB)" ] || { echo "error: ARCH=$(ARCH) runs under $(LAUNCHER), which has no GDB stub: make gdb needs a QEMU architecture" >&2; exit 2; }
gdb: gdb-usable deps $(KERNEL)
	@tools/deps.sh $(GDB_DEPS)
	@QEMU_CMD="$(QEMU_BASE) -serial mon:stdio -kernel $(KERNEL)" CMDLINE=$(CMDLINE_SH) \
		GDB=$(GDB) tools/gdb.sh $(ARCH) $(KERNEL) $(BUILD)

## make gdb-check                    attach GDB in batch mode, stop at kmain, print a backtrace
gdb-check: gdb-usable deps $(KERNEL)
	@tools/deps.sh $(GDB_DEPS)
	@QEMU_CMD="$(QEMU_BASE) -serial null -kernel $(KERNEL)" CMDLINE=$(CMDLINE_SH) \
		GDB=$(GDB) tools/gdb.sh --check $(ARCH) $(KERNEL) $(BUILD)

## make plot SCRIPT=file [ARCH=...]  boot, type the shell lines of file, then save the trace and the
##                                   l: events' histograms as CSV and PNG plots (a latency histogram
##                                   each, a per-task timeline) in build/plot/<file's name>/ (OUT=dir)
ifneq ($(filter plot,$(MAKECMDGOALS)),)
ifeq ($(strip $(SCRIPT)),)
$(error usage: make plot SCRIPT=file [ARCH=...]; file holds shell lines, one per prompt (see tests/host/plot_trace/session.txt))
endif
endif
plot: deps $(KERNEL)
	@tools/deps.sh $(PLOT_DEPS)
	@$(PLOT_PYTHON) tools/plot-trace.py $(call sh_quote,$(SCRIPT)) --arch $(ARCH) \
		--cmdline $(CMDLINE_SH) $(if $(OUT),--out $(call sh_quote,$(OUT)))

## make bench                        boot figures per architecture in ARCHS (report only)
bench:
	@tools/deps.sh $(ARCHS_DEPS) $(if $(filter x86 x86_64,$(ARCHS)),$(ISO_DEPS))
	@for a in $(ARCHS); do $(MAKE) -s --no-print-directory ARCH=$$a all || exit 1; done
	@python3 tools/bench.py --archs "$(ARCHS)"

## make deps                         install the missing Debian packages ARCH needs to build and run
##                                   (every target here does this itself first; make test does it
##                                   for the host tests and every architecture in ARCHS at once)
## make lines                       source lines and comment share per layer, against the budget
lines:
	@python3 tools/count-lines.py

## make doctor                       list the tools and packages found and missing
doctor:
	@tools/doctor.sh

## make clean                        remove build/
clean:
	rm -rf build

## make help                         this list
help:
	@sed -n 's/^## //p' Makefile

# For scripts, one line each.
## make print-qemu / print-kernel    ARCH's QEMU command line / kernel image
print-qemu:
	@echo "$(QEMU_BASE)"
## make print-launcher / print-ski   how ARCH's kernel runs (qemu or ski) / Ski's command, without
##                                   the kernel (tools/ski.sh: exit 3 when there is no Ski)
print-launcher:
	@echo "$(LAUNCHER)"
print-ski:
	@ski=$$(tools/ski.sh) && echo "$$ski $(SKI_FLAGS)"
print-kernel:
	@echo "$(KERNEL)"
## make print-exit-codes             ARCH's QEMU exit statuses: pass=N fail=N panic=N reset=N
print-exit-codes:
	@echo "$(EXIT_CODES)"
## make print-archs / print-cmdline  what ARCHS and CMDLINE are (as the targets above use them)
print-archs:
	@echo "$(ARCHS)"
print-cmdline:
	@printf '%s\n' $(CMDLINE_SH)
# ARCH's nm (tests/run.py --list) and packages (ARCHS_DEPS above).
print-nm:
	@echo "$(NM)"
print-deps:
	@echo "$(ARCH_DEPS) $(GDB_DEPS) $(UBOOT_ARCH_DEPS) python3:python3"
# The generic test files ARCH leaves out, and why (tests/run.py: SKIP).
print-ktest-skip:
	@echo "$(KTEST_SKIP)"
print-ktest-skip-reason:
	@echo "$(KTEST_SKIP_REASON)"
# The shell transcripts ARCH leaves out (SHELL_SKIP in build.mk: names), and why.
print-shell-skip:
	@echo "$(SHELL_SKIP)"
print-shell-skip-reason:
	@echo "$(SHELL_SKIP_REASON)"

## Variables (on the command line: make VAR=value TARGET):
##   ARCH=x86|x86_64|ppc64|sparc64|ia64 the architecture (default x86_64); an unknown one is an error
##   ARCHS="x86 x86_64 ppc64 sparc64 ia64" what test, bench and list-tests cover (default: every one,
##                                   or just ARCH when ARCH is given)
##   CMDLINE='hz=250 explain'        kernel boot arguments for run, run-iso, iso, run-uboot, gdb, passed as
##                                   typed ('$retval' stays $retval; quote it for your shell)
##   PROBES=file                     event lines (one per line, # comments allowed) defined at boot
##                                   by run, gdb, run-uboot, plot, as a kprobe_event= argument
##                                   after CMDLINE; they start disabled (CMDLINE=shell_run=enable,all
##                                   arms them); the whole command line holds at most 1023 characters
##   OPT=-Og                         optimisation flags (default -O2); any other level builds in
##                                   build/<arch>-Og/ (e.g. make OPT=-Og gdb: code that steps well)
##   SCRIPT=file, OUT=dir            for plot (the session to type; where the files go)
##   TEST=NAME[,NAME]                for test-one
##   EXTRA_KTESTS=a.c,b.c            out-of-tree in-kernel test files, built into the kernel
##                                   (make grade: hidden tests; "// points: N" before a KTEST)
##   EXTRA_TRANSCRIPTS=dir           more shell transcripts, dir/NAME.in and NAME.expected, for
##                                   test, test-one and grade ("#points N" at the top of NAME.in)
##   LAB=N                           for grade, lab, lab-check (a number, or a lab's folder)
##   FIRMWARE=vof|slof               ppc64 firmware (default vof)
##   FUZZ_SECONDS=60                 for make fuzz (make test fuzzes for 20 s)
##   SONDE_TIMEOUT_SCALE=2           (environment) multiply the test harness's per-run timeout
##                                   (60 s), e.g. on a slow or busy machine

-include $(OBJS:.o=.d)
