#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Self-test of strace_text.py, the strace reader the suites share."""
import os
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import strace_text  # noqa: E402


class CString(unittest.TestCase):
    def test_escapes(self):
        s = r'"a\tb\n\\\"\x41\101\0z"'
        self.assertEqual(strace_text.c_string(s, 0),
                         ('a\tb\n\\"AA\0z', len(s), False))

    def test_truncated(self):
        s = '"abc"..., 5'
        self.assertEqual(strace_text.c_string(s, 0), ("abc", 8, True))

    def test_bytes_survive(self):
        text, _, _ = strace_text.c_string(r'"\377\303\251"', 0)
        self.assertEqual(text.encode("utf-8", "surrogateescape"),
                         b"\xff\xc3\xa9")

    def test_unterminated_and_unknown_escape_fail(self):
        for bad in ('"abc', r'"\q"'):
            with self.assertRaises(ValueError):
                strace_text.c_string(bad, 0)


class Calls(unittest.TestCase):
    def test_mount(self):
        call = strace_text.parse_call(
            r'mount("//srv/share", ".", "cifs", MS_NOSUID|MS_NODEV, '
            r'"ip=198.51.100.2,unc=\\\\srv\\share,user=a") = 0')
        self.assertEqual(call.name, "mount")
        self.assertEqual([a.value for a in call.args],
                         ["//srv/share", ".", "cifs", "MS_NOSUID|MS_NODEV",
                          "ip=198.51.100.2,unc=\\\\srv\\share,user=a"])
        self.assertEqual(call.args[3].kind, "raw")
        self.assertEqual(call.result, "0")

    def test_nested_raw_arguments_and_errors(self):
        call = strace_text.parse_call(
            'connect(3, {sa_family=AF_INET, sin_port=htons(445), '
            'sin_addr=inet_addr("198.51.100.2")}, 16) = -1 EINPROGRESS (x)')
        self.assertEqual(len(call.args), 3)
        self.assertTrue(call.args[1].value.startswith("{sa_family=AF_INET"))
        self.assertEqual(call.result, "-1 EINPROGRESS (x)")

    def test_not_a_call(self):
        self.assertIsNone(strace_text.parse_call("+++ exited with 0 +++"))


class Lines(unittest.TestCase):
    def test_prefixes_and_resumed_halves(self):
        text = ("100 1.500 execve(\"/sbin/mount.cifs\", [], []) = 0\n"
                "[pid 101] mount(\"//s/x\", \".\", \"cifs\", 0, \"ip=1\" "
                "<unfinished ...>\n"
                "100 1.600 write(2, \"x\", 1) = 1\n"
                "[pid 101] <... mount resumed>) = 0\n"
                "close(3) = 0\n")
        got = strace_text.lines(text)
        self.assertEqual(got[0], strace_text.Line("100", 1.5,
                         'execve("/sbin/mount.cifs", [], []) = 0'))
        self.assertEqual(got[1], strace_text.Line(
            "101", None, 'mount("//s/x", ".", "cifs", 0, "ip=1") = 0'))
        self.assertEqual(got[2].ts, 1.6)
        self.assertEqual(got[3], strace_text.Line(None, None, "close(3) = 0"))
        self.assertEqual(len(got), 4)


if __name__ == "__main__":
    unittest.main()
