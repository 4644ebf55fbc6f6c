#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compatibility suite: Debian's cifs-utils mount.cifs against ours.

Every case in cases.py is a command line. It runs under
  strace -f -qq -e trace=mount -e signal=none -s 4096 -o FILE [-e inject=...]
twice, once with /sbin/mount.cifs (cifs-utils) and once with our binary, both
named mount.cifs (or mount.smb3), with the same argv, environment, stdin,
working directory and mount point. Every mount(2) call (source, target,
fstype, flags, data) and the exit status are compared.

Cases that are deliberate deviations (docs/compatibility.md) state exactly
what ours must produce; they also state what cifs-utils 7.0 was observed to
do, and that is checked too, so the documentation cannot drift silently.

The whole run happens in a private network + mount namespace (made with
unshare(2) at start): only `lo`, a private /etc/hosts and nsswitch.conf
(`hosts: files`), a tmpfs over /sys/fs/cgroup (else cifs-utils 7.0 runs
systemd-ask-password and waits 90 s) and a tmpfs over /run, where ours writes
its state records (/run/cifs-family/hosts). No packet leaves the namespace
and nothing is written to the host's /run: after the cases ours runs once on
a name unique to the run, and private-run-has-records / host-run-untouched
check that its record is in the private /run and not in the host's (read
through a descriptor opened before the tmpfs covered it).

Usage: run_compat.py --ours build/bin/mount.cifs [-k SUBSTRING] [-j JOBS]
       run_compat.py --record [-k SUBSTRING]   (cifs-utils only, print results)
