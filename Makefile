# SPDX-License-Identifier: GPL-2.0
#
# liox top-level Makefile.
#   make            build every module (W=1) and the user-space programs
#   make check      install what is missing, build, style, user-space tests,
#                   KUnit and every VM scenario; prints "N passed, N failed"
#   make demo       install, build, boot the VM and run the main job with a
#                   readable report
#   make style      checkpatch.pl --strict over our kernel sources
#   make kunit      KUnit suites under UML
#   make fuzz       the decoders' libFuzzer targets, 600 s each
#                   (FUZZ_SECONDS=)
#   make vm-test SCENARIO=tests/scenarios/<name>.sh   one VM scenario
#   make bench      benchmarks in the VM (ratios against stock alternatives)
#   make install    modules_install (+ depmod) and the user-space programs
#
# KVER: kernel the modules are built for, by default the newest installed
# linux-headers-*-amd64 (this machine's running kernel may not be Debian's).
# KDIR: its build tree. LIOX_CACHE: where slow artefacts are cached.

KVER ?= $(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | \
	  sed 's|.*/linux-headers-||' | sort -V | tail -n 1)
KDIR ?= /lib/modules/$(KVER)/build
LIOX_CACHE ?= /var/cache/liox
PREFIX ?= /usr/local
# Not exported: "check" and "demo" install the headers first and then run
# sub-makes, which must look for them again.
TESTENV := KVER=$(KVER) KDIR=$(KDIR) LIOX_CACHE=$(LIOX_CACHE)

SRC := $(CURDIR)

.PHONY: all modules test-modules test-tools userspace style kunit check run-check demo \
	run-demo deps fuzz bench vm-test install clean

all: modules test-modules test-tools userspace

modules:
	$(MAKE) -C $(KDIR) M=$(SRC) W=1 modules

test-modules: modules
	$(MAKE) -C $(KDIR) M=$(SRC)/tests/modules W=1 \
		KBUILD_EXTRA_SYMBOLS=$(SRC)/Module.symvers modules

userspace:
	$(MAKE) -C userspace

# programs the VM scenarios run (the tape drive); built here, run there
test-tools:
	$(MAKE) -C tests/tools

deps:
	tests/lib/deps.sh

style:
	$(TESTENV) tests/lib/style.sh

kunit:
	$(TESTENV) kunit/run.sh

fuzz:
	$(TESTENV) FUZZ_SECONDS=$(or $(FUZZ_SECONDS),600) tests/fuzz/run.sh

bench: all
	$(TESTENV) tests/bench/run.sh

vm-test: all
	$(TESTENV) tests/vm/run.sh $(SCENARIO)

check: deps
	$(MAKE) all
	$(MAKE) run-check

run-check:
	$(TESTENV) tests/run-all.sh

demo: deps
	$(MAKE) all
	$(MAKE) run-demo

run-demo:
	$(TESTENV) tests/demo.sh

install: modules
	$(MAKE) -C $(KDIR) M=$(SRC) modules_install
	depmod -a $(KVER)
	$(MAKE) -C userspace install PREFIX=$(PREFIX)

clean:
	$(MAKE) -C $(KDIR) M=$(SRC) clean
	$(MAKE) -C $(KDIR) M=$(SRC)/tests/modules clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/tools clean
