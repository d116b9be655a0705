# SPDX-License-Identifier: GPL-2.0-or-later
"""What testing/bench/setup-rate and testing/bench/rekey-loss share on the
build host: the scenario directory each generates (testing/bench/work/NAME,
run by the scenario runner as one UML boot), the machine's description,
the xswan build to run, and the table printer.

A benchmark is a scenario like those under testing/pluto/, generated for
the parameters asked (number of tunnels, implementations): the runner
boots the kernel once, builds Libreswan's network plan and types the
generated scripts at west's and east's consoles.  The guest-side drivers
(testing/bench/guest/) leave JSON in each host's /tmp, which is
OUTPUT/HOST/tmp/ here.  The runner runs it without a baseline: a benchmark
is a report, and only a crash or a timeout makes its boot fail.
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
TESTING = os.path.dirname(BENCH)
SOURCE = os.path.dirname(TESTING)
RUNNER = os.path.join(TESTING, "utils", "runner")

IMPLS = ("libreswan", "strongswan", "xswan")
PSK = "benchmark shared secret, for tests only"


def workdir(name):
    """A fresh scenario directory testing/bench/work/NAME."""
    d = os.path.join(BENCH, "work", name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def write(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def script(path, lines):
    write(path, "# SPDX-License-Identifier: GPL-2.0-or-later\n" + "\n".join(lines) + "\n")


def xswan_build(variant):
    """(guest path of the build, None) or (None, why it cannot run).
    VARIANT names build/VARIANT of this tree, or, with a '/', a build
    directory inside the tree (the guest sees the tree as /source)."""
    if "/" in variant:
        host = os.path.abspath(variant)
        if not host.startswith(SOURCE + os.sep):
            return None, f"{variant}: a build directory must be inside {SOURCE}"
    else:
        host = os.path.join(SOURCE, "build", variant)
    programs = os.path.join(host, "programs")
    for prog in ("pluto", "whack", "ipsec"):
        if not os.access(os.path.join(programs, prog), os.X_OK):
            return None, (f"not built: no {os.path.relpath(programs, SOURCE)}/{prog} "
                          f"(make VARIANT=release programs)")
    return "/source/" + os.path.relpath(host, SOURCE), None


def _first(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


# A UML kernel other than kernel/build's (--kernel of a benchmark), e.g.
# one built from another tree's series; None: kernel/build's.
KERNEL = None


def kernel_path():
    if KERNEL:
        return KERNEL
    r = subprocess.run([os.path.join(SOURCE, "kernel", "build"), "--print-path"],
                       capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else None


def machine():
    """Where the numbers were measured: the build host (cores, CPU model,
    load) and the guest (one UML CPU, the kernel's cache key)."""
    kernel = kernel_path()
    key = os.path.basename(os.path.dirname(kernel)) if kernel else None
    try:
        head = subprocess.run(["git", "-C", SOURCE, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
    except OSError:
        head = None
    return {
        "date_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "host": platform.node(),
        "nproc": os.cpu_count(),
        "cpu_model": _first("/proc/cpuinfo", "model name"),
        "host_kernel": platform.release(),
        "loadavg_before": open("/proc/loadavg").read().split()[:3],
        "guest": "User-Mode Linux 6.1 (this tree's kernel), one CPU, 512 MiB",
        "kernel": kernel,
        "kernel_key": key,
        "tree": head,
    }


def run_boot(directory, env):
    """Boot the scenario once (the runner prints one line: the boot's
    verdict); return the runner's exit status."""
    argv = [sys.executable, RUNNER, "-j", "1", "--no-baseline"]
    if KERNEL:
        argv += ["--kernel", KERNEL]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    argv.append(directory)
    print("+ " + " ".join(os.path.relpath(a, SOURCE) if a.startswith(SOURCE) else a
                          for a in argv[1:]), flush=True)
    return subprocess.run(argv).returncode


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def table(headers, rows):
    """A plain text table, columns as wide as their widest cell."""
    cells = [[str(h) for h in headers]] + [["-" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    out = []
    for n, r in enumerate(cells):
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 2)