Must run as root. Prints one line per case and finally "N passed, M failed".
"""

import argparse
import ctypes
import ctypes.util
import fcntl
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import cases as case_defs  # noqa: E402
import host_run  # noqa: E402
import strace_text  # noqa: E402
from cases import Call, Out  # noqa: E402

CIFS_UTILS = "/sbin/mount.cifs"
OURS_CONFIG_FILES = ["/etc/cifs-family.conf"]
RUN_TIMEOUT_S = 10
# A name only this run uses (the probe's server): its record must land in the
# private /run and never in the host's, whatever else writes the host's /run.
PROBE_HOST = "cfcompat-probe-%d-%s" % (os.getpid(), os.urandom(4).hex())
PROBE_ADDRESS = "198.51.100.40"
# The tmpfs over /run in the namespace (enter_private_namespace).
PRIVATE_RUN_SOURCE = "cifs-compat-run"

# Private /etc/hosts seen by both binaries. Names only resolve here.
HOSTS = """\
127.0.0.1 localhost
::1 localhost ip6-localhost ip6-loopback
198.51.100.10 dual
2001:db8::10 dual
198.51.100.11 multi
198.51.100.12 multi
198.51.100.13 multi
2001:db8::11 multi
2001:db8::12 multi
198.51.100.20 v4host
2001:db8::20 v6host
198.51.100.21 two4
198.51.100.22 two4
198.51.100.23 three4
198.51.100.24 three4
198.51.100.25 three4
2001:db8::21 two6
2001:db8::22 two6
198.51.100.30 Mixed.Case
""" + "".join("198.51.100.%d many\n" % i for i in range(101, 121)) + """\
203.0.113.5 srv.example.test srv
""" + "%s %s\n" % (PROBE_ADDRESS, PROBE_HOST)

NSSWITCH = """\
passwd: files
group: files
shadow: files
hosts: files
"""


def fail_loudly(msg):
    print("FAIL preflight: " + msg, flush=True)
    print("0 passed, 1 failed", flush=True)
    sys.exit(2)


# --------------------------------------------------------------------------
# Namespace setup (ctypes: the stdlib has no unshare(2) before Python 3.12).

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18


def _libc():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6",
                       use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                           ctypes.c_ulong, ctypes.c_char_p]
    libc.unshare.argtypes = [ctypes.c_int]
    return libc


def _check(rc, what):
    if rc != 0:
        err = ctypes.get_errno()
        fail_loudly("%s: %s" % (what, os.strerror(err)))


def _mount(libc, src, tgt, fstype, flags, data=None):
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(libc.mount(enc(src), enc(tgt), enc(fstype), flags, enc(data)),
           "mount %s on %s" % (src, tgt))


def _lo_up():
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        ifr = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, SIOCGIFFLAGS, ifr))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo",
                                                  flags | IFF_UP))
    finally:
        s.close()


def enter_private_namespace(base):
    """unshare net+mount, make mounts private, lo up, private hosts/nss."""
    libc = _libc()
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWNET), "unshare(NEWNS|NEWNET)")
    _mount(libc, "none", "/", None, MS_REC | MS_PRIVATE)
    _lo_up()
    etc = os.path.join(base, "etc")
    os.makedirs(etc)
    for name, text in (("hosts", HOSTS), ("nsswitch.conf", NSSWITCH)):
        path = os.path.join(etc, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o644)
        _mount(libc, path, "/etc/" + name, None, MS_BIND)
    _mount(libc, "tmpfs", "/sys/fs/cgroup", "tmpfs", 0, "size=64k")
    # A private /run: ours writes its state records (/run/cifs-family/hosts)
    # before mount(2), and they must not land in the host's /run. Where
    # /dev/log leads is read first: on systemd it is a symlink into /run.
    devlog = os.path.realpath("/dev/log") if os.path.exists("/dev/log") else None
    _mount(libc, PRIVATE_RUN_SOURCE, "/run", "tmpfs", 0, "mode=0755,size=1m")
    # Our own configuration file would change ours' defaults (address family
    # policy): the suite tests the built-in defaults, so hide a local one.
    for conf in OURS_CONFIG_FILES:
        if os.path.exists(conf):
            empty = os.path.join(etc, os.path.basename(conf))
            open(empty, "w").close()
            _mount(libc, empty, conf, None, MS_BIND)
            print("# hid %s from both programs (built-in defaults are "
                  "tested)" % conf)
    # Sanity: the namespace really has only lo, and names resolve privately.
    ifaces = sorted(n for _, n in socket.if_nameindex())
    if ifaces != ["lo"]:
        fail_loudly("namespace has interfaces %s, expected only lo" % ifaces)
    try:
        socket.getaddrinfo("v4host", None)
    except socket.gaierror as e:
        fail_loudly("private /etc/hosts not effective: %s" % e)
    return capture_syslog(libc, base, devlog)


class SyslogCapture:
    """A private /dev/log: keeps the helpers' syslog lines out of the host's
    journal and lets the suite check that no password reaches syslog."""

    def __init__(self, sock):
        self.sock = sock
        self.lines = []
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self):
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                return
            self.lines.append(data.decode("utf-8", "replace"))


def capture_syslog(libc, base, devlog):
    """Binds a socket over `devlog`, where the host's /dev/log leads, if it
    has one, else None (binding over a missing path would mean creating it
    in the host's /dev). A target under /run (systemd's
    /run/systemd/journal/dev-log) is made in the private /run first."""
    if devlog is None:
        return None
    if devlog.startswith("/run/"):
        os.makedirs(os.path.dirname(devlog), mode=0o755, exist_ok=True)
        open(devlog, "w").close()
    path = os.path.join(base, "devlog")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    os.chmod(path, 0o666)
    _mount(libc, path, devlog, None, MS_BIND)
    return SyslogCapture(sock)


def secrets_in_syslog(capture, results):
    """Passwords ours sent to mount(2) that also appear in syslog."""
    secrets = set()
    for case, _, ours, *_ in results.values():
        for call in (ours.calls if ours else []):
            for m in re.finditer(r"(?:^|,)(?:pass|password2)=((?:[^,]|,,)*)",
                                 call.data or ""):
                value = m.group(1).replace(",,", ",")
                if len(value) >= 4:
                    secrets.add(value)
    found = []
    for line in capture.lines:
        for secret in secrets:
            if secret in line:
                found.append("%r in syslog line %r" % (secret, line[:200]))
    return found


def check_private_run(host, probe):
    """[(name, ok, detail lines)]: the records ours wrote are in the run's own
    /run, none in the host's. `probe` is ours' run on PROBE_HOST, a name only
    this run uses, so the host check holds even when something else writes
    the host's /run meanwhile (its other changes are only reported)."""
    private = host_run.records("/run")
    in_host = host_run.records(host.path)
    tail = [_stderr_tail("probe", probe), "probe exit %s" % probe.exit]
    checks = [
        ("private-run-has-records", PROBE_HOST in private,
         ["no record /run/cifs-family/hosts/%s in the private /run (it has "
          "%s)" % (PROBE_HOST, private or "none")] + tail),
        ("host-run-untouched", PROBE_HOST not in in_host,
         ["the host's /run/cifs-family/hosts/%s exists: the helper wrote the "
          "host's /run" % PROBE_HOST] + host.changes()[:20]),
    ]
    return checks, private


