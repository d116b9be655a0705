# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz targets for the hostile-input parts of programs/pluto/crypto: the
# SA payload decoder with proposal choice, and the ike=/esp= parser.
FUZZ_PROPOSAL_SRCS := programs/pluto/crypto/ike_alg.c programs/pluto/crypto/proposal_parse.c \
	programs/pluto/crypto/proposal_match.c programs/pluto/crypto/sa_payload.c \
	lib/libswan/bytes.c lib/libswan/diag.c lib/libswan/log.c lib/libswan/clock.c
# The third argument lands on the compile line, so the include path goes there.
$(eval $(call fuzz_target,fuzz_sa_payload,testing/fuzz/crypto/fuzz_sa_payload.c $(FUZZ_PROPOSAL_SRCS),-Iprograms/pluto/crypto))
$(eval $(call fuzz_target,fuzz_proposal_parse,testing/fuzz/crypto/fuzz_proposal_parse.c $(FUZZ_PROPOSAL_SRCS),-Iprograms/pluto/crypto))
