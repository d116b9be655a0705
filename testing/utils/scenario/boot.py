# SPDX-License-Identifier: GPL-2.0-or-later
"""One UML boot of one test.

The runner writes the plan into OUTPUT/guest/ (see testing/utils/guest/boot
for its format), boots the kernel with the host's / as its root (hostfs),
and reads the UML console: the guest reports each step there (XSWAN-CMD N,
XSWAN-RC N STATUS, ...), so the runner can time every command line and kill
a boot whose command or test overruns its timeout.  Everything else on the
console (kernel messages) goes to OUTPUT/console.log.
"""

import os
import queue
import shlex
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

from . import tests

BOOT_TIMEOUT = 120      # seconds from exec to XSWAN-READY (a busy host is slow)
HALT_TIMEOUT = 60       # seconds from the last step to the kernel's exit
MEMORY = "512M"

# Typed after every command line: hands the exit status to guest/boot
# (fd 9 is the FIFO back) and leaves $? as the command left it.
STATUS_LINE = '__xswan_rc=$?; echo "$__xswan_rc" >&9; (exit $__xswan_rc)'

# Typed on every host after final.sh, not echoed: stop the daemons started
# through guestbin/daemon-run so that a crash on shutdown, or a leak report
# at exit (LeakSanitizer), lands in the logs the verdict scans.
STOP_DAEMONS = "/testing/guestbin/stop-daemons > /var/log/stop-daemons.log 2>&1"


@dataclass
class Step:
    host: str
    echo: str = None        # appended to the raw transcript
    cmd: str = None         # typed at the console
    timeout: int = 0


@dataclass
class BootRecord:
    ready: bool = False
    halted: bool = False
    boot_seconds: float = 0.0
    run_seconds: float = 0.0
    failure: str = None                     # why the guest gave up
    timeouts: list = field(default_factory=list)    # [(host, step text)]
    exited: list = field(default_factory=list)      # hosts whose shell exited
    statuses: dict = field(default_factory=dict)    # step -> exit status


def plan_steps(test):
    """The steps of a test: its units with prompts, then the silent stop
    of the daemons and the closing prompt on every host."""
    steps = []
    seen = set()
    for unit in tests.units(test):
        prompt = f"{unit.host} # " if unit.host in seen else ""
        seen.add(unit.host)
        echo = prompt + unit.text + "\n"
        if unit.comment:
            steps.append(Step(unit.host, echo=echo))
            continue
        text = unit.text
        if unit.invalid:
            # a syntax error read by a non-interactive shell ends it;
            # through `command eval` it is reported and the console lives
            text = "command eval " + shlex.quote(text)
        steps.append(Step(unit.host, echo=echo, cmd=text + "\n" + STATUS_LINE + "\n",
                          timeout=test.command_timeout))
    for host in test.hosts:
        steps.append(Step(host, echo=f"{host} # \n" if host in seen else None))
        steps.append(Step(host, cmd=STOP_DAEMONS + "\n" + STATUS_LINE + "\n",
                          timeout=test.command_timeout))
    return steps


def write_plan(test, steps, env):
    guest = os.path.join(test.output, "guest")
    units = os.path.join(guest, "units")
    os.makedirs(units)
    with open(os.path.join(guest, "hosts"), "w") as f:
        f.write(" ".join(test.hosts) + "\n")
    with open(os.path.join(guest, "plan"), "w") as f:
        for n, step in enumerate(steps, 1):
            f.write(f"{n} {step.host}\n")
            if step.echo is not None:
                with open(os.path.join(units, f"{n}.echo"), "w") as u:
                    u.write(step.echo)
            if step.cmd is not None:
                with open(os.path.join(units, f"{n}.cmd"), "w") as u:
                    u.write(step.cmd)
    with open(os.path.join(guest, "env"), "w") as f:
        for key, value in sorted(env.items()):
            f.write(f"export {key}={shlex.quote(value)}\n")


def kernel_command_line(test, kernel_src):
    testing = tests.testing_dir()
    guest_dir = "/testing/" + os.path.relpath(test.directory, testing)
    return [
        f"mem={MEMORY}", "rootfstype=hostfs", "rw",
        "init=" + os.path.join(testing, "utils", "guest", "init"),
        "con=null", "con0=fd:0,fd:1",
        # UML keeps its pid file and mconsole socket here, not in ~/.uml
        "uml_dir=" + os.path.join(test.output, "uml"), "umid=" + test.name,
        # variables the kernel passes on to init's environment
        "XSWAN_SRC=" + kernel_src,
        "XSWAN_TEST=" + test.name,
        "XSWAN_TESTDIR=" + guest_dir,
        "XSWAN_OUT=" + guest_dir + "/OUTPUT",
    ]


