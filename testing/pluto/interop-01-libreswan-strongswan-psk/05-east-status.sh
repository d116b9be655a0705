# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan's view of the same SAs
swanctl --list-sas
