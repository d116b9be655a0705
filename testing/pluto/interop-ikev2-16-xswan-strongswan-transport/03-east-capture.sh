# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves east
../../guestbin/capture-out start wire -i eth1
