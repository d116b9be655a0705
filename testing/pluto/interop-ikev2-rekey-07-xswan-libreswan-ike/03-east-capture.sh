# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves east on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
