# SPDX-License-Identifier: GPL-2.0-or-later
"""Smoke-run libFuzzer targets: each for a few seconds over its seed corpus
testing/fuzz/corpus/<target>/ (when there is one).  New inputs go to a
scratch copy, testing/fuzz/corpus-run/<target>/ (ignored by git), and
crash reproducers beside it, so that the seeds in git never change."""

import os
import subprocess

from scenario import tests


def fuzz_dirs(name):
    root = os.path.join(tests.testing_dir(), "fuzz")
    return (os.path.join(root, "corpus", name), os.path.join(root, "corpus-run", name),
            os.path.join(root, "corpus-run", name + ".artifacts") + os.sep)


def run_target(path, seconds):
    """(passed, lines) for one target."""
    name = os.path.basename(path)
    seeds, scratch, artifacts = fuzz_dirs(name)
    os.makedirs(scratch, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    argv = [path, f"-max_total_time={seconds}", "-timeout=10", "-rss_limit_mb=2048",
            f"-artifact_prefix={artifacts}", "-print_final_stats=1", scratch]
    if os.path.isdir(seeds):
        argv.append(seeds)
    try:
        r = subprocess.run(argv, capture_output=True, text=True, errors="replace",
                           timeout=seconds + 120)
        rc, err = r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        rc, err = None, f"did not stop within {seconds + 120} s"
    if rc == 0:
        runs = [l for l in err.splitlines() if l.startswith("stat::number_of_executed_units")]
        detail = runs[-1].split(":")[-1].strip() if runs else "?"
        return True, [f"{name}: passed ({detail} runs in {seconds} s"
                      f"{', seeds from ' + seeds if os.path.isdir(seeds) else ', no seed corpus'})"]
    lines = [f"{name}: failed ({'timeout' if rc is None else f'exit status {rc}'}); "
             f"reproducers in {artifacts}"]
    lines += ["  " + l for l in err.rstrip("\n").splitlines()[-60:]]
    return False, lines


def run_targets(paths, seconds, say=print, failures=None):
    """Run each target; return (passed, failed).  The failed targets'
    names are appended to FAILURES."""
    passed = failed = 0
    failures = [] if failures is None else failures
    for path in paths:
        name = os.path.basename(path)
        if not os.access(path, os.X_OK):
            say(f"{name}: not built ({path})")
            failures.append(f"{name}: not built")
            failed += 1
            continue
        ok, lines = run_target(path, seconds)
        say("\n".join(lines))
        if ok:
            passed += 1
        else:
            failures.append(name)
            failed += 1
    return passed, failed
