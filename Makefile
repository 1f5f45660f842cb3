# Sonde: build, run and test.  `make help` lists the targets.
#
#   make [ARCH=x86|x86_64|ppc64] run   build and boot to the shell (default x86_64)
#   make test                       build every architecture, run every test
#
# Everything is built under build/<arch>/.  See README.md.

# ARCHS: what `make test` and `make bench` cover.  PORTS: every ARCH that
# builds (a new port joins ARCHS once its tests pass).
ARCHS := x86 x86_64 ppc64
PORTS := $(ARCHS)
ARCH  ?= x86_64
ifeq ($(filter $(ARCH),$(PORTS)),)
$(error unknown ARCH '$(ARCH)'; valid architectures: $(PORTS))
endif

BUILD := build/$(ARCH)
include arch/$(ARCH)/build.mk

# Kernel command line for `make run` etc., e.g. make run CMDLINE="hz=250"
CMDLINE ?=
# Out-of-tree in-kernel test files, comma separated: EXTRA_KTESTS=a.c,b.c
EXTRA_KTESTS ?=

CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
	-ffreestanding -fno-stack-protector -fno-pic -fno-pie \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-toplevel-reorder \
	-fno-tree-loop-distribute-patterns -fno-strict-aliasing \
	-Iinclude -Iarch/$(ARCH)/include $(ARCH_CFLAGS) -MMD -MP