# --------------------------------------------------------------------------
# strace output parsing (tests/lib/strace_text.py).

def _norm_flags(raw):
    if raw in ("0", ""):
        return frozenset()
    return frozenset(p.strip() for p in raw.split("|"))


def parse_trace(path):
    """Returns a list of Call from an strace -o file."""
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    calls = []
    for line in strace_text.lines(text):
        if not line.text.startswith("mount("):
            continue
        call = strace_text.parse_call(line.text)
        if len(call.args) != 5:
            raise ValueError("cannot parse mount line: %r" % line.text)

        def val(a):
            if a.kind == "str":
                return a.value + ("<TRUNCATED>" if a.truncated else "")
            if a.value == "NULL":
                return None
            if re.fullmatch(r"0x[0-9a-f]+", a.value):
                return "<ptr>"  # e.g. fstype under MS_REMOUNT
            return "<raw %s>" % a.value

        calls.append(Call(source=val(call.args[0]), target=val(call.args[1]),
                          fstype=val(call.args[2]),
                          flags=_norm_flags(call.args[3].value),
                          data=val(call.args[4]), result=call.result))
    return calls


# --------------------------------------------------------------------------
# Running one binary on one case.

class RunResult:
    def __init__(self, exit_code, calls, stdout, stderr, seconds):
        self.exit = exit_code
        self.calls = calls
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds

    def as_out(self):
        return Out(self.exit, *self.calls)


def _subst(s, case_dir):
    return (s.replace("{d}", case_dir)
            .replace("{mnt}", os.path.join(case_dir, "mnt"))
            .replace("{pid}", str(os.getpid())))


