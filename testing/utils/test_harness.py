#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Self-tests of the scenario harness's pure parts (no UML): the script
order, the cutting of scripts into console lines, the plan, the sanitizer
and the log scan.  `make check` runs them first; alone:
    python3 testing/utils/test_harness.py
"""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scenario import boot, sanitize, tests, verdict  # noqa: E402


def write(directory, name, text):
    with open(os.path.join(directory, name), "w") as f:
        f.write(text)


class ScriptOrder(unittest.TestCase):
    def test_libreswan_order(self):
        with tempfile.TemporaryDirectory() as d:
            for name in ("westinit.sh", "eastinit.sh", "nicinit.sh", "westrun.sh",
                         "10-east-late.sh", "2-west-b.sh", "2-west-a.sh", "final.sh",
                         "description.txt", "west.conf"):
                write(d, name, "true\n")
            got = [(h, os.path.basename(p)) for h, p in tests.ordered_scripts(d)]
        self.assertEqual(got, [
            ("nic", "nicinit.sh"), ("east", "eastinit.sh"), ("west", "westinit.sh"),
            ("west", "westrun.sh"), ("west", "2-west-a.sh"), ("west", "2-west-b.sh"),
            ("east", "10-east-late.sh"),
            ("nic", "final.sh"), ("east", "final.sh"), ("west", "final.sh")])

    def test_unknown_host_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "1-moon-up.sh", "true\n")
            with self.assertRaises(tests.TestError):
                tests.ordered_scripts(d)


class Params(unittest.TestCase):
    def test_known_keys(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "testparams.sh", "# comment\nCOMMAND_TIMEOUT=900\nKERNEL=unpatched\n")
            self.assertEqual(tests.read_params(d),
                             {"COMMAND_TIMEOUT": 900, "KERNEL": "unpatched"})

    def test_bad_values_name_the_line(self):
        for text, why in (("KERNEL=patched\n", "KERNEL takes only 'unpatched'"),
                          ("COMMAND_TIMEOUT=soon\n", "wants a number"),
                          ("SPEED=11\n", "expected one of")):
            with tempfile.TemporaryDirectory() as d:
                write(d, "testparams.sh", text)
                with self.assertRaises(tests.TestError) as e:
                    tests.read_params(d)
                self.assertIn("testparams.sh:1:", str(e.exception))
                self.assertIn(why, str(e.exception))


class Units(unittest.TestCase):
    def units(self, text):
        with tempfile.TemporaryDirectory() as d:
            write(d, "westinit.sh", text)
            return tests.units_of("west", os.path.join(d, "westinit.sh"))

    def test_header_blank_comment(self):
        u = self.units("# SPDX-License-Identifier: GPL-2.0-or-later\n\n# a comment\n"
                       "echo one\n\necho two\n")
        self.assertEqual([(x.text, x.comment) for x in u],
                         [("# a comment", True), ("echo one", False), ("echo two", False)])

    def test_multi_line_commands_are_one_unit(self):
        u = self.units("if true; then\n\techo yes\nfi\ncat <<EOF\nx\nEOF\necho a \\\n  b\necho c\n")
        self.assertEqual([x.text for x in u],
                         ["if true; then\n\techo yes\nfi", "cat <<EOF\nx\nEOF",
                          "echo a \\\n  b", "echo c"])

    def test_syntax_error_goes_through_eval(self):
        u = self.units("echo (oops\necho fine\n")
        self.assertTrue(u[0].invalid)
        self.assertFalse(u[1].invalid)
        with tempfile.TemporaryDirectory() as d:
            write(d, "westinit.sh", "echo (oops\n")
            t = tests.Test("t", d, [("west", os.path.join(d, "westinit.sh"))])
            steps = boot.plan_steps(t)
        self.assertTrue(steps[0].cmd.startswith("command eval 'echo (oops'"))


class Plan(unittest.TestCase):
    def test_prompts_and_closing_steps(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "westinit.sh", "echo a\n# note\necho b\n")
            t = tests.Test("t", d, tests.ordered_scripts(d))
            steps = boot.plan_steps(t)
        self.assertEqual([s.echo for s in steps[:3]], ["echo a\n", "west # # note\n", "west # echo b\n"])
        self.assertIsNone(steps[1].cmd)             # a comment is not typed
        self.assertIn(boot.STATUS_LINE, steps[0].cmd)
        self.assertEqual(steps[3].echo, "west # \n")   # the closing prompt
        self.assertIn("stop-daemons", steps[4].cmd)


class Sanitizer(unittest.TestCase):
    def test_libreswan_shape(self):
        raw = "first\nout\nwest # second\nwest # \n"
        self.assertEqual(sanitize.sanitize(raw, "west"), "first\nout\nwest #\n second\nwest #\n \n")

    def test_rules(self):
        cases = {
            "proto esp spi 0xc1c1755e reqid 16385 mode tunnel": "proto esp spi 0xSPISPI reqid REQID mode tunnel",
            "aead rfc4106(gcm(aes)) 0x0123456789abcdef 128": "aead rfc4106(gcm(aes)) 0xKEY 128",
            "{ESPinUDP=>0xc1c1755e <0x667786f0 xfrm": "{ESPinUDP=>0xESPESP <0xESPESP xfrm",
            "lastused 2026-11-27 00:12:07": "lastused YYYY-MM-DD HH:MM:SS",
            "64 bytes from 192.0.2.254: icmp_seq=1 ttl=64 time=0.143 ms":
                "64 bytes from 192.0.2.254: icmp_seq=1 ttl=64 time=N.NNN ms",
            "IP 192.1.2.45.41234 > 192.1.2.23.500: udp": "IP 192.1.2.45.EPHEM > 192.1.2.23.500: udp",
            "IP 192.1.2.45.4500 > 192.1.2.23.4500: UDP-encap": "IP 192.1.2.45.4500 > 192.1.2.23.4500: UDP-encap",
            "    in  c2180a2c,    252 bytes,     3 packets,     2s ago":
                "    in  SPISPI,    252 bytes,     3 packets,     Ns ago",
            "  established 7s ago, rekeying in 14121s": "  established Ns ago, rekeying in Ns",
            "IP6 a > b: ICMP6, echo reply, id 233, seq 1, length 64": "IP6 a > b: ICMP6, echo reply, id ID, seq 1, length 64",
            '#4: "w" esp.5a3be371@192.1.2.23 esp.8096589f@192.1.2.45 tun.0@192.1.2.23 Traffic:':
                '#4: "w" esp.SPISPI@192.1.2.23 esp.SPISPI@192.1.2.45 tun.0@192.1.2.23 Traffic:',
        }
        for raw, want in cases.items():
            self.assertEqual(sanitize.sanitize_line(raw), want)

    def test_cut(self):
        raw = "a\nwest # echo ==== cut ====\n==== cut ====\nsecret\nwest # echo ==== tuc ====\nb\n"
        self.assertNotIn("secret", sanitize.sanitize(raw, "west"))


class LogScan(unittest.TestCase):
    def test_patterns(self):
        def issues(line):
            return [i for i, rx in verdict.LOG_PATTERNS if rx.search(line)]
        self.assertEqual(issues("==12==ERROR: AddressSanitizer: heap-use-after-free"), ["SANITIZER"])
        self.assertEqual(issues("x.c:3:5: runtime error: shift exponent"), ["SANITIZER"])
        self.assertEqual(issues("ASSERTION FAILED: st != NULL"), ["ASSERTION"])
        self.assertEqual(issues("thread 5 received 11"), ["CRASH"])
        self.assertEqual(issues("established IKE SA"), [])

    def test_daemon_killed_by_signal(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "log"))
            write(os.path.join(d, "log"), "charon.status",
                  "start 12 /usr/lib/ipsec/charon\nsignal 9 /usr/lib/ipsec/charon\n")
            write(os.path.join(d, "log"), "pluto.status", "start 3 pluto\nexit 0 pluto\n")
            found = verdict.daemon_exits(d)
        self.assertEqual([i for i, _ in found], ["CRASH"])


if __name__ == "__main__":
    unittest.main()
