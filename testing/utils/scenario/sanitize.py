# SPDX-License-Identifier: GPL-2.0-or-later
"""From a raw console transcript to the one compared with HOST.console.txt.

A raw transcript (OUTPUT/HOST.console.verbose.txt) has each command after a
"HOST # " prompt, except the first (Libreswan's consoles start after the
first prompt), and ends with a bare prompt.  The sanitized one puts the
prompt on its own line ("west #" then " command"), as Libreswan's
console.txt files do, and rewrites what varies between runs: every rule is a
row of TABLE.  Lines between "==== cut ====" and "==== tuc ====" are
dropped, as in Libreswan.
"""

import re

# Linux's default ephemeral port range (net.ipv4.ip_local_port_range).
EPHEMERAL_LOW, EPHEMERAL_HIGH = 32768, 60999


def _ephemeral(m):
    port = int(m.group(2))
    if EPHEMERAL_LOW <= port <= EPHEMERAL_HIGH:
        return m.group(1) + "EPHEM"
    return m.group(0)


# (what it hides, pattern, replacement).  Applied in order to every line.
TABLE = [
    # --- time ---
    ("date and time", r"\b\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?\b",
     "YYYY-MM-DD HH:MM:SS"),
    ("syslog-style time", r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d\b",
     "MMM DD HH:MM:SS"),
    ("tcpdump time", r"^\d\d:\d\d:\d\d\.\d{6} ", "HH:MM:SS.UUUUUU "),
    ("ping round trip", r"\btime=\d+(\.\d+)? ms\b", "time=N.NNN ms"),
    ("ping total time", r"(packet loss), time \d+ms", r"\1, time NNNms"),
    ("ping rtt summary", r"^rtt min/avg/max/mdev = .*", "rtt min/avg/max/mdev = N/N/N/N ms"),
    ("Libreswan add_time", r"\badd_time=\d+", "add_time=1234567890"),
    ("strongSwan timers", r"\b(rekeying|reauth|expires|installed|established) (in )?\d+s\b",
     lambda m: m.group(1) + " " + (m.group(2) or "") + "Ns"),
    ("seconds ago", r"\b\d+s ago\b", "Ns ago"),
    # --- kernel SA identity and keys ---
    ("xfrm spi", r"\bspi 0x[0-9a-f]{8}(\(\d+\))?", "spi 0xSPISPI"),
    ("reqid (xfrm, strongSwan)", r"\breqid \d+(\(0x[0-9a-f]+\))?", "reqid REQID"),
    ("xfrm key", r"\b(aead|enc|auth|auth-trunc|comp) (\S+) 0x[0-9a-f]+\b", r"\1 \2 0xKEY"),
    ("xfrm sequence numbers", r"\b(seq|oseq|seq-hi|oseq-hi) 0x[0-9a-f]+\b", r"\1 0xSEQ"),
    ("xfrm replay bitmap", r"\bbitmap 0x[0-9a-f]+\b", "bitmap 0xBITMAP"),
    # --- daemons' views ---
    ("Libreswan ESP SPIs", r"\b(ESP|AH|IPCOMP)(\w*(/\w+)?)=>0x[0-9a-f]+ <0x[0-9a-f]+",
     r"\1\2=>0xESPESP <0xESPESP"),
    ("strongSwan IKE SPIs", r"\b[0-9a-f]{16}_i(\*?) [0-9a-f]{16}_r(\*?)", r"SPISPISPISPISPI_i\1 SPISPISPISPISPI_r\2"),
    ("strongSwan child SPIs", r"^(\s+(in|out)\s+)[0-9a-f]{8}(_i|_o)?\b", r"\1SPISPI\3"),
    ("showstates SPIs", r"\b(esp|ah|comp)\.[0-9a-f]{4,8}@", r"\1.SPISPI@"),
    ("IKE SPI pairs", r"\b[0-9a-f]{16}:[0-9a-f]{16}\b", "SPISPISPISPISPI:SPISPISPISPISPI"),
    ("ICMP echo id in tcpdump", r"\b(echo (request|reply)), id \d+, seq", r"\1, id ID, seq"),
    ("ESP in tcpdump", r"\bESP\(spi=0x[0-9a-f]{8},seq=0x[0-9a-f]+\)", "ESP(spi=0xSPISPI,seq=0xSEQ)"),
    # --- processes ---
    ("pid", r"\bpid[ =:](\s*)\d+\b", r"pid\1PID"),
    ("syslog-style pid", r"\b([a-z_-]+)\[\d+\]:", r"\1[PID]:"),
    # --- ports the kernel picks ---
    ("ephemeral port", r"(\b(?:\d{1,3}\.){3}\d{1,3}[.:]|\]:|\bport[ =])(\d{5})\b", _ephemeral),
]

COMPILED = [(re.compile(p), r) for _, p, r in TABLE]

# Kernel messages that reach a console from inside a command.
KERNEL_NOISE = re.compile(r"^\[\s*\d+\.\d+\] ")


def sanitize_line(line):
    for rx, repl in COMPILED:
        line = rx.sub(repl, line)
    return line


def sanitize(raw, host):
    """The sanitized transcript of HOST from its raw one."""
    prompt = host + " # "
    lines = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        if KERNEL_NOISE.match(line):
            continue
        if line.startswith(prompt) or line == prompt.rstrip():
            lines.append(host + " #")
            lines.append(" " + line[len(prompt):])
        else:
            lines.append(line)
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    cut = False
    for line in lines:
        if not cut and "==== cut ====" in line:
            cut = True
        if cut:
            cut = "==== tuc ====" not in line
            continue
        out.append(sanitize_line(line))
    return "\n".join(out) + "\n"
