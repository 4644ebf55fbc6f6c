#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Copy a kernel module closure, decompressed and in load order.

Usage: modules.py MODROOT KVER DEST NAME...

MODROOT is an unpacked linux-image package (it has lib/modules/KVER). The
closure follows each module's `depends=` and `softdep=` (pre:) fields in its
.modinfo section, so no depmod/modprobe is needed on the host (Debian's base
image has no kmod). Names may be module names or aliases ("sha512", "aes");
a name built into the kernel (modules.builtin, modules.builtin.modinfo) is
skipped. Busybox insmod loads plain ELF only, so .ko.xz/.ko.zst are
decompressed. Writes DEST/NAME.ko and prints the load order, one name a line.
"""
import lzma
import os
import re
import subprocess
import sys


def norm(name):
    return name.replace("-", "_")


def read_ko(path):
    data = open(path, "rb").read()
    if path.endswith(".xz"):
        return lzma.decompress(data)
    if path.endswith(".zst"):
        return subprocess.run(["zstd", "-dcq", path], check=True,
                              stdout=subprocess.PIPE).stdout
    return data


def modinfo(data):
    # The .modinfo section is a run of NUL-terminated key=value strings; a
    # regex over the whole ELF is enough for the keys we read.
    info = {}
    for key in (b"depends", b"softdep", b"alias"):
        for m in re.finditer(rb"(?<=\0)" + key + rb"=([^\0]*)", data):
            info.setdefault(key.decode(), []).append(m.group(1).decode())
    return info


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    modroot, kver, dest = sys.argv[1:4]
    wanted = sys.argv[4:]
    base = os.path.join(modroot, "lib", "modules", kver)
    files = {}
    for top, _dirs, names in os.walk(os.path.join(base, "kernel")):
        for n in names:
            m = re.match(r"(.+)\.ko(\.xz|\.zst|\.gz)?$", n)
            if m:
                files[norm(m.group(1))] = os.path.join(top, n)
    builtin = set()
    with open(os.path.join(base, "modules.builtin")) as f:
        for line in f:
            builtin.add(norm(os.path.basename(line.strip()).split(".ko")[0]))
    builtin_alias = set()
    bmi = os.path.join(base, "modules.builtin.modinfo")
    if os.path.exists(bmi):
        for entry in open(bmi, "rb").read().split(b"\0"):
            mod, _, rest = entry.decode(errors="replace").partition(".")
            if rest.startswith("alias="):
                builtin_alias.add(rest[len("alias="):])
            if mod:
                builtin.add(norm(mod))
    alias_map = None
    warned = set()

    def resolve(name, soft=False):
        nonlocal alias_map
        n = norm(name)
        if n in files:
            return n
        if n in builtin or name in builtin_alias:
            return None
        if alias_map is None:
            # Aliases of the loadable modules that softdeps name: crypto/
            # and lib/ are enough (a full scan would decompress thousands).
            alias_map = {}
            for mod, path in files.items():
                if "/kernel/crypto/" in path or "/kernel/lib/" in path \
                        or "/kernel/arch/" in path:
                    for a in modinfo(read_ko(path)).get("alias", []):
                        alias_map.setdefault(a, mod)
        if name in alias_map:
            return alias_map[name]
        if "crypto-" + name in alias_map:
            return alias_map["crypto-" + name]
        if soft:
            # modprobe too ignores a softdep it cannot find ("aead2", "nls").
            if name not in warned and os.environ.get("E2E_VERBOSE") == "1":
                print("modules.py: softdep %r not found, skipped" % name,
                      file=sys.stderr)
            warned.add(name)
            return None
        sys.exit("modules.py: no module or builtin for %r" % name)

    order, seen = [], set()

    def visit(name, stack=(), soft=False):
        mod = resolve(name, soft)
        if mod is None or mod in seen:
            return
        if mod in stack:
            return
        info = modinfo(read_ko(files[mod]))
        deps = [d for dl in info.get("depends", []) for d in dl.split(",") if d]
        pre = []
        for sd in info.get("softdep", []):
            words = sd.split()
            section = "pre:"
            for w in words:
                if w.endswith(":"):
                    section = w
                elif section == "pre:":
                    pre.append(w)
        for d in pre:
            visit(d, stack + (mod,), soft=True)
        for d in deps:
            visit(d, stack + (mod,))
        if mod not in seen:
            seen.add(mod)
            order.append(mod)

    for w in wanted:
        visit(w)
    os.makedirs(dest, exist_ok=True)
    for mod in order:
        with open(os.path.join(dest, mod + ".ko"), "wb") as out:
            out.write(read_ko(files[mod]))
        print(mod)


if __name__ == "__main__":
    main()
