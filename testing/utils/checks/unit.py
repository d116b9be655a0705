# SPDX-License-Identifier: GPL-2.0-or-later
"""Run cmocka test binaries and count their test cases.

cmocka reports in TAP when CMOCKA_MESSAGE_OUTPUT=TAP: "ok N - name" and
"not ok N - name".  A binary that dies (a signal, a sanitizer report) or
exits non-zero without naming a failed case counts one failure more, so
that no crash is lost; a binary that reports no case at all counts as one
case, passed only if it exited 0 with nothing from a sanitizer.
"""

import os
import re
import subprocess

TAP = re.compile(r"^(not ok|ok) \d+ - (.*)$")
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|: runtime error: ")
TIMEOUT = 300


def run_binary(path):
    """(passed, failed, lines, failures): cases of one binary, what to
    show, and the names of the failed cases."""
    name = os.path.basename(path)
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP",
               ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "detect_leaks=1"),
               UBSAN_OPTIONS=os.environ.get("UBSAN_OPTIONS", "print_stacktrace=1"))
    try:
        r = subprocess.run([path], capture_output=True, text=True, env=env,
                           timeout=TIMEOUT, errors="replace")
        out, err, rc = r.stdout, r.stderr, r.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err, rc = f"timed out after {TIMEOUT} s", None
    passed = failed = 0
    failures = []
    for line in out.splitlines():
        m = TAP.match(line)
        if m:
            if m.group(1) == "ok":
                passed += 1
            else:
                failed += 1
                failures.append(m.group(2))
    lines = []
    sanitizer = SANITIZER.search(out + err)
    if rc != 0 or sanitizer:
        if rc is None or rc < 0 or sanitizer or not failures:
            # the crash, hang or sanitizer report is a failure of its own
            failed += 1
            why = ("timed out" if rc is None else f"died by signal {-rc}" if rc < 0
                   else "sanitizer report" if sanitizer else f"exit status {rc}")
            failures.append(f"({why})")
        lines.append(f"{name}: {passed} passed, {failed} failed: {', '.join(failures)}")
        lines += ["  " + l for l in (out + err).rstrip("\n").splitlines()[-60:]]
    elif passed == 0 and failed == 0:
        passed = 1
        lines.append(f"{name}: no TAP output; counted as one passed test")
    else:
        lines.append(f"{name}: {passed} passed")
    return passed, failed, lines, failures


def run_binaries(paths, say=print, failures=None):
    """Run each binary; return (passed, failed) over all test cases.  The
    failed cases' names ("binary: case") are appended to FAILURES."""
    passed = failed = 0
    failures = [] if failures is None else failures
    for path in paths:
        if not os.access(path, os.X_OK):
            say(f"{os.path.basename(path)}: not built ({path})")
            failures.append(f"{os.path.basename(path)}: not built")
            failed += 1
            continue
        p, f, lines, names = run_binary(path)
        failures += [f"{os.path.basename(path)}: {n}" for n in names]
        passed += p
        failed += f
        say("\n".join(lines))
    return passed, failed
