# Helpers a module.mk calls to declare what it builds.  Objects go under
# $(BUILDDIR)/obj mirroring the source tree, so the release and sanitize
# variants never mix and an object directory never collides with a
# program of the same name (programs/pluto/ vs the pluto binary).
#
#   $(eval $(call library,NAME,SOURCES))
#       static library $(BUILDDIR)/lib/NAME.a; $(NAME_LIB) names it
#   $(eval $(call program,NAME,SOURCES,LIBRARIES,LDLIBS))
#       executable $(BUILDDIR)/programs/NAME
#   $(eval $(call unit_test,NAME,SOURCES,LIBRARIES,LDLIBS))
#       cmocka test $(BUILDDIR)/testing/unit/NAME, run by `make unit-check`
#   $(eval $(call fuzz_target,NAME,SOURCES,LDLIBS))
#       libFuzzer target $(BUILDDIR)/fuzz/NAME (clang), run by `make fuzz-check`
#
# Per-source extra flags: set CFLAGS_path/to/file.c := ...

# module.mk rules come before mk/targets.mk's `all`; without this the
# first library declared would be what a bare `make` builds.
.DEFAULT_GOAL := all

PROGRAMS :=
UNIT_TESTS :=
FUZZ_TARGETS :=

obj_of = $(patsubst %.c,$(BUILDDIR)/obj/%.o,$(1))

$(BUILDDIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CFLAGS_$<) -MMD -MP -c $< -o $@

define library
$(1)_LIB := $(BUILDDIR)/lib/$(1).a
$(1)_OBJS := $(call obj_of,$(2))
$$($(1)_LIB): $$($(1)_OBJS)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^
-include $$($(1)_OBJS:.o=.d)
endef

define program
PROGRAMS += $(BUILDDIR)/programs/$(1)
$(1)_OBJS := $(call obj_of,$(2))
$(BUILDDIR)/programs/$(1): $$($(1)_OBJS) $(foreach l,$(3),$$($(l)_LIB))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $(4)
-include $$($(1)_OBJS:.o=.d)
endef

define unit_test
UNIT_TESTS += $(BUILDDIR)/testing/unit/$(1)
$(1)_OBJS := $(call obj_of,$(2))
$(BUILDDIR)/testing/unit/$(1): $$($(1)_OBJS) $(foreach l,$(3),$$($(l)_LIB))
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $(4) $$(CMOCKA_LIBS)
-include $$($(1)_OBJS:.o=.d)
endef

define fuzz_target
FUZZ_TARGETS += $(BUILDDIR)/fuzz/$(1)
$(BUILDDIR)/fuzz/$(1): $(2)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(BASE_CFLAGS) $$(FUZZ_FLAGS) $$(NSS_CFLAGS) -o $$@ $(2) $(3)
endef
