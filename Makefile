# xswan: top-level GNU make.  Non-recursive: every directory that builds
# something has a module.mk that declares it with the helpers in
# mk/rules.mk; this file only includes them and names the entry points.
#
#   make            build the userland (release variant, build/release/)
#   make check      unit tests (ASan+UBSan), fuzz smoke runs, scenarios
#   make kernel     the patched UML guest kernel (cached)
#   make demo       boot the kernel and bring up a tunnel west<->east
#
# See README.md.

include mk/config.mk
include mk/rules.mk

# Module fragments, in dependency order (libraries first).
MODULES := $(sort $(wildcard lib/*/module.mk)) \
	   $(sort $(wildcard programs/*/*/module.mk)) \
	   $(sort $(wildcard programs/*/module.mk)) \
	   $(sort $(wildcard testing/*/module.mk)) \
	   $(sort $(wildcard testing/*/*/module.mk))
include $(MODULES)

include mk/targets.mk
