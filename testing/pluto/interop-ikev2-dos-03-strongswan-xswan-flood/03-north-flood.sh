# SPDX-License-Identifier: GPL-2.0-or-later
# 3000 spoofed IKE_SA_INIT over ~10 s, in the background
../../guestbin/ike-flood --dst 192.1.2.23 --src 198.18.0.0/16 --count 3000 --seconds 10 > /tmp/flood.out 2> /tmp/flood.err &
echo "flooding"
