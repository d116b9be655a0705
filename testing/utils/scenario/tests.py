# SPDX-License-Identifier: GPL-2.0-or-later
"""A scenario test: its directory, its hosts, its scripts in Libreswan's
order, and those scripts cut into the command lines typed at each console."""

import os
import re
import subprocess
from dataclasses import dataclass, field

# Libreswan's order for HOSTinit.sh, HOSTrun.sh and final.sh.
HOST_ORDER = ("nic", "east", "west", "road", "north")

DEFAULT_COMMAND_TIMEOUT = 120
DEFAULT_TEST_TIMEOUT = 900

# testparams.sh keys the runner understands (plain KEY=VALUE lines).
def kernel_choice(value):
    if value != "unpatched":
        raise ValueError("KERNEL takes only 'unpatched' (the default is the series)")
    return value


PARAMS = {
    "COMMAND_TIMEOUT": int,     # seconds one command line may take
    "TEST_TIMEOUT": int,        # seconds the whole test may take after boot
    "KERNEL": kernel_choice,    # unpatched: boot kernel/build --unpatched's kernel
}

NUMBERED = re.compile(r"^(\d+)-([a-z]+)-.*\.sh$")


class TestError(Exception):
    """The test directory is malformed (not a failure of what it tests)."""


@dataclass
class Unit:
    """One command line as typed at a console (several physical lines when
    the shell needs them to complete it), or one echoed comment."""
    host: str
    lines: list
    comment: bool = False
    invalid: bool = False       # a shell syntax error: sent through eval

    @property
    def text(self):
        return "\n".join(self.lines)


@dataclass
class Test:
    name: str
    directory: str
    scripts: list = field(default_factory=list)     # [(host, path)]
    params: dict = field(default_factory=dict)

    @property
    def output(self):
        return os.path.join(self.directory, "OUTPUT")

    @property
    def hosts(self):
        used = {h for h, _ in self.scripts}
        return [h for h in HOST_ORDER if h in used]

    @property
    def command_timeout(self):
        return self.params.get("COMMAND_TIMEOUT", DEFAULT_COMMAND_TIMEOUT)

    @property
    def test_timeout(self):
        return self.params.get("TEST_TIMEOUT", DEFAULT_TEST_TIMEOUT)

    def expected(self, host):
        return os.path.join(self.directory, host + ".console.txt")


def testing_dir():
    return os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))


def pluto_dir():
    return os.path.join(testing_dir(), "pluto")


def all_test_names():
    """Every directory under testing/pluto/ with a description.txt."""
    root = pluto_dir()
    if not os.path.isdir(root):
        return []
    return sorted(d for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "description.txt")))


def resolve(name):
    """A test by name (testing/pluto/NAME) or by path; the directory must
    be inside testing/ because the guest sees testing/ as /testing."""
    if os.sep in name or os.path.isdir(name):
        directory = os.path.abspath(name.rstrip(os.sep))
    else:
        directory = os.path.join(pluto_dir(), name)
    if not os.path.isdir(directory):
        raise TestError(f"{name}: no such test directory ({directory})")
    if not directory.startswith(testing_dir() + os.sep):
        raise TestError(f"{name}: a test must live under {testing_dir()}")
    test = Test(os.path.basename(directory), directory)
    test.scripts = ordered_scripts(directory)
    test.params = read_params(directory)
    if not test.scripts:
        raise TestError(f"{test.name}: no HOSTinit.sh, HOSTrun.sh or N-HOST-*.sh scripts")
    return test


def ordered_scripts(directory):
    """Libreswan's order: init scripts (nic, east, west, road, north), run
    scripts, numbered N-HOST-*.sh by number then name, then final.sh on
    every host used."""
    files = set(os.listdir(directory))
    order = []
    for suffix in ("init.sh", "run.sh"):
        order += [(h, h + suffix) for h in HOST_ORDER if h + suffix in files]
    numbered = []
    for f in files:
        m = NUMBERED.match(f)
        if m:
            if m.group(2) not in HOST_ORDER:
                raise TestError(f"{f}: unknown host '{m.group(2)}' "
                                f"(hosts are {', '.join(HOST_ORDER)})")
            numbered.append((int(m.group(1)), f, m.group(2)))
    order += [(h, f) for _, f, h in sorted(numbered)]
    if "final.sh" in files:
        used = {h for h, _ in order}
        order += [(h, "final.sh") for h in HOST_ORDER if h in used]
    return [(h, os.path.join(directory, f)) for h, f in order]


def read_params(directory):
    """testparams.sh: KEY=VALUE lines for the keys in PARAMS."""
    path = os.path.join(directory, "testparams.sh")
    params = {}
    if not os.path.exists(path):
        return params
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            m = re.match(r"^([A-Z_]+)=['\"]?([^'\"]*)['\"]?$", line)
            if not m or m.group(1) not in PARAMS:
                raise TestError(f"{path}:{lineno}: expected one of "
                                f"{', '.join(PARAMS)} as KEY=VALUE")
            try:
                params[m.group(1)] = PARAMS[m.group(1)](m.group(2))
            except ValueError as e:
                why = "wants a number" if PARAMS[m.group(1)] is int else str(e)
                raise TestError(f"{path}:{lineno}: {m.group(1)} {why}")
    return params


def shell_verdict(text):
    """'complete', 'incomplete' (the shell wants more lines) or 'invalid'
    (a syntax error), asked of the guest's own shell."""
    r = subprocess.run(["/bin/sh", "-n", "-c", text], capture_output=True, text=True)
    if r.returncode == 0:
        return "complete"
    if "end of file unexpected" in r.stderr or "Unterminated" in r.stderr:
        return "incomplete"
    return "invalid"


HEREDOC = re.compile(r"<<-?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?")


def units_of(host, path):
    """Cut a script into console units.  Blank lines are not typed (a
    console shows nothing for them in Libreswan's transcripts); comments are
    echoed but not run; the file's header (#! and SPDX lines at the top)
    is neither."""
    with open(path) as f:
        lines = f.read().splitlines()
    units = []
    pending = []
    heredoc_end = None
    header = True
    for line in lines:
        if header and (line.startswith("#!") or line.startswith("# SPDX-License-Identifier")):
            continue
        header = False
        if not pending:
            if not line.strip():
                continue
            if line.lstrip().startswith("#"):
                units.append(Unit(host, [line], comment=True))
                continue
        pending.append(line)
        if heredoc_end is not None:
            if line.strip() == heredoc_end:
                heredoc_end = None
            else:
                continue
        else:
            m = HEREDOC.search(line)
            if m and "<<<" not in line:
                heredoc_end = m.group(1)
                continue
        if line.endswith("\\"):
            continue
        verdict = shell_verdict("\n".join(pending))
        if verdict == "incomplete":
            continue
        units.append(Unit(host, pending, invalid=(verdict == "invalid")))
        pending = []
    if pending:
        units.append(Unit(host, pending, invalid=True))
    return units


def units(test):
    """Every console unit of the test, in run order."""
    out = []
    for host, path in test.scripts:
        out += units_of(host, path)
    return out
