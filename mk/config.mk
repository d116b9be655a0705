# Paths, knobs and compiler flags.  Override on the command line or in
# Makefile.inc.local (not tracked).
-include Makefile.inc.local

# VARIANT picks the object tree: release (plain -O2), sanitize (ASan +
# UBSan: unit tests and host tests) or ubsan (UBSan: the daemon the
# scenarios run in the UML guest).
VARIANT ?= release
BUILDDIR ?= build/$(VARIANT)

CC ?= cc
PKG_CONFIG ?= pkg-config
PYTHON ?= python3

# Where `make install` puts things (FHS, as Debian's libreswan does).
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
LIBEXECDIR ?= $(PREFIX)/libexec/ipsec
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
RUNDIR ?= /run/pluto
NSSDIR ?= /var/lib/ipsec/nss

XSWAN_CACHE ?= /var/cache/xswan

WARNINGS := -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes \
	    -Wstrict-prototypes -Wno-unused-parameter -Wvla -Werror=implicit-function-declaration
BASE_CFLAGS := -std=gnu11 -g $(WARNINGS) -D_GNU_SOURCE -Iinclude -Ilib/libswan \
	    -DXSWAN_SYSCONFDIR=\"$(SYSCONFDIR)\" -DXSWAN_RUNDIR=\"$(RUNDIR)\" \
	    -DXSWAN_NSSDIR=\"$(NSSDIR)\" -DXSWAN_LIBEXECDIR=\"$(LIBEXECDIR)\"

ifeq ($(VARIANT),sanitize)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT := -O1
else ifeq ($(VARIANT),ubsan)
# What the scenarios run inside the UML guest.  ASan cannot work there:
# a UML process's address space is too small for ASan's fixed shadow
# mapping ("Shadow memory range interleaves with an existing memory
# mapping"), so the guest gets UBSan alone and ASan covers the same code
# on the host (unit tests, fuzzing, the host smoke tests).
SAN_FLAGS := -fsanitize=undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT := -O1
else
SAN_FLAGS :=
OPT := -O2 -D_FORTIFY_SOURCE=2 -fstack-protector-strong
endif

CFLAGS ?=
LDFLAGS ?=
ALL_CFLAGS = $(BASE_CFLAGS) $(OPT) $(SAN_FLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

# Libraries, from pkg-config (Debian's -dev packages; testing/install-deps).
NSS_CFLAGS := $(shell $(PKG_CONFIG) --cflags nss 2>/dev/null)
NSS_LIBS := $(shell $(PKG_CONFIG) --libs nss 2>/dev/null)
EVENT_LIBS := $(shell $(PKG_CONFIG) --libs libevent 2>/dev/null)
MNL_LIBS := $(shell $(PKG_CONFIG) --libs libmnl 2>/dev/null)
CAPNG_LIBS := $(shell $(PKG_CONFIG) --libs libcap-ng 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# libFuzzer targets need clang.
FUZZ_CC ?= clang
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -g -O1
