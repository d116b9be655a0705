# SPDX-License-Identifier: GPL-2.0-or-later
# while it lives, charon answers west's liveness probes (empty INFORMATIONAL)
../../guestbin/wait-until --timeout 10 -- sh -c 'grep -q "generating INFORMATIONAL response [0-9]* \[ \]" /var/log/charon.log'
# charon dies without a word; its ESP SAs go too, so nothing answers
../../guestbin/kill-daemon-9 charon
ip xfrm state flush
ip xfrm policy flush
# the next charon starts a new log: keep this one's
mv /var/log/charon.log /var/log/charon-killed.log
