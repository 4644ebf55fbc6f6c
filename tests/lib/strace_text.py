# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading strace output: the one decoder tests/compat, tests/integration
and tests/security share.

    for line in lines(text):            # "<unfinished ...>" pairs joined
        call = parse_call(line.text)    # name, args, result
        if call and call.name == "mount":
            source = call.args[0].value

String arguments are decoded from strace's C escapes; bytes that are not
UTF-8 survive as surrogate escapes, so nothing is lost.
"""
import collections
import re

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "f": "\f",
            "a": "\a", "b": "\b", "\\": "\\", '"': '"', "'": "'", "?": "?"}

# A "[pid N] " (strace -f on a terminal) or "N " (strace -f -o) prefix, then
# an optional timestamp (-ttt or -r).
_PREFIX = re.compile(r"^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?(?:(\d+\.\d+)\s+)?")
_RESUMED = re.compile(r"^<\.\.\. [\w]+ resumed>\s?(.*)$")
_UNFINISHED = "<unfinished ...>"

# One argument: kind "str" (a C string literal: value decoded, truncated
# when strace printed "..." after it) or "raw" (anything else, as printed).
Arg = collections.namedtuple("Arg", "kind value truncated")
Call = collections.namedtuple("Call", "name args result")
Line = collections.namedtuple("Line", "pid ts text")


def c_string(s, i):
    """s[i] is the opening '"' of a string strace printed. Returns (decoded
    text, index after it and its "..." mark, truncated)."""
    if s[i] != '"':
        raise ValueError("no string at %r" % s[i:i + 20])
    i += 1
    out = bytearray()
    while True:
        if i >= len(s):
            raise ValueError("unterminated string in %r" % s)
        c = s[i]
        if c == '"':
            i += 1
            break
        if c != "\\":
            out += c.encode("utf-8", "surrogateescape")
            i += 1
            continue
        n = s[i + 1]
        if n in _ESCAPES:
            out += _ESCAPES[n].encode()
            i += 2
        elif n == "x":
            m = re.match(r"[0-9a-fA-F]{1,2}", s[i + 2:])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
        elif n in "01234567":
            m = re.match(r"[0-7]{1,3}", s[i + 1:])
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            raise ValueError("unknown escape \\%s in %r" % (n, s))
    truncated = s.startswith("...", i)
    if truncated:
        i += 3
    return out.decode("utf-8", "surrogateescape"), i, truncated


def call_args(s, i):
    """The arguments of a call, s[i] just after its '('. Returns ([Arg],
    index after the ')'). Nested braces and brackets stay one raw arg."""
    args = []
    while True:
        while s[i] == " ":
            i += 1
        if s[i] == ")":
            return args, i + 1
        if s[i] == '"':
            value, i, truncated = c_string(s, i)
            args.append(Arg("str", value, truncated))
        else:
            start, depth = i, 0
            while depth or s[i] not in ",)":
                if s[i] in "{[":
                    depth += 1
                elif s[i] in "}]":
                    depth -= 1
                elif s[i] == '"':
                    _, i, _ = c_string(s, i)
                    continue
                i += 1
            args.append(Arg("raw", s[start:i].strip(), False))
        while s[i] == " ":
            i += 1
        if s[i] == ",":
            i += 1


def parse_call(text):
    """A Call from one joined line, or None for a line that is no call
    (signals, exits, "+++ exited with 0 +++")."""
    m = re.match(r"^(\w+)\(", text)
    if not m:
        return None
    args, i = call_args(text, m.end())
    result = text[i:].strip()
    if result.startswith("= "):
        result = result[2:]
    return Call(m.group(1), args, result)


def lines(text):
    """The lines of strace -f output as Line(pid, ts, text): pid and ts are
    None when strace printed none; "<unfinished ...>" and "<... resumed>"
    halves are joined into one line at the first half's place and time."""
    out, pending = [], {}
    for raw in text.splitlines():
        m = _PREFIX.match(raw)
        pid = m.group(1) or m.group(2)
        ts = float(m.group(3)) if m.group(3) else None
        rest = raw[m.end():]
        if rest.endswith(_UNFINISHED):
            pending[pid] = len(out)
            out.append(Line(pid, ts, rest[:-len(_UNFINISHED)].rstrip()))
            continue
        resumed = _RESUMED.match(rest)
        if resumed and pid in pending:
            at = pending.pop(pid)
            first = out[at]
            out[at] = Line(first.pid, first.ts, first.text + resumed.group(1))
            continue
        out.append(Line(pid, ts, rest))
    return out
