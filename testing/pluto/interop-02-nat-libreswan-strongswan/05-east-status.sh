# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan's view: road seen as nic's 192.1.2.254, port 4500, TUNNEL-in-UDP
swanctl --list-sas
