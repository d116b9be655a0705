/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `whack --status`: sections printed in Libreswan's order.  The frame
 * fills the sections it owns (interfaces, config setup); the kernel
 * backend, the algorithm table and the connection layer plug theirs in
 * with status_set_section().  An empty slot prints nothing, so status
 * shows only what this build has.
 */
#ifndef PLUTO_STATUS_H
#define PLUTO_STATUS_H

struct pluto;
struct whack_ctx;

enum status_section {
	STATUS_KERNEL,		/* "using kernel interface: xfrm", probed features */
	STATUS_INTERFACES,	/* "interface lo 127.0.0.1:UDP/500" */
	STATUS_SETUP,		/* "config setup options:" */
	STATUS_ALGORITHMS,	/* IKE and ESP algorithms */
	STATUS_CONNECTIONS,	/* "Connection list:" ... totals */
	STATUS_STATES,		/* showstates lines */
	STATUS_SECTION_ROOF
};

typedef void status_section_fn(struct pluto *p, struct whack_ctx *w);

void status_set_section(struct pluto *p, enum status_section s,
			status_section_fn *fn);
/* Lines another layer adds at the end of "config setup options:" (the
 * IKE layer's uniqueids= and ddos-* settings, as Libreswan prints them). */
void status_set_setup_lines(struct pluto *p, status_section_fn *fn);
/* Print every filled section, a blank line between sections. */
void status_print(struct pluto *p, struct whack_ctx *w);

/* The frame's own sections, also usable on their own. */
status_section_fn status_interfaces;
status_section_fn status_setup;

#endif
