#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a directory tree as an initramfs (uncompressed "newc" cpio).

Usage: mkcpio.py STAGE_DIR OUT_FILE

Every entry keeps its mode (set-user-ID bits included) and its owner and
group from the tree (the stage is built by root: root, unless a file was
given another owner on purpose), with a fixed mtime, so two builds of the
same tree are byte-identical. /dev/console and /dev/null are added as device
nodes (the kernel opens /dev/console for /init's stdio before anything can
mount devtmpfs), so the host needs neither GNU cpio nor mknod.
"""
import os
import stat
import sys

MTIME = 0


def header(ino, mode, size, name, nlink=1, rdev=(0, 0), uid=0, gid=0):
    fields = [ino, mode, uid, gid, nlink, MTIME, size, 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields) + name + b"\0"


def pad(n):
    return b"\0" * ((4 - n % 4) % 4)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    stage, out_path = sys.argv[1:]
    ino = 1
    with open(out_path, "wb") as out:
        def emit(name, mode, data=b"", rdev=(0, 0), st=None):
            nonlocal ino
            uid, gid = (st.st_uid, st.st_gid) if st else (0, 0)
            h = header(ino, mode, len(data), name.encode(), rdev=rdev,
                       uid=uid, gid=gid)
            out.write(h + pad(len(h)) + data + pad(len(data)))
            ino += 1

        entries = []
        for top, dirs, files in os.walk(stage):
            dirs.sort()
            for n in sorted(dirs + files):
                path = os.path.join(top, n)
                entries.append(os.path.relpath(path, stage))
        names = set(entries)
        for rel in sorted(entries):
            path = os.path.join(stage, rel)
            st = os.lstat(path)
            perm = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                emit(rel, stat.S_IFLNK | 0o777, os.readlink(path).encode(), st=st)
            elif stat.S_ISDIR(st.st_mode):
                emit(rel, stat.S_IFDIR | perm, st=st)
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    emit(rel, stat.S_IFREG | perm, f.read(), st=st)
        if "dev" not in names:
            emit("dev", stat.S_IFDIR | 0o755)
        for node, rdev in (("dev/console", (5, 1)), ("dev/null", (1, 3))):
            if node not in names:
                emit(node, stat.S_IFCHR | 0o600, rdev=rdev)
        emit("TRAILER!!!", 0)


if __name__ == "__main__":
    main()
