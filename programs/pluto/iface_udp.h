/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE over UDP: one socket per (local address, port), on the IKE port
 * (500) and the NAT-T port (4500, with UDP_ENCAP_ESPINUDP so the kernel
 * takes ESP-in-UDP and hands IKE to us behind the 4-byte non-ESP marker).
 *
 * Received datagrams go to one demux function that the exchange code
 * registers; replies go out through iface_udp_send() on the socket the
 * request arrived on, from the address it was sent to.
 */
#ifndef PLUTO_IFACE_UDP_H
#define PLUTO_IFACE_UDP_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ip_address.h"

struct pluto;
struct iface_udp;
struct whack_ctx;

/* The largest IKE message we accept over UDP (RFC 7296 asks for >= 1280;
 * fragmentation keeps real messages well below this). */
#define IKE_UDP_MAX 65535

/* One received IKE message.  PTR/LEN exclude the non-ESP marker. */
struct iface_datagram {
	const uint8_t *ptr;
	size_t len;
	struct ip_address local;	/* the address the peer sent to */
	uint16_t local_port;		/* host order */
	struct ip_address remote;
	uint16_t remote_port;		/* host order */
	const struct iface_udp *iface;	/* reply through this */
};

typedef void iface_demux_fn(void *arg, const struct iface_datagram *dg);

/*
 * The per-socket IKE bypass: the kernel backend installs a policy on FD
 * so IKE itself is never caught by an IPsec policy (Libreswan's
 * poke_ipsec_policy_hole).  FAMILY is AF_INET or AF_INET6.  Until a
 * backend registers one, sockets are opened without it and pluto says so.
 */
typedef bool iface_bypass_fn(int fd, int family, struct diag *d);

struct ifaces *ifaces_new(struct pluto *p);
void ifaces_free(struct ifaces *ifs);

void ifaces_set_demux(struct ifaces *ifs, iface_demux_fn *fn, void *arg);
void ifaces_set_bypass(struct ifaces *ifs, iface_bypass_fn *fn);

/*
 * Bring the set of IKE sockets in line with the local addresses: the
 * --listen/listen= addresses when given, else every address of every
 * interface that is up.  Opens what is new, closes what went away.
 * Each change is logged and, when W is not NULL, echoed to that whack.
 * Returns the number of sockets open afterwards.
 */
unsigned ifaces_listen(struct ifaces *ifs, struct whack_ctx *w);
/*
 * Two sockets per local address can use up the open-file limit, and then
 * nothing else opens: not a whack's connection to the control socket,
 * not ipsec.conf, not the NSS database.  ifaces_listen() opens no IKE
 * socket within this many descriptors of the limit (it logs the first
 * refused and how many more).
 */
#define IFACE_FD_RESERVE 64
/* Stop reading and close every socket (shutdown). */
void ifaces_close_all(struct ifaces *ifs);

/* For status: call FN once per open socket. */
typedef void iface_visit_fn(void *arg, const struct iface_udp *ifp);
void ifaces_visit(const struct ifaces *ifs, iface_visit_fn *fn, void *arg);
const char *iface_udp_name(const struct iface_udp *ifp);
const struct ip_address *iface_udp_address(const struct iface_udp *ifp);
uint16_t iface_udp_port(const struct iface_udp *ifp);
bool iface_udp_is_natt(const struct iface_udp *ifp);

/*
 * Send MSG to REMOTE:PORT from IFP's address and port.  On the NAT-T
 * socket the non-ESP marker is prepended.  False with D when the
 * kernel refuses (the caller decides whether to retransmit).
 */
bool iface_udp_send(const struct iface_udp *ifp, const struct ip_address *remote,
		    uint16_t remote_port, const uint8_t *msg, size_t len,
		    struct diag *d);
/* The same without the non-ESP marker, even on the NAT-T socket: the
 * NAT keepalive (RFC 3948 2.3) is one 0xFF octet as it stands. */
bool iface_udp_send_raw(const struct iface_udp *ifp, const struct ip_address *remote,
			uint16_t remote_port, const uint8_t *msg, size_t len,
			struct diag *d);

/* "192.0.2.1" / "2001:db8::1": an address as text, for log lines. */
#define IFACE_ADDRESS_TEXT 46
const char *iface_address_text(const struct ip_address *a, char buf[IFACE_ADDRESS_TEXT]);

#endif
