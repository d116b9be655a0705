# SPDX-License-Identifier: GPL-2.0-or-later
"""What the benchmarks ask the kernel's XFRM layer, over netlink, without
starting a process (in UML each process start costs tens of milliseconds
and would steal the CPU from the daemons being measured).

XfrmSocket(netns_pid=None): a NETLINK_XFRM socket in this process's network
namespace, or in the one of process NETNS_PID (the other host's daemon:
the hosts are network namespaces of one guest and share its pid space).
  .sad_count()  SAs in that namespace (XFRM_MSG_GETSADINFO)
  .spis()       {(spi, proto, daddr)} of every SA (XFRM_MSG_GETSA dump;
                daddr: the 16 bytes of the destination, IPv4 in the first 4)
  .integrity_failures()
                {(spi, proto, daddr): packets that failed the SA's integrity
                check} (the same dump; struct xfrm_stats.integrity_failed)
Every reply is checked for length before it is read: it comes from the
kernel, but a short or malformed message must not be misread.
"""

import ctypes
import os
import socket
import struct

NETLINK_XFRM = 6
NLM_F_REQUEST = 0x1
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
XFRM_MSG_NEWSA = 16
XFRM_MSG_GETSA = 18
XFRM_MSG_NEWSADINFO = 34
XFRM_MSG_GETSADINFO = 35
XFRMA_SAD_CNT = 1
CLONE_NEWNET = 0x40000000

NLMSGHDR = struct.Struct("=IHHII")
RTATTR = struct.Struct("=HH")
# struct xfrm_usersa_info: the selector (56 bytes), then xfrm_id whose
# daddr (16 bytes) is followed by the SPI (network order) and the protocol
DADDR_OFFSET = 56
SPI_OFFSET = DADDR_OFFSET + 16
PROTO_OFFSET = SPI_OFFSET + 4
# then saddr (16), lft (64), curlft (32) and struct xfrm_stats
# {replay_window, replay, integrity_failed}
INTEGRITY_FAILED_OFFSET = PROTO_OFFSET + 4 + 16 + 64 + 32 + 8

_libc = ctypes.CDLL(None, use_errno=True)


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


def _align4(n):
    return (n + 3) & ~3


