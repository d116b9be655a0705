# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark programs built by make (the other benchmarks are scripts).
# tunnel-heap: the heap an established tunnel costs, both ends in one
# process through testing/unit/ike's harness (`make VARIANT=release
# bench-programs`; a sanitizer build has no mallinfo).
CFLAGS_testing/bench/tunnel-heap.c := $(NSS_CFLAGS) -Iprograms/pluto -Iprograms/pluto/crypto -Itesting/unit/ike
BENCH_PROGRAMS += $(BUILDDIR)/bench/tunnel-heap
tunnel-heap_OBJS := $(call obj_of,testing/bench/tunnel-heap.c testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS))
$(BUILDDIR)/bench/tunnel-heap: $(tunnel-heap_OBJS) $(libikev2codec_LIB) $(libcrypto_ike_LIB) $(libswan_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(NSS_LIBS) $(EVENT_LIBS)
-include $(tunnel-heap_OBJS:.o=.d)
.PHONY: bench-programs
bench-programs: $(BENCH_PROGRAMS)
