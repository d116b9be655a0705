# SPDX-License-Identifier: GPL-2.0-or-later
ipsec start
swanctl --load-all > /dev/null && echo "loaded"