def _reader(stream, log, events):
    """Copy the console to console.log; hand XSWAN- lines to the runner."""
    for raw in stream:
        line = raw.decode("utf-8", "replace")
        log.write(line)
        log.flush()
        i = line.find("XSWAN-")
        if i >= 0:
            events.put(line[i:].split())
    events.put(None)


# UML instances running now, so that an interrupted run leaves none behind
_live = set()
_live_lock = threading.Lock()
_stopping = False


def _kill(proc):
    """Kill a UML instance: all its host processes are in its session."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    with _live_lock:
        _live.discard(proc)


def kill_all():
    """Kill every UML instance this process started (on Ctrl-C, SIGTERM),
    and start no more."""
    global _stopping
    with _live_lock:
        _stopping = True
        procs = list(_live)
    for proc in procs:
        _kill(proc)


def boot(test, kernel, steps, env=None):
    """Boot TEST, run its steps, and return a BootRecord."""
    record = BootRecord()
    write_plan(test, steps, env or {})
    os.makedirs(os.path.join(test.output, "uml"))
    src = os.path.dirname(tests.testing_dir())
    argv = [kernel] + kernel_command_line(test, src)
    with open(os.path.join(test.output, "console.log"), "w") as log:
        log.write("# " + " ".join(argv) + "\n")
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                env=dict(os.environ, TMPDIR="/dev/shm"))
        with _live_lock:
            _live.add(proc)
            stopping = _stopping
        if stopping:
            _kill(proc)
        events = queue.Queue()
        reader = threading.Thread(target=_reader, args=(proc.stdout, log, events),
                                  daemon=True)
        reader.start()
        try:
            _watch(test, steps, record, events, start)
        finally:
            if record.halted:
                try:
                    proc.wait(timeout=HALT_TIMEOUT)
                except subprocess.TimeoutExpired:
                    record.failure = record.failure or "the kernel did not exit after halt"
            _kill(proc)
            reader.join(timeout=10)
            proc.stdin.close()
    return record


def _watch(test, steps, record, events, start):
    """Follow the guest's progress until it halts or a deadline passes."""
    deadline = start + BOOT_TIMEOUT
    test_deadline = None
    current = None
    ready_at = start
    while True:
        now = time.monotonic()
        limits = [deadline] + ([test_deadline] if test_deadline else [])
        try:
            event = events.get(timeout=max(0.0, min(limits) - now))
        except queue.Empty:
            if not record.ready:
                record.failure = f"no XSWAN-READY within {BOOT_TIMEOUT} s of boot"
            elif current is not None:
                step = steps[current - 1]
                why = "test" if test_deadline and test_deadline <= deadline else "command"
                limit = test.test_timeout if why == "test" else step.timeout
                record.timeouts.append((step.host, (step.echo or "").strip(), why, limit))
                _note_timeout(test, step, why, limit)
            else:
                record.failure = "the guest stopped reporting progress"
            record.run_seconds = time.monotonic() - ready_at
            return
        if event is None:
            record.failure = record.failure or "the kernel exited before the test ended"
            record.run_seconds = time.monotonic() - ready_at
            return
        kind = event[0]
        if kind == "XSWAN-READY":
            record.ready = True
            ready_at = time.monotonic()
            record.boot_seconds = ready_at - start
            test_deadline = ready_at + test.test_timeout
            deadline = test_deadline
        elif kind == "XSWAN-CMD" and len(event) > 1:
            current = int(event[1])
            step = steps[current - 1]
            deadline = (time.monotonic() + step.timeout) if step.cmd else test_deadline
        elif kind == "XSWAN-RC" and len(event) > 2:
            record.statuses[int(event[1])] = event[2]
            current = None
            deadline = test_deadline
        elif kind == "XSWAN-EXITED" and len(event) > 1:
            record.exited.append(event[1])
        elif kind == "XSWAN-FAIL":
            record.failure = " ".join(event[1:])
            deadline = time.monotonic() + HALT_TIMEOUT
        elif kind == "XSWAN-HALT":
            record.halted = True
            record.run_seconds = time.monotonic() - ready_at
            return


def _note_timeout(test, step, why, limit):
    """Say in the host's raw transcript where the test stopped."""
    path = os.path.join(test.output, step.host + ".console.verbose.txt")
    with open(path, "a") as f:
        f.write(f"\n*** TIMEOUT: {why} timeout ({limit} s) expired; the test was stopped here ***\n")
