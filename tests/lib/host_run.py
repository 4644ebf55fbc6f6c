# SPDX-License-Identifier: GPL-3.0-or-later
"""The helper's per-server state under /run/cifs-family: what tests/compat and
tests/security read to show that no run of theirs wrote the host's /run.

Both suites cover /run with a tmpfs of their own in a private mount
namespace, so the records ours writes before mount(2) land there. The host's
/run stays reachable through a descriptor opened before that mount:

    host = HostRun()                     # opens /run, snapshots cifs-family
    ... mount a tmpfs over /run, run the helper ...
    problems = host.changes()            # [] when the host's copy is as it was
    names = records("/run")              # what the helper wrote privately
"""
import os
import stat

STATE_DIR = "cifs-family"  # under /run
HOSTS_DIR = os.path.join(STATE_DIR, "hosts")


def snapshot(run):
    """{path relative to `run`: (kind, mode, uid, size, mtime_ns, inode)} for
    `run`/cifs-family and everything under it; {} when it does not exist.
    A record the helper rewrites is renamed over the old one: a new inode
    and mtime, and a new mtime for its directory."""
    out = {}

    def visit(rel):
        try:
            st = os.lstat(os.path.join(run, rel))
        except FileNotFoundError:
            return
        if stat.S_ISDIR(st.st_mode):
            kind = "dir"
        elif stat.S_ISLNK(st.st_mode):
            kind = "symlink"
        elif stat.S_ISREG(st.st_mode):
            kind = "file"
        else:
            kind = "other"
        out[rel] = (kind, stat.S_IMODE(st.st_mode), st.st_uid,
                    st.st_size if kind == "file" else None,
                    st.st_mtime_ns, st.st_ino)
        if kind == "dir":
            for name in sorted(os.listdir(os.path.join(run, rel))):
                visit(os.path.join(rel, name))

    visit(STATE_DIR)
    return out


def changes(before, after):
    """Lines naming each path added, removed or changed between two
    snapshot()s; [] when they are equal."""
    lines = []
    for rel in sorted(set(before) | set(after)):
        b, a = before.get(rel), after.get(rel)
        if b == a:
            continue
        if b is None:
            lines.append("appeared: /run/%s (%s, mode %o, uid %d)"
                         % (rel, a[0], a[1], a[2]))
        elif a is None:
            lines.append("vanished: /run/%s" % rel)
        else:
            lines.append("changed: /run/%s (kind, mode, uid, size, mtime_ns, "
                         "inode %s -> %s)" % (rel, b, a))
    return lines


def records(run):
    """The record names in `run`/cifs-family/hosts, sorted; [] when the
    directory does not exist."""
    try:
        return sorted(os.listdir(os.path.join(run, HOSTS_DIR)))
    except FileNotFoundError:
        return []


class HostRun:
    """The host's /run, still readable after a tmpfs covers /run in a private
    mount namespace: opened (O_PATH) before that mount and read through
    /proc/self/fd, which reaches the directory under the tmpfs."""

    def __init__(self, run="/run"):
        self.fd = os.open(run, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
        self.before = snapshot(self.path)

    @property
    def path(self):
        return "/proc/self/fd/%d" % self.fd

    def describe(self):
        """The snapshot taken at open, in one line."""
        names = sorted(os.path.basename(r) for r in self.before
                       if os.path.dirname(r) == HOSTS_DIR)
        if not self.before:
            return "host has no /run/cifs-family"
        return "host /run/cifs-family: %d entries, hosts/ %s" % (
            len(self.before), names or "empty")

    def changes(self):
        return changes(self.before, snapshot(self.path))
