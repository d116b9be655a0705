# SPDX-License-Identifier: GPL-2.0-or-later
# from now on a new mapping of road's 4500 (nic makes one whenever road
# was quiet for 3 s) leaves as port 41000; wait until one was made
nft insert rule ip nat postrouting ip saddr 192.1.3.209 udp sport 4500 oifname eth1 counter snat to 192.1.2.254:41000
../../guestbin/wait-until --timeout 30 -- sh -c 'nft list chain ip nat postrouting | grep -q "counter packets [1-9]"'
echo "remapped"
