# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a set of tests in parallel, one UML boot each, reporting each as it
ends; shared by testing/utils/runner and testing/utils/check."""

import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

from . import boot, tests, verdict

_print_lock = threading.Lock()


def say(text):
    with _print_lock:
        print(text, flush=True)


def find_kernel(unpatched=False):
    """The UML kernel for this tree (UNPATCHED: without the series); builds
    it when the cache is cold (kernel/build waits on a lock while another
    build runs)."""
    build = os.path.join(os.path.dirname(tests.testing_dir()), "kernel", "build")
    flags = ["--unpatched"] if unpatched else []
    r = subprocess.run([build] + flags + ["--print-path"], capture_output=True, text=True)
    if r.returncode != 0 or not r.stdout.strip():
        raise SystemExit(f"runner: {build} --print-path failed: {r.stderr.strip()}")
    path = r.stdout.strip().splitlines()[-1]
    if not os.access(path, os.X_OK):
        say(f"runner: no kernel at {path}; running kernel/build {' '.join(flags)}")
        r = subprocess.run([build] + flags, stdout=subprocess.PIPE, text=True)
        sys.stdout.write(r.stdout)
        if r.returncode != 0:
            raise SystemExit("runner: kernel/build failed")
        path = r.stdout.strip().splitlines()[-1]
    return path


def run_one(test, kernel, env, baseline=True):
    start = time.monotonic()
    if os.path.isdir(test.output):
        shutil.rmtree(test.output)
    os.makedirs(test.output)
    steps = boot.plan_steps(test)
    # testparams.sh KERNEL=unpatched: a test of what the stock kernel does
    # (the selftests must fail there), whatever kernel the others boot
    if test.params.get("KERNEL") == "unpatched":
        kernel = find_kernel(unpatched=True)
    record = boot.boot(test, kernel, steps, env)
    return verdict.judge(test, record, time.monotonic() - start, baseline)


def report(test, result):
    """One line per test; for one that did not pass, why and its diffs."""
    line = f"{test.name} {result['result']}"
    if result["issues"]:
        line += " " + " ".join(result["issues"])
    line += f" (boot {result['boot_seconds']} s, run {result['run_seconds']} s)"
    lines = [line]
    if result["result"] != "passed":
        for detail in result["details"]:
            lines.append("  " + detail)
        for host in test.hosts:
            path = os.path.join(test.output, host + ".console.diff")
            if os.path.exists(path) and os.path.getsize(path):
                with open(path) as f:
                    lines.append(f.read().rstrip("\n"))
    say("\n".join(lines))


def run_tests(selected, kernel, jobs, env=None, after=None, baseline=True, failures=None):
    """Run the tests, up to JOBS at once; return (passed, failed).  A test
    that is not 'passed' (failed or unresolved) counts as failed, and its
    name is appended to FAILURES.  AFTER is called with each test once it
    is reported."""
    passed = failed = 0
    failures = [] if failures is None else failures

    def stop(signum, frame):
        boot.kill_all()
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {pool.submit(run_one, t, kernel, env or {}, baseline): t for t in selected}
        for future in concurrent.futures.as_completed(futures):
            test = futures[future]
            try:
                result = future.result()
            except Exception as e:     # a harness bug must not hide the others
                result = {"testname": test.name, "result": "unresolved",
                          "issues": ["HARNESS"], "details": [f"{type(e).__name__}: {e}"],
                          "hosts": test.hosts, "boot_seconds": 0, "run_seconds": 0}
                os.makedirs(test.output, exist_ok=True)
                with open(os.path.join(test.output, "RESULT"), "w") as f:
                    json.dump(result, f, indent=1)
            report(test, result)
            if after:
                after(test)
            if result["result"] == "passed":
                passed += 1
            else:
                failures.append(f"{test.name} ({result['result']})")
                failed += 1
    except SystemExit:
        # queued tests must not start once the run is being stopped
        pool.shutdown(wait=False, cancel_futures=True)
        boot.kill_all()
        raise
    pool.shutdown()
    return passed, failed
