# SPDX-License-Identifier: GPL-2.0-or-later
"""Judge a finished boot: sanitize and compare each host's transcript, scan
every log under OUTPUT/ for crashes and sanitizer reports, read the exit
records of the daemons, and write OUTPUT/RESULT (JSON, like Libreswan's)."""

import difflib
import json
import os
import re

from . import sanitize

# (issue, pattern) for daemon logs and console output.  A match anywhere
# fails the test even when every transcript matches.
LOG_PATTERNS = [
    # "==PID==ERROR: ..." and "... ABORTING" are how the sanitizers' runtimes
    # speak, including when ASan cannot even start (its shadow does not fit
    # UML's 39-bit guest address space)
    ("SANITIZER", re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                             r"ThreadSanitizer|MemorySanitizer|: runtime error: |"
                             r"^==\d+==(ERROR|WARNING)|^==\d+==.*ABORTING")),
    ("ASSERTION", re.compile(r"ASSERTION FAILED|[Aa]ssertion .*failed")),
    ("EXPECTATION", re.compile(r"EXPECTATION FAILED")),
    ("CRASH", re.compile(r"Segmentation fault|core dumped|thread \d+ received \d+|"
                         r"received signal SIG(SEGV|BUS|ILL|FPE|ABRT)")),
]

# For the kernel's own messages (console.log, dmesg.txt).
KERNEL_PATTERN = re.compile(r"\b(BUG:|WARNING:|Oops|Kernel panic|general protection fault|"
                            r"UBSAN:|KASAN:|kernel BUG at|INFO: rcu_.*stall)")

# What guestbin/daemon-run writes to /var/log/NAME.status: one line per
# event, "start ...", "exit N ..." or "signal N ...".
STATUS_LINE = re.compile(r"^(start|exit|signal|stop-timeout) ?(\d*) ?(.*)$")

TEXT_PROBE = 8192


def _is_text(path):
    try:
        with open(path, "rb") as f:
            return b"\0" not in f.read(TEXT_PROBE)
    except OSError:
        return False


def _scan(path, skip_line=None):
    """[(issue, 'file:line: text')] for the log patterns in one file."""
    found = []
    if not _is_text(path):
        return found
    with open(path, errors="replace") as f:
        for n, line in enumerate(f, 1):
            if skip_line and skip_line(n, line):
                continue
            for issue, rx in LOG_PATTERNS:
                if rx.search(line):
                    found.append((issue, f"{path}:{n}: {line.strip()[:200]}"))
    return found


def compare(test, host, baseline=True):
    """Sanitize HOST's raw transcript and, unless BASELINE is false,
    compare it with the expected one; return the issue or None."""
    out = test.output
    raw_path = os.path.join(out, host + ".console.verbose.txt")
    san_path = os.path.join(out, host + ".console.txt")
    diff_path = os.path.join(out, host + ".console.diff")
    expected_path = test.expected(host)
    if not os.path.exists(raw_path):
        return "output-missing" if os.path.exists(expected_path) else None
    with open(raw_path, errors="replace") as f:
        output = sanitize.sanitize(f.read(), host)
    with open(san_path, "w") as f:
        f.write(output)
    if not baseline:
        return None
    if not os.path.exists(expected_path):
        with open(diff_path, "w") as f:
            f.write(f"no {expected_path}: check {san_path} and accept it\n")
        return "baseline-missing"
    with open(expected_path, errors="replace") as f:
        expected = f.read()
    diff = "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), output.splitlines(keepends=True),
        fromfile=f"{test.name}/{host}.console.txt",
        tofile=f"{test.name}/OUTPUT/{host}.console.txt"))
    with open(diff_path, "w") as f:
        f.write(diff)
    return "output-different" if diff else None


def daemon_exits(host_dir):
    """[(issue, detail)] from the daemon-run records of one host."""
    found = []
    log = os.path.join(host_dir, "log")
    if not os.path.isdir(log):
        return found
    for name in sorted(os.listdir(log)):
        if not name.endswith(".status"):
            continue
        path = os.path.join(log, name)
        with open(path, errors="replace") as f:
            for line in f:
                m = STATUS_LINE.match(line.strip())
                if not m:
                    continue
                if m.group(1) == "signal":
                    found.append(("CRASH", f"{path}: {name[:-7]} died by signal {m.group(2)}: {m.group(3)}"))
                elif m.group(1) == "stop-timeout":
                    found.append(("SHUTDOWN", f"{path}: {name[:-7]} did not stop when asked"))
    return found


def scan_output(test):
    """{host: [(issue, detail)]} for logs, consoles and daemon records."""
    found = {}
    out = test.output
    for host in test.hosts:
        items = []
        host_dir = os.path.join(out, host)
        for root, dirs, files in os.walk(host_dir):
            dirs.sort()
            for name in sorted(files):
                items += _scan(os.path.join(root, name))
        items += daemon_exits(host_dir)
        prompt = host + " # "
        # the transcript's output, not the command lines typed into it
        items += _scan(os.path.join(out, host + ".console.verbose.txt"),
                       lambda n, line: n == 1 or line.startswith(prompt))
        if items:
            found[host] = items
    kernel = []
    for name in ("console.log", "dmesg.txt"):
        path = os.path.join(out, name)
        if os.path.exists(path):
            with open(path, errors="replace") as f:
                for n, line in enumerate(f, 1):
                    if KERNEL_PATTERN.search(line):
                        kernel.append(("KERNEL", f"{path}:{n}: {line.strip()[:200]}"))
    if kernel:
        found["kernel"] = kernel
    return found


def judge(test, record, total_seconds, baseline=True):
    """Write the sanitized consoles, diffs and RESULT; return the result.
    Without BASELINE the consoles are not compared (runner --no-baseline):
    only crashes, sanitizer reports and timeouts fail the test."""
    issues = []
    details = []
    for host in test.hosts:
        issue = compare(test, host, baseline)
        if issue:
            issues.append(f"{host}:{issue}")
    # an expected console for a host no script runs on
    for name in sorted(os.listdir(test.directory)):
        host = name[:-len(".console.txt")] if name.endswith(".console.txt") else None
        if baseline and host and host not in test.hosts:
            issues.append(f"{host}:output-missing")
            details.append(f"{host}: {name} is expected but no script runs on {host}")
    for host, text, why, limit in record.timeouts:
        issues.append(f"{host}:TIMEOUT")
        details.append(f"{host}: {why} timeout ({limit} s) during: {text}")
    for host in record.exited:
        issues.append(f"{host}:console-exited")
        details.append(f"{host}: the console shell exited (a command ran `exit`?)")
    for host, items in scan_output(test).items():
        for issue, detail in items:
            issues.append(f"{host}:{issue}")
            details.append(detail)
    if record.failure and not record.timeouts:
        result = "unresolved"
        details.insert(0, record.failure)
        issues.append("BOOT" if not record.ready else "GUEST")
    elif issues:
        result = "failed"
    else:
        result = "passed"
    issues = sorted(set(issues), key=issues.index)
    data = {
        "testname": test.name,
        "result": result,
        "issues": issues,
        "hosts": test.hosts,
        "boot_seconds": round(record.boot_seconds, 1),
        "run_seconds": round(record.run_seconds, 1),
        "total_seconds": round(total_seconds, 1),
        "details": details,
    }
    with open(os.path.join(test.output, "RESULT"), "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    return data
