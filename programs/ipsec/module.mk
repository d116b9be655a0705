# SPDX-License-Identifier: GPL-2.0-or-later
# programs/ipsec: the `ipsec` shell command, with the install paths of
# mk/config.mk filled in.  In a build tree it finds pluto and whack
# beside itself (build/VARIANT/programs/), so it runs uninstalled.
IPSEC_SCRIPT := $(BUILDDIR)/programs/ipsec
PROGRAMS += $(IPSEC_SCRIPT)
XSWAN_VERSION ?= $(shell sed -n 's/^\#define XSWAN_VERSION "\(.*\)"/\1/p' lib/libswan/xswan_version.h)

$(IPSEC_SCRIPT): programs/ipsec/ipsec.in lib/libswan/xswan_version.h mk/config.mk
	@mkdir -p $(dir $@)
	sed -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@RUNDIR@|$(RUNDIR)|g' \
	    -e 's|@NSSDIR@|$(NSSDIR)|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' \
	    -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@VERSION@|$(XSWAN_VERSION)|g' \
	    $< > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@