def prepare_case_dir(case, base, index):
    d = os.path.join(base, "c%03d" % index)
    os.makedirs(os.path.join(d, "mnt"))
    for name, content in case.files.items():
        path = os.path.join(d, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        with open(path, "wb") as f:
            f.write(content)
        os.chmod(path, 0o600)
    for name, target in case.symlinks.items():
        os.symlink(_subst(target, d), os.path.join(d, name))
    return d


def sanitizer_env(binary):
    """Extra environment for a sanitizer build of ours, else {}.

    LeakSanitizer stops the world with ptrace, which fails under strace
    ("LeakSanitizer has encountered a fatal error"), so leak detection is
    turned off here; the unit tests keep it. Other ASan/UBSan findings still
    abort, and any sanitizer report on stderr fails the case (check_case).
    """
    with open(binary, "rb") as f:
        blob = f.read()
    if not any(m in blob for m in (b"__asan_init", b"libasan.so",
                                   b"__ubsan_handle", b"libubsan.so")):
        return {}
    asan = os.environ.get("ASAN_OPTIONS", "")
    asan = (asan + ":" if asan else "") + "detect_leaks=0"
    ubsan = os.environ.get("UBSAN_OPTIONS",
                           "print_stacktrace=1:halt_on_error=1")
    return {"ASAN_OPTIONS": asan, "UBSAN_OPTIONS": ubsan}


def run_one(strace, prog_dir, case, case_dir, tag, extra_env=None):
    prog = os.path.join(prog_dir, case.prog)
    trace = os.path.join(case_dir, "trace.%s" % tag)
    cmd = [strace, "-f", "-qq", "-e", "trace=mount", "-e", "signal=none",
           "-s", "4096", "-o", trace]
    if case.inject:
        cmd += ["-e", "inject=mount:" + case.inject]
    cmd.append(prog)
    cmd += [_subst(a, case_dir) for a in case.args]
    env = {k: _subst(v, case_dir) for k, v in case.env.items()}
    env.update(extra_env or {})
    fds = []
    try:
        for var, name in case.fd_env.items():
            fd = os.open(os.path.join(case_dir, name), os.O_RDONLY)
            fds.append(fd)
            env[var] = str(fd)
        stdin = subprocess.DEVNULL if case.stdin is None else None
        t0 = time.monotonic()
        p = subprocess.Popen(
            cmd, env=env, cwd=case_dir,
            stdin=(subprocess.PIPE if case.stdin is not None else stdin),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=tuple(fds), start_new_session=True)
        try:
            out, err = p.communicate(input=case.stdin, timeout=RUN_TIMEOUT_S)
            code = p.returncode
        except subprocess.TimeoutExpired:
            # strace leads its own session: kill it and the traced helper.
            try:
                os.killpg(p.pid, 9)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
            code = "timeout after %ds" % RUN_TIMEOUT_S
        secs = time.monotonic() - t0
    finally:
        for fd in fds:
            os.close(fd)
    calls = parse_trace(trace) if os.path.exists(trace) else []
    return RunResult(code, calls,
                     out.decode("utf-8", "replace"),
                     err.decode("utf-8", "replace"), secs)


# --------------------------------------------------------------------------
# Comparison.

def fmt_call(c):
    flags = "|".join(sorted(c.flags)) or "0"
    return ("mount(source=%r, target=%r, fstype=%r, flags=%s, data=%r)"
            % (c.source, c.target, c.fstype, flags, c.data))


def fmt_out(o):
    lines = ["exit %s, %d mount call(s)" % (o.exit, len(o.calls))]
    lines += ["  " + fmt_call(c) for c in o.calls]
    return lines


def diff_outs(expected, got, exp_label, got_label):
    """Returns a list of difference lines, empty when equal."""
    d = []
    if expected.exit != got.exit:
        d.append("exit: %s %s, %s %s" % (exp_label, expected.exit,
                                          got_label, got.exit))
    n = max(len(expected.calls), len(got.calls))
    for i in range(n):
        e = expected.calls[i] if i < len(expected.calls) else None
        g = got.calls[i] if i < len(got.calls) else None
        if e is None or g is None or e.key() != g.key():
            d.append("call %d:" % (i + 1))
            d.append("  %-9s %s" % (exp_label + ":",
                                    fmt_call(e) if e else "(none)"))
            d.append("  %-9s %s" % (got_label + ":",
                                    fmt_call(g) if g else "(none)"))
            if e and g:
                for field in ("source", "target", "fstype", "flags", "data"):
                    if getattr(e, field) != getattr(g, field):
                        d.append("    differs in %s" % field)
    return d


def _stderr_tail(label, r):
    text = (r.stderr + ("" if not r.stdout else "[stdout] " + r.stdout))
    text = text.strip().replace("\n", "\\n ")
    return "  %s output: %s" % (label, text[:600])


def expand_expected(out, case_dir):
    """Placeholders in expected calls: {d}, {mnt}, {mnt_rel} (no leading /)."""
    if out is None:
        return None
    mnt = os.path.join(case_dir, "mnt")

    def sub(v):
        if v is None:
            return None
        return (v.replace("{mnt_rel}", mnt.lstrip("/"))
                .replace("{mnt}", mnt).replace("{d}", case_dir))

    return Out(out.exit, *[c._replace(source=sub(c.source),
                                      target=sub(c.target),
                                      data=sub(c.data)) for c in out.calls])


def check_case(case, cifs, ours, case_dir):
    """Returns (ok, kind, detail lines)."""
    problems = []
    exp_cifs = expand_expected(case.cifs, case_dir)
    exp_ours = expand_expected(case.ours, case_dir)
    if case.deviation is None:
        d = diff_outs(cifs.as_out(), ours.as_out(), "cifs", "ours")
        if d:
            problems += ["ours differs from cifs-utils:"] + d
        kind = "identical"
    else:
        kind = "deviation %s" % case.deviation
        if exp_cifs is not None:
            d = diff_outs(exp_cifs, cifs.as_out(), "recorded", "cifs")
            if d:
                problems += ["cifs-utils no longer does what docs say:"] + d
        d = diff_outs(exp_ours, ours.as_out(), "expected", "ours")
        if d:
            problems += ["ours differs from the encoded deviation:"] + d
    for needle in ("runtime error:", "Sanitizer"):
        if needle in ours.stderr:
            problems.append("sanitizer report in ours' stderr")
            break
    for needle in case.ours_output_contains:
        if needle not in ours.stderr + ours.stdout:
            problems.append("ours output lacks %r" % needle)
    for needle in case.ours_output_lacks:
        if needle in ours.stderr + ours.stdout:
            problems.append("ours output contains %r" % needle)
    if problems:
        problems.append(_stderr_tail("cifs", cifs))
        problems.append(_stderr_tail("ours", ours))
    return not problems, kind, problems


# --------------------------------------------------------------------------

DOC = os.path.join(HERE, "..", "..", "docs", "compatibility.md")


def check_docs(cases):
    """Every deviation case and id must be listed in docs/compatibility.md."""
    import fnmatch
    try:
        with open(DOC, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        return ["cannot read docs/compatibility.md: %s" % e]
    rows = set(re.findall(r"^\|\s*(D\d+)\s*\|", text, re.M))
    names = set(re.findall(r"`([A-Za-z0-9_*.-]+)`", text))
    problems = []
    for c in cases:
        if c.deviation is None:
            continue
        if c.deviation not in rows:
            problems.append("%s: deviation %s has no table row"
                            % (c.name, c.deviation))
        if not any(fnmatch.fnmatchcase(c.name, n) for n in names):
            problems.append("%s (%s) is not named in the table"
                            % (c.name, c.deviation))
    all_names = {c.name for c in cases}
    for n in sorted(names):
        if re.fullmatch(r"[a-z0-9]+(-[A-Za-z0-9_]+)+\*?", n) and "-" in n \
                and not any(fnmatch.fnmatchcase(a, n) for a in all_names) \
                and n.split("-")[0] in {a.split("-")[0] for a in all_names}:
            problems.append("docs name case `%s`, which does not exist" % n)
    return problems


def resolve_ours(path):
    path = os.path.abspath(path)
    if os.path.isdir(path):
        for cand in (os.path.join(path, "bin", "mount.cifs"),
                     os.path.join(path, "mount.cifs")):
            if os.path.isfile(cand):
                return cand
    return path


def make_prog_dir(base, name, binary):
    """A directory with mount.cifs and mount.smb3 pointing at `binary`."""
    d = os.path.join(base, name)
    os.makedirs(d)
    for prog in ("mount.cifs", "mount.smb3"):
        os.symlink(binary, os.path.join(d, prog))
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ours", help="our mount.cifs binary (or build dir)")
    ap.add_argument("--cifs-utils", default=CIFS_UTILS,
                    help="reference binary (default %(default)s)")
    ap.add_argument("--record", action="store_true",
                    help="run cifs-utils only and print what it does")
    ap.add_argument("-k", action="append", default=[],
                    help="only cases whose name contains this")
    ap.add_argument("-j", "--jobs", type=int, default=4)
    ap.add_argument("--keep", action="store_true",
                    help="keep the temp dir (traces, case files)")
    opts = ap.parse_args()

    if not sys.platform.startswith("linux"):
        fail_loudly("Linux only")
    if os.geteuid() != 0:
        fail_loudly("must run as root (namespaces, mount(2), setuid helper)")
    strace = shutil.which("strace") or (
        "/usr/bin/strace" if os.path.exists("/usr/bin/strace") else None)
    if not strace:
        fail_loudly("strace not found (apt-get install strace)")
    if not os.access(opts.cifs_utils, os.X_OK):
        fail_loudly("%s missing (apt-get install cifs-utils)"
                    % opts.cifs_utils)
    ours = None
    if not opts.record:
        if not opts.ours:
            fail_loudly("--ours PATH is required")
        ours = resolve_ours(opts.ours)
        if not (os.path.isfile(ours) and os.access(ours, os.X_OK)):
            fail_loudly("our binary %s does not exist or is not executable"
                        % ours)

    selected = [c for c in case_defs.CASES
                if not opts.k or any(k in c.name for k in opts.k)]
    names = [c.name for c in case_defs.CASES]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        fail_loudly("duplicate case names: %s" % sorted(dups))
    if not selected:
        fail_loudly("no case selected")

    t_start = time.monotonic()
    # Taken before the namespace exists; read again through its descriptor
    # after the run (check_private_run).
    host = host_run.HostRun()
    print("# %s" % host.describe())
    base = tempfile.mkdtemp(prefix="cifs-compat.")
    os.chmod(base, 0o755)
    try:
        syslog = enter_private_namespace(base)
        cifs_dir = make_prog_dir(base, "cifs-utils",
                                 os.path.realpath(opts.cifs_utils))
        ours_dir = make_prog_dir(base, "ours", ours) if ours else None
        ours_env = sanitizer_env(ours) if ours else {}
        # cifs-utils' address order is our `system` policy; the default
        # (happy-eyeballs) is a deliberate deviation with cases of its own.
        # cifs-utils never waits for the network, and this namespace has no
        # route anywhere: both configurations turn the wait off (issue 14;
        # the wait has its own unit and integration tests).
        system_conf = os.path.join(base, "cifs-family-system.conf")
        with open(system_conf, "w") as f:
            f.write("[global]\nfamily = system\nnetwork-wait = no\n")
        os.chmod(system_conf, 0o644)
        default_conf = os.path.join(base, "cifs-family-default.conf")
        with open(default_conf, "w") as f:
            f.write("[global]\nnetwork-wait = no\n")
        os.chmod(default_conf, 0o644)
        if ours_env:
            print("# sanitizer build: ours runs with ASAN_OPTIONS=%s "
                  "(LeakSanitizer cannot work under strace)"
                  % ours_env["ASAN_OPTIONS"])

        lock = threading.Lock()
        results = {}

        def work(item):
            try:
                run_case(item)
            except Exception as e:  # report, never lose the summary line
                index, case = item
                empty = RunResult("error", [], "", "", 0.0)
                with lock:
                    results[index] = (case, empty, empty, False, "error",
                                      ["harness error: %r" % (e,)])

        def run_case(item):
            index, case = item
            case_dir = prepare_case_dir(case, base, index)
            cifs = run_one(strace, cifs_dir, case, case_dir, "cifs")
            if opts.record:
                ours_r = None
                exp = expand_expected(case.cifs, case_dir)
                detail = (diff_outs(exp, cifs.as_out(), "recorded", "cifs")
                          if exp is not None else [])
                ok, kind = not detail, "record"
            else:
                env = dict(ours_env)
                env["CIFS_FAMILY_CONFIG"] = (default_conf if case.default_policy
                                             else system_conf)
                ours_r = run_one(strace, ours_dir, case, case_dir, "ours", env)
                ok, kind, detail = check_case(case, cifs, ours_r,
                                              case_dir)
            with lock:
                results[index] = (case, cifs, ours_r, ok, kind, detail)

        with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as ex:
            list(ex.map(work, enumerate(selected)))

        passed = failed = 0
        if not opts.record:
            probe_case = case_defs.Case(
                "private-run-probe",
                "//%s/share MNT -o user=probe,pass=x" % PROBE_HOST)
            probe_dir = prepare_case_dir(probe_case, base, len(selected))
            env = dict(ours_env, CIFS_FAMILY_CONFIG=system_conf)
            probe = run_one(strace, ours_dir, probe_case, probe_dir, "ours",
                            env)
            checks, private = check_private_run(host, probe)
            for name, ok, detail in checks:
                if ok:
                    passed += 1
                    print("PASS %s" % name)
                else:
                    failed += 1
                    print("FAIL %s" % name)
                    for line in detail:
                        print("    " + line)
            print("# private /run/cifs-family/hosts: %s" % " ".join(private))
            other = host.changes()
            if other:
                print("# the host's /run/cifs-family changed during the run "
                      "(%d entries; not this run's probe): %s"
                      % (len(other), "; ".join(other[:5])))
        if syslog is not None and not opts.record:
            time.sleep(0.1)  # let the drain thread catch up
            leaks = secrets_in_syslog(syslog, results)
            if leaks:
                failed += 1
                print("FAIL syslog-has-no-passwords")
                for line in leaks[:20]:
                    print("    " + line)
            else:
                passed += 1
                print("PASS syslog-has-no-passwords [%d lines checked]"
                      % len(syslog.lines))
        else:
            print("# /dev/log absent: syslog not captured or checked")
        if not opts.k:
            doc_problems = check_docs(case_defs.CASES)
            if doc_problems:
                failed += 1
                print("FAIL docs-compatibility-table")
                for line in doc_problems:
                    print("    " + line)
            else:
                passed += 1
                print("PASS docs-compatibility-table")
        for index in sorted(results):
            case, cifs, ours_r, ok, kind, detail = results[index]
            if opts.record:
                print("RECORD %s%s" % (case.name, "" if ok else
                                        "  (differs from cases.py cifs=)"))
                for line in detail:
                    print("    " + line)
                for line in fmt_out(cifs.as_out()):
                    print("  " + line)
                print("  " + _stderr_tail("cifs", cifs).strip())
                print("  time %.2fs" % cifs.seconds)
                passed += 1
                continue
            if ok:
                passed += 1
                print("PASS %s [%s]" % (case.name, kind))
            else:
                failed += 1
                print("FAIL %s [%s]" % (case.name, kind))
                for line in detail:
                    print("    " + line)
        sys.stdout.flush()
        elapsed = time.monotonic() - t_start
        print("# %d cases, %d identical, %d deviations, %.1f s" % (
            len(selected),
            sum(1 for c in selected if c.deviation is None),
            sum(1 for c in selected if c.deviation is not None), elapsed))
        print("%d passed, %d failed" % (passed, failed))
        return 1 if failed else 0
    finally:
        if opts.keep:
            print("# kept %s (only visible inside the run's mount namespace "
                  "for bind-mounted files)" % base, file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