class XfrmSocket:
    def __init__(self, netns_pid=None):
        self.seq = 0
        if netns_pid is None:
            self.sock = self._open()
            return
        # a socket stays in the namespace it was made in: enter the other
        # one just long enough to make it, then come back
        own = os.open("/proc/self/ns/net", os.O_RDONLY)
        other = os.open(f"/proc/{int(netns_pid)}/ns/net", os.O_RDONLY)
        try:
            _setns(other)
            try:
                self.sock = self._open()
            finally:
                _setns(own)
        finally:
            os.close(own)
            os.close(other)

    @staticmethod
    def _open():
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
        s.bind((0, 0))
        return s

    def _request(self, msg_type, flags, payload):
        self.seq += 1
        hdr = NLMSGHDR.pack(NLMSGHDR.size + len(payload), msg_type,
                            NLM_F_REQUEST | flags, self.seq, 0)
        self.sock.send(hdr + payload)
        return self.seq

    def _messages(self, seq):
        """Yield (type, payload) of the replies to SEQ until the answer
        is complete (one message, or a dump's NLMSG_DONE)."""
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + NLMSGHDR.size <= len(data):
                length, mtype, flags, mseq, _ = NLMSGHDR.unpack_from(data, off)
                if length < NLMSGHDR.size or off + length > len(data):
                    raise ValueError(f"netlink: bad message length {length}")
                payload = data[off + NLMSGHDR.size:off + length]
                off += _align4(length)
                if mseq != seq:
                    continue
                if mtype == NLMSG_DONE:
                    return
                if mtype == NLMSG_ERROR:
                    if len(payload) < 4:
                        raise ValueError("netlink: short error message")
                    (err,) = struct.unpack_from("=i", payload)
                    if err:
                        raise OSError(-err, "xfrm netlink: " + os.strerror(-err))
                    return
                yield mtype, payload
                if not flags & 0x2:     # NLM_F_MULTI: more follow
                    return

    def sad_count(self):
        seq = self._request(XFRM_MSG_GETSADINFO, 0, struct.pack("=I", 0))
        for mtype, payload in self._messages(seq):
            if mtype != XFRM_MSG_NEWSADINFO or len(payload) < 4:
                continue
            off = 4
            while off + RTATTR.size <= len(payload):
                alen, atype = RTATTR.unpack_from(payload, off)
                if alen < RTATTR.size or off + alen > len(payload):
                    raise ValueError("netlink: bad attribute length")
                if atype == XFRMA_SAD_CNT and alen >= RTATTR.size + 4:
                    return struct.unpack_from("=I", payload, off + RTATTR.size)[0]
                off += _align4(alen)
        raise ValueError("netlink: no SAD count in the kernel's answer")

    def _sas(self, min_len):
        """(key, payload) of every SA whose message holds MIN_LEN bytes."""
        seq = self._request(XFRM_MSG_GETSA, NLM_F_DUMP, b"")
        for mtype, payload in self._messages(seq):
            if mtype != XFRM_MSG_NEWSA or len(payload) < min_len:
                continue
            spi = struct.unpack_from("!I", payload, SPI_OFFSET)[0]
            daddr = bytes(payload[DADDR_OFFSET:DADDR_OFFSET + 16])
            yield (spi, payload[PROTO_OFFSET], daddr), payload

    def spis(self):
        return {key for key, _ in self._sas(PROTO_OFFSET + 1)}

    def integrity_failures(self):
        return {key: struct.unpack_from("=I", payload, INTEGRITY_FAILED_OFFSET)[0]
                for key, payload in self._sas(INTEGRITY_FAILED_OFFSET + 4)}


def proc_usage(pid):
    """(RSS in KiB, CPU seconds = utime + stime) of process PID (all its
    threads), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = None
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # the command name (field 2) may hold blanks: split after its ')'
    fields = stat[stat.rindex(")") + 2:].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks    # utime, stime
    return rss, cpu


GUEST_CPU_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq")


def guest_cpu():
    """The guest's CPU time so far by kind (/proc/stat's first line), in
    seconds, and its context switches (ctxt): where a timed window's time
    went, the daemons' or not, and how often the one CPU changed hands
    (each change is a host process switch under UML)."""
    with open("/proc/stat") as f:
        lines = f.read().splitlines()
    ticks = os.sysconf("SC_CLK_TCK")
    out = {name: int(v) / ticks for name, v in zip(GUEST_CPU_FIELDS, lines[0].split()[1:])}
    for line in lines:
        if line.startswith("ctxt "):
            out["ctxt"] = int(line.split()[1])
    return out


def ctxt_switches(pid):
    """(voluntary, involuntary) context switches of process PID's main
    thread, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            v = {k: int(val) for k, _, val in
                 (line.partition(":") for line in f)
                 if k in ("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")}
    except (FileNotFoundError, ProcessLookupError):
        return None
    return v.get("voluntary_ctxt_switches"), v.get("nonvoluntary_ctxt_switches")


def all_cpu():
    """{pid: (command name, CPU seconds)} of every process and kernel
    thread now: the difference of two tells who else used the window."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[int(name)] = (comm, (int(fields[11]) + int(fields[12])) / ticks)
    return out


def cpu_by_others(before, after, exclude, top=6):
    """The TOP processes by CPU used between BEFORE and AFTER (all_cpu()),
    the pids in EXCLUDE left out: [[name, seconds], ...]."""
    used = []
    for pid, (comm, cpu) in after.items():
        if pid in exclude:
            continue
        d = cpu - before.get(pid, (comm, 0.0))[1]
        if d > 0:
            used.append([f"{comm}[{pid}]", round(d, 3)])
    used.sort(key=lambda x: -x[1])
    return used[:top]
