# SPDX-License-Identifier: GPL-2.0-or-later
# programs/_updown: the default updown script.  Copied beside pluto in
# build/VARIANT/programs/ so a build tree (and the scenario harness,
# which puts that folder on /usr/libexec/ipsec) runs it as "ipsec _updown".
UPDOWN_SCRIPT := $(BUILDDIR)/programs/_updown
PROGRAMS += $(UPDOWN_SCRIPT)

$(UPDOWN_SCRIPT): programs/_updown/_updown
	@mkdir -p $(dir $@)
	install -m 0755 $< $@