comma := ,
EXTRA_SRCS := $(subst $(comma), ,$(EXTRA_KTESTS))
SRCS := $(sort $(wildcard kernel/*.c)) $(sort $(wildcard probe/*.c)) $(ARCH_SRCS) \
        $(sort $(wildcard tests/kernel/*.c tests/kernel/*.S))
OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(SRCS))) \
        $(foreach f,$(EXTRA_SRCS),$(BUILD)/extra/$(basename $(notdir $(f))).o)
KERNEL := $(BUILD)/sonde.elf

# QEMU: no display, serial console on stdio, the port's exit device for
# tests (QEMU_DEVICES, from build.mk).
QEMU_BASE := $(QEMU) $(QEMU_MACHINE) -display none -vga none -nic none \
	$(QEMU_DEVICES) -no-reboot

.PHONY: all run test test-one fuzz deps doctor iso run-iso gdb bench clean help print-qemu print-kernel print-exit-codes FORCE
all: $(KERNEL)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# Each out-of-tree test file is compiled from wherever it lives.
define extra_rule
$(BUILD)/extra/$(basename $(notdir $(1))).o: $(1)
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

$(BUILD)/ksyms-empty.S: tools/gensyms.py
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

# ---- running ----
# Lines starting with "## " are what `make help` prints.

## make [ARCH=x86|x86_64|ppc64] run  build and boot to the shell (CMDLINE="..." for boot args;
##                                   ppc64: FIRMWARE=vof (default, fast) or FIRMWARE=slof)
run: deps $(KERNEL)
	@echo "Booting Sonde ($(ARCH)).  Type 'poweroff' to quit (or Ctrl-A x)."
	$(QEMU_BASE) -serial mon:stdio -kernel $(KERNEL) -append "$(CMDLINE)"

## make [ARCH=...] all               build build/<arch>/sonde.elf only
## make deps                         install missing Debian packages for ARCH
deps:
	@tools/deps.sh $(ARCH_DEPS) python3:python3

# Everything any target needs, for every architecture.
ALL_DEPS := gcc:gcc ld:binutils python3:python3 \
	qemu-system-x86_64:qemu-system-x86 qemu-system-i386:qemu-system-x86 \
	powerpc64-linux-gnu-gcc:gcc-powerpc64-linux-gnu qemu-system-ppc64:qemu-system-ppc \
	/usr/lib/gcc-cross/powerpc64-linux-gnu/12/libgcc.a:libgcc-12-dev-ppc64-cross \
	/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a:lib32gcc-12-dev \
	/usr/include/capstone/capstone.h:libcapstone-dev

## make test                         build every architecture and run every test
test:
	@tools/deps.sh $(ALL_DEPS)
	@for a in $(ARCHS); do $(MAKE) -s --no-print-directory ARCH=$$a all || exit 1; done
	@python3 tests/run.py --archs "$(ARCHS)"

## make fuzz [FUZZ_SECONDS=60]       fuzz the event-line parser on the host (libFuzzer)
FUZZ_SECONDS ?= 60
fuzz:
	@tools/fuzz.sh $(FUZZ_SECONDS)

## make test-one TEST=NAME           run one in-kernel test on ARCH, show its output
test-one: deps $(KERNEL)
	@python3 tests/run.py --archs "$(ARCH)" --only "$(TEST)" --verbose

## make iso / run-iso                GRUB rescue ISO (serial console) and boot it
iso: $(KERNEL)
	@tools/deps.sh grub-mkrescue:grub-common /usr/lib/grub/i386-pc:grub-pc-bin xorriso:xorriso mformat:mtools
	@GRUB_BOOT_CMD=$(GRUB_BOOT_CMD) tools/mkiso.sh $(ARCH) $(KERNEL) $(BUILD)/sonde.iso "$(CMDLINE)"

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
ALL_DEPS += $(UBOOT_DEPS) /usr/lib/u-boot/qemu-x86/u-boot.rom:u-boot-qemu
.PHONY: uboot-image run-uboot print-uboot-qemu uboot-check
uboot-check:
	@[ -n "$(UBOOT_ROM)" ] || { echo "error: there is no U-Boot for ARCH=$(ARCH): Debian's u-boot-qemu has no ROM for its QEMU machine.  U-Boot boots ARCH=x86 and x86_64; boot $(ARCH) with make ARCH=$(ARCH) run" >&2; exit 2; }

uboot-image: uboot-check $(KERNEL)
	@tools/deps.sh $(UBOOT_DEPS) $(UBOOT_ROM):u-boot-qemu
	@SONDE_CMDLINE='$(subst ','\'',$(value CMDLINE))' tools/uboot-image.sh $(ARCH) $(KERNEL) $(UBOOT_IMAGE)

run-uboot: uboot-check deps uboot-image
	@echo "Booting Sonde ($(ARCH)) through U-Boot.  Type 'poweroff' to quit (or Ctrl-A x)."
	$(UBOOT_QEMU) -serial mon:stdio -drive file=$(UBOOT_IMAGE),format=raw,if=virtio

# For tests/run.py and tools/bench.py; they add -drive file=IMG,format=raw,if=virtio.
print-uboot-qemu: uboot-check
	@echo "$(UBOOT_QEMU)"

## make gdb                          boot halted with a GDB stub; prints how to attach
gdb: deps $(KERNEL)
	@tools/deps.sh gdb:gdb
	@QEMU_CMD="$(QEMU_BASE) -serial mon:stdio -kernel $(KERNEL)" CMDLINE="$(CMDLINE)" \
		tools/gdb.sh $(ARCH) $(KERNEL) $(BUILD)

## make bench                        boot figures per architecture (report only)
bench:
	@tools/deps.sh $(ALL_DEPS)
	@for a in $(ARCHS); do $(MAKE) -s --no-print-directory ARCH=$$a all || exit 1; done
	@python3 tools/bench.py --archs "$(ARCHS)"

## make doctor                       list the tools and packages found and missing
doctor:
	@tools/doctor.sh

# For scripts: the QEMU command line and kernel of ARCH (one line each).
print-qemu:
	@echo "$(QEMU_BASE)"
print-kernel:
	@echo "$(KERNEL)"
# QEMU's exit statuses for this ARCH: pass=N fail=N panic=N reset=N.
print-exit-codes:
	@echo "$(EXIT_CODES)"

## make clean                        remove build/
clean:
	rm -rf build

## make help                         this list
help:
	@sed -n 's/^## //p' Makefile

-include $(OBJS:.o=.d)
