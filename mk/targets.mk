# Entry points.  `make check` is what CI runs (through .ci/run).

.PHONY: all programs unit-tests unit-check fuzz fuzz-check scenario-check \
	check kernel demo clean

all: programs
programs: $(PROGRAMS)
unit-tests: $(UNIT_TESTS)
fuzz: $(FUZZ_TARGETS)

# Unit tests always run under ASan and UBSan.
unit-check:
	$(MAKE) VARIANT=sanitize unit-tests
	$(PYTHON) testing/utils/run-unit $(patsubst build/release/%,build/sanitize/%,$(UNIT_TESTS))

# Each fuzz target runs briefly over its seed corpus (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 20
fuzz-check: fuzz
	$(PYTHON) testing/utils/run-fuzz --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Scenarios boot the patched kernel; the daemon is the UBSan build (ASan
# cannot run in a UML guest; it covers the same code in host tests).
# TESTS="name ..." picks some; default all under testing/pluto/.
TESTS ?=
scenario-check: kernel
	$(MAKE) VARIANT=ubsan programs
	$(PYTHON) testing/utils/runner $(TESTS)

check:
	$(PYTHON) testing/utils/check $(if $(TESTS),--tests "$(TESTS)")

kernel:
	kernel/build

demo:
	testing/utils/demo

clean:
	rm -rf build
