#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Privileged security suite for the setuid mount.cifs.

Runs the built helper installed setuid root (a copy, chown root, mode 4755) as
root and as an unprivileged user, and asserts the setuid contract of
shared/reference/cifs-utils-behaviour.md sections 4, 6, 7 and 9:

  user   fstab-granted user mounts, denials, syslog, -N, CIFS_FAMILY_CONFIG,
         credentials files the user cannot read, option injection through
         USER or a user-owned credentials file
  mtab   a regular /etc/mtab: escaping, user=, -n, -f, remount, read-only and
         full mtab, lock files, a user killing the helper while it holds the lock
  secret one password through every credential source, at -v -v -v, with
         mount(2) failing and succeeding and with -f: it appears nowhere but
         in mount(2)'s data; no child process; /proc/PID/environ scrubbed
  cve    one check per CVE of reference section 9
  files  a FIFO as credentials=, PASSWD_FILE, the config file or -N: refused
         at once; the config file's 64 KiB cap
  stdio  closed fd 0/1/2 at exec: no stderr text in the syslog socket
  state  the per-server records in the private /run: root's, 0600 in 0700
         directories, also for the setuid user; a symlinked
         /run/cifs-family not followed; none in the host's /run

Isolation. The script re-executes itself under
  unshare --mount --propagation private --net
and everything happens in that namespace, which dies with it:
  * a tmpfs over a fresh empty directory /tmp/cifs-sec.XXXXXX (the only thing
    created on the real file system; removed at the end, also on failure)
    holds the setuid copy, the mount points and the fixtures;
  * a copy of /etc in that tmpfs is bind-mounted over /etc. /etc/mtab is a
    symlink on Debian and a file cannot be bind-mounted over a symlink, so
    the copy is what lets /etc/mtab become a regular file; the copy also
    carries the fstab fixture and a passwd/group entry for the test user
    (uid 61234, "cfsectest"): no real user is created;
  * a tmpfs over /dev with null/zero/urandom/tty, a new devpts instance and
    /dev/log, an AF_UNIX datagram socket this script reads (syslog);
  * a tmpfs over /run (cifs-sec-run): the helper's state records
    (/run/cifs-family/hosts/NAME) land there, never in the host's /run. The
    `state` group checks them; the outer process checks, through a
    descriptor of the host's /run, that the record of this run's unique
    server name (cfsec-probe-PID-HEX) is not in the host's /run;
  * an empty network namespace: the helper is only ever given documentation
    addresses (198.51.100.0/24) and nothing can leave anyway.
The kernel has no cifs, so mount(2) fails with ENODEV; strace observes every
mount(2) call (its flags and data) and can inject a result
(-e inject=mount:retval=0 or error=EACCES). User runs use `strace -u
cfsectest`, which keeps the setuid semantics because strace runs as root.

Usage: run_security.py --binary build/bin/mount.cifs [--asan-binary PATH]
                       [-k SUBSTRING]
Must run as root with strace, unshare and mount; fails (never skips)
otherwise. Prints one PASS/FAIL line per check, then "N passed, M failed".
"""

import argparse
import ctypes
import errno
import fcntl
import glob
import os
import platform
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import termios
import time
import traceback

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import host_run  # noqa: E402
import strace_text  # noqa: E402

PASSWORD = "Zq7-secret,pw"
DOUBLED = PASSWORD.replace(",", ",,")
# Any piece of the password: "-o pass=" splits at the comma (cifs-utils
# compatibility), so its first half is the piece every source shares.
NEEDLES = (PASSWORD, DOUBLED, "Zq7-secret")
USER, UID, GID = "cfsectest", 61234, 61234
SERVER = "198.51.100.1"
# Kernel options a user must not be able to add to a user mount's data.
INJECTED = ("uid=0", "ip=198.51.100.66", "cruid=0", "sec=krb5", "noperm")
DEVICE = "//%s/share" % SERVER
# A share name and prefix path with commas: sent as they stand they would add
# ip=, uid=0 and sec=none to the kernel's option string (D32).
UNC_INJECT = "//%s/sh,ip=198.51.100.66/dir,uid=0,sec=none" % SERVER
ROOT_ONLY_SECRET = "Rootonly-Cred-4f9x"
GARBAGE_LINE = "secretline-7c1d"
GARBAGE_TAIL = "secretline-tail-3b"
GARBAGE_PASSWORD = "hunter2"
TRACED = ("%process,mount,setns,chdir,openat,write,writev,pwrite64,"
          "sendto,sendmsg")
V3 = ["-v", "-v", "-v"]
SYSCALLS = {"x86_64": {"read": 0, "mount": 165, "fsync": 74},
            "aarch64": {"read": 63, "mount": 40, "fsync": 82}}
HELPER_TIMEOUT = 30
# The tmpfs over /run in the namespace: the helper's state records land there.
PRIVATE_RUN_SOURCE = "cifs-sec-run"
# Inert for a normal build. For a sanitized --binary: LeakSanitizer cannot run
# under ptrace, and any other finding must not look like a usage error (1).
SANITIZER_ENV = {"ASAN_OPTIONS": "detect_leaks=0:exitcode=99",
                 "UBSAN_OPTIONS": "halt_on_error=1:exitcode=98:print_stacktrace=1"}


def base_env(**extra):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"}
    env.update(SANITIZER_ENV)
    env.update(extra)
    return env


# ---------------------------------------------------------------------------
# Reporting

class Report:
    def __init__(self, pattern=None):
        self.passed = 0
        self.failed = 0
        self.pattern = pattern

    def wanted(self, name):
        return self.pattern is None or self.pattern in name

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL %s" % name, flush=True)
            for line in printable(str(detail)).rstrip().splitlines()[:40]:
                print("     %s" % line, flush=True)
        return ok

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)


def problems_text(problems):
    return "\n".join(problems)


# ---------------------------------------------------------------------------
# strace output

class Trace:
    def __init__(self, text):
        self.lines = [l.text for l in strace_text.lines(text)]
        self.mounts = []      # dicts: source, target, fstype, flags, data, ret
        self.execs = []
        self.children = []    # clone/fork/vfork lines that made a process
        self.threads = []
        self.scan_lines = []  # everything but execve and mount(2)
        for line in self.lines:
            if re.match(r"execve(at)?\(", line):
                self.execs.append(line)
                continue
            if re.match(r"(clone3?|fork|vfork)\(", line):
                if "CLONE_THREAD" in line:
                    self.threads.append(line)
                else:
                    self.children.append(line)
            if line.startswith("mount("):
                self.mounts.append(self._mount(line))
                continue
            self.scan_lines.append(line)

    @staticmethod
    def _mount(line):
        # Strings decoded; whatever strace printed instead (NULL, an
        # address for the type of a remount) as printed.
        call = strace_text.parse_call(line)
        if len(call.args) != 5:
            raise ValueError("cannot parse mount line: %r" % line)
        source, target, fstype, flags, data = (a.value for a in call.args)
        if call.args[4].kind != "str":
            data = None
        return {"source": source, "target": target, "fstype": fstype,
                "flags": flags, "data": data, "ret": call.result}

    def calls(self, name):
        return [l for l in self.lines if l.startswith(name + "(")]


# ---------------------------------------------------------------------------
# The rig (runs inside the private namespaces)

def sh(*cmd):
    subprocess.run(list(cmd), check=True, stdin=subprocess.DEVNULL)


class Rig:
    def __init__(self, workspace, binary, asan_binary, probe_host):
        self.w = workspace
        self.probe_host = probe_host
        self.src_binary = binary
        self.asan_binary = asan_binary
        self.bin = os.path.join(workspace, "bin", "mount.cifs")
        self.trace_file = os.path.join(workspace, "trace.txt")
        self.log = None
        self.arch = SYSCALLS.get(platform.machine())
        self.mtab_link = None

    def path(self, *parts):
        return os.path.join(self.w, *parts)

    # -- setup ------------------------------------------------------------
    def setup(self):
        w = self.w
        sh("mount", "-t", "tmpfs", "-o", "mode=0755,size=96m,suid,exec,dev",
           "cifs-sec", w)
        st = os.statvfs(w)
        if st.f_flag & os.ST_NOSUID:
            raise RuntimeError("%s is nosuid: setuid cannot be tested" % w)
        for d in ("bin", "etc", "mp", "pub", "secret", "locked", "full", "ro"):
            os.mkdir(self.path(d), 0o755)
        # The setuid copy.
        shutil.copy(self.src_binary, self.bin)
        os.chown(self.bin, 0, 0)
        os.chmod(self.bin, 0o4755)

        # /etc: a copy in the tmpfs, bind-mounted over /etc.
        sh("cp", "-a", "/etc/.", self.path("etc"))
        etc = self.path("etc")
        with open(os.path.join(etc, "passwd"), "a") as f:
            f.write("%s:x:%d:%d:cifs-family security test:/nonexistent:"
                    "/usr/sbin/nologin\n" % (USER, UID, GID))
        with open(os.path.join(etc, "group"), "a") as f:
            f.write("%s:x:%d:\n" % (USER, GID))
        # The state group's server: a name, so the helper writes a record.
        with open(os.path.join(etc, "hosts"), "a") as f:
            f.write("%s %s\n" % (SERVER, self.probe_host))
        for name in ("cifs-family.conf",):
            p = os.path.join(etc, name)
            if os.path.lexists(p):
                os.unlink(p)
        # The built-in defaults, but no wait for the network (issue 14):
        # this namespace has no route, and the setuid contract is tested
        # here, not the wait (its own unit and integration tests).
        with open(os.path.join(etc, "cifs-family.conf"), "w") as f:
            f.write("[global]\nnetwork-wait = no\n")
        os.chmod(os.path.join(etc, "cifs-family.conf"), 0o644)
        mtab = os.path.join(etc, "mtab")
        self.mtab_link = os.readlink(mtab) if os.path.islink(mtab) else "../proc/self/mounts"
        sh("mount", "--bind", etc, "/etc")

        # /dev: private, without the host's nodes, with our /dev/log.
        sh("mount", "-t", "tmpfs", "-o", "mode=0755,size=256k", "cifs-sec-dev", "/dev")
        for name, minor_major in (("null", (1, 3)), ("zero", (1, 5)),
                                  ("full", (1, 7)), ("random", (1, 8)),
                                  ("urandom", (1, 9)), ("tty", (5, 0))):
            p = "/dev/" + name
            os.mknod(p, 0o666 | stat.S_IFCHR, os.makedev(*minor_major))
            os.chmod(p, 0o666)
        os.mkdir("/dev/pts", 0o755)
        sh("mount", "-t", "devpts", "-o", "newinstance,ptmxmode=0666,mode=0620",
           "cifs-sec-pts", "/dev/pts")
        os.symlink("pts/ptmx", "/dev/ptmx")
        os.symlink("/proc/self/fd", "/dev/fd")
        for i, name in enumerate(("stdin", "stdout", "stderr")):
            os.symlink("/proc/self/fd/%d" % i, "/dev/" + name)
        self.log = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.log.bind("/dev/log")
        os.chmod("/dev/log", 0o666)
        self.log.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.log.setblocking(False)

        # /run: private and empty. The helper writes its state records
        # (/run/cifs-family/hosts) before mount(2); they land here, not in
        # the host's /run (test_state_records and main() check both).
        sh("mount", "-t", "tmpfs", "-o", "mode=0755,size=1m", PRIVATE_RUN_SOURCE, "/run")

        # Mount points and fixtures.
        for d in ("root", "user", "nouser", "mismatch", "noentry", "rootcred",
                  "usercred", "garbage", "inject", "remount", "with space",
                  "tab\there", "nl\nx", "config", "mtabuser", "credinject",
                  "uncinject", "state"):
            os.mkdir(self.path("mp", d), 0o755)
        os.chmod(self.path("locked"), 0o700)
        os.mkdir(self.path("locked", "exists"), 0o755)
        with open(self.path("locked", "afile"), "w") as f:
            f.write("x\n")
        self.write(self.path("secret", "rootcreds"),
                   "username=rootonly\npassword=%s\n" % ROOT_ONLY_SECRET, 0o600)
        self.write(self.path("pub", "usercreds"),
                   "username=creduser\npassword=%s\n" % PASSWORD, 0o600, UID)
        self.write(self.path("pub", "rootcreds-pw"),
                   "username=creduser\npassword=%s\npassword2=%s\n"
                   % (PASSWORD, PASSWORD), 0o600)
        self.write(self.path("pub", "passfile"), PASSWORD + "\nsecondline\n",
                   0o600, UID)
        self.write(self.path("pub", "garbage"),
                   "%s\nthis is not key value\nusername=garb\n"
                   "password=%s\n%s\n" % (GARBAGE_LINE, GARBAGE_PASSWORD, GARBAGE_TAIL),
                   0o600, UID)
        self.write(self.path("pub", "injectcreds"),
                   "username=creduser,%s\ndomain=WG,%s\npassword=pw\n"
                   % (INJECTED[0], INJECTED[1]), 0o600, UID)
        self.write(self.path("pub", "bad.conf"),
                   "[global]\nthis line is not key equals value\n", 0o644)
        self.write_fstab()

    @staticmethod
    def write(path, text, mode, owner=0):
        with open(path, "w") as f:
            f.write(text)
        os.chown(path, owner, owner)
        os.chmod(path, mode)

    def esc(self, text):
        return (text.replace("\\", "\\134").replace(" ", "\\040")
                .replace("\t", "\\011").replace("\n", "\\012"))

    def write_fstab(self):
        mp = lambda d: self.esc(self.path("mp", d))
        lines = [
            "# cifs-family security suite fixture",
            "%s %s cifs user,vers=3.0,file_mode=0640,suid,dev 0 0" % (DEVICE, mp("user")),
            "%s %s cifs vers=3.0 0 0" % (DEVICE, mp("nouser")),
            "//%s/other %s cifs user 0 0" % (SERVER, mp("mismatch")),
            "%s %s cifs user,credentials=%s 0 0"
            % (DEVICE, mp("rootcred"), self.path("secret", "rootcreds")),
            "%s %s cifs users,credentials=%s 0 0"
            % (DEVICE, mp("usercred"), self.path("pub", "usercreds")),
            "%s %s cifs user,credentials=%s 0 0"
            % (DEVICE, mp("garbage"), self.path("pub", "garbage")),
            "%s %s cifs user,vers=3.0 0 0" % (DEVICE, mp("config")),
            "%s %s cifs user 0 0" % (DEVICE, mp("mtabuser")),
            "%s %s cifs user,sec=ntlmssp,credentials=%s 0 0"
            % (DEVICE, mp("credinject"), self.path("pub", "injectcreds")),
            "%s %s cifs user 0 0" % (self.esc(self.inject_device("u")), mp("inject")),
            "%s %s cifs user,vers=3.0 0 0" % (self.esc(UNC_INJECT), mp("uncinject")),
            "%s %s cifs user 0 0" % (DEVICE, self.esc(self.path("locked", "exists"))),
            "//%s/share %s cifs user 0 0" % (self.probe_host, mp("state")),
        ]
        with open("/etc/fstab", "w") as f:
            f.write("\n".join(lines) + "\n")

    def inject_device(self, tag):
        return "//%s/share$(touch %s)" % (SERVER, self.marker(tag))

    def marker(self, tag):
        return self.path("pwned-" + tag)

    # -- mtab states --------------------------------------------------------
    def mtab_symlink(self):
        self._mtab_unbind()
        if os.path.lexists("/etc/mtab"):
            os.unlink("/etc/mtab")
        os.symlink(self.mtab_link, "/etc/mtab")

    def mtab_regular(self, content=""):
        self._mtab_unbind()
        if os.path.lexists("/etc/mtab"):
            os.unlink("/etc/mtab")
        with open("/etc/mtab", "w") as f:
            f.write(content)
        os.chmod("/etc/mtab", 0o644)

    def mtab_bind(self, source, read_only=False):
        self.mtab_regular("")
        sh("mount", "--bind", source, "/etc/mtab")
        if read_only:
            sh("mount", "-o", "remount,bind,ro", "/etc/mtab")

    def _mtab_unbind(self):
        for _ in range(5):
            if not self._is_mount_target("/etc/mtab"):
                return
            subprocess.run(["umount", "/etc/mtab"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        raise RuntimeError("cannot unmount the bind mount on /etc/mtab")

    @staticmethod
    def _is_mount_target(path):
        with open("/proc/self/mountinfo") as f:
            return any(l.split()[4] == path for l in f)

    @staticmethod
    def mtab_text():
        if os.path.islink("/etc/mtab") or not os.path.exists("/etc/mtab"):
            return ""
        with open("/etc/mtab", "rb") as f:
            return f.read().decode("latin-1")

    @staticmethod
    def lock_leftovers():
        return sorted(glob.glob("/etc/mtab~*") + glob.glob("/etc/mtab.*")
                      + glob.glob("/etc/.mtab*"))

    # -- syslog ----------------------------------------------------------------
    def drain_log(self):
        out = []
        while True:
            try:
                out.append(self.log.recv(65536).decode("latin-1"))
            except BlockingIOError:
                return out

    # -- running the helper ------------------------------------------------------
    def run(self, args, user=False, env=None, stdin=b"", inject=None,
            binary=None, pass_fds=(), strace=True, cwd=None,
            timeout=HELPER_TIMEOUT):
        """Runs the helper (setuid copy unless `binary`), under strace unless
        strace=False; kills it after `timeout` seconds. Returns a Result
        (its `seconds` is the wall time the helper took)."""
        binary = binary or self.bin
        self.drain_log()
        full_env = base_env(**(env or {}))
        if strace:
            cmd = ["strace", "-f", "-qq", "-e", "signal=none", "-s", "65536",
                   "-o", self.trace_file, "-e", "trace=" + TRACED]
            if inject:
                cmd += ["-e", "inject=mount:" + inject]
            if user:
                cmd += ["-u", USER]
            cmd += [binary] + list(args)
        else:
            cmd = [binary] + list(args)
            if user:
                cmd = ["setpriv", "--reuid=%d" % UID, "--regid=%d" % GID,
                       "--clear-groups"] + cmd
        if os.path.exists(self.trace_file):
            os.unlink(self.trace_file)
        stdin_arg = subprocess.DEVNULL if stdin is None else subprocess.PIPE
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=stdin_arg, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=full_env,
                                pass_fds=pass_fds, start_new_session=True,
                                cwd=cwd or self.w)
        try:
            out, err = proc.communicate(input=stdin if stdin is not None else None,
                                        timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            out, err = proc.communicate()
            err += b"\n[suite: helper timed out and was killed]"
        seconds = time.monotonic() - started
        trace = ""
        if strace and os.path.exists(self.trace_file):
            with open(self.trace_file, encoding="latin-1") as f:
                trace = f.read()
        result = Result(proc.returncode, out.decode("latin-1"),
                        err.decode("latin-1"), Trace(trace), self.drain_log(),
                        self.mtab_text(), cmd)
        result.seconds = seconds
        return result


def kill_group(proc):
    try:
        os.killpg(proc.pid, 9)
    except ProcessLookupError:
        pass


def printable(text):
    """Control characters as \\xNN, so a FAIL detail cannot drive the
    terminal (some checks feed the helper escape sequences)."""
    return "".join(c if c == "\n" or 32 <= ord(c) < 127 else "\\x%02x" % ord(c)
                   for c in text)


class Result:
    def __init__(self, rc, out, err, trace, syslog, mtab, cmd):
        self.rc, self.out, self.err = rc, out, err
        self.trace, self.syslog, self.mtab, self.cmd = trace, syslog, mtab, cmd
        self.seconds = None

    def describe(self):
        lines = ["command: %s" % " ".join(repr(c) for c in self.cmd[-8:]),
                 "exit: %s" % self.rc]
        if self.seconds is not None:
            lines.append("time: %.1f s" % self.seconds)
        lines += ["stderr: " + l for l in self.err.splitlines()[-12:]]
        lines += ["syslog: " + l for l in self.syslog[-4:]]
        lines += ["mount(2): %r" % m for m in self.trace.mounts]
        return printable("\n".join(lines))

    def channels(self):
        """Every place the helper wrote to, except mount(2)'s data and the
        execve line (which holds our own command line)."""
        return {"stdout": self.out, "stderr": self.err,
                "syslog": "\n".join(self.syslog), "mtab": self.mtab,
                "strace(write/send/open/...)": "\n".join(self.trace.scan_lines)}

    def leaks(self, needles=NEEDLES):
        found = []
        for where, text in self.channels().items():
            for n in needles:
                if n in text:
                    found.append("%r found in %s" % (n, where))
        return found

    # The one program -v may run besides the helper (issue 12): request-key's
    # dry run for the UNC host, by absolute path, with a fixed argument list
    # (no shell: the host name is one argv word).
    REQUEST_KEY_DRY_RUN = re.compile(
        r'execve\("/sbin/request-key", \["/sbin/request-key", "-d", "-D", '
        r'"dns_resolver;0;0;3b010000;[^"]*", "-n", "-v", "create", "1", "0", "0", '
        r'"0", "0", "0", ""\]')

    def process_problems(self, allow_request_key_dry_run=False):
        p = []
        execs, children = list(self.trace.execs), list(self.trace.children)
        if allow_request_key_dry_run:
            dry = [e for e in execs if self.REQUEST_KEY_DRY_RUN.match(e)]
            if len(dry) > 1:
                p.append("request-key's dry run ran %d times" % len(dry))
            execs = [e for e in execs if e not in dry]
            children = children[len(dry):]  # its fork
        if len(execs) != 1:
            p.append("expected exactly 1 execve (the helper itself), got %d: %s"
                     % (len(execs), execs[:4]))
        if children:
            p.append("child processes created: %s" % children[:4])
        return p


# ---------------------------------------------------------------------------
# Helpers for checks

def flags_forced(m):
    f = m["flags"].split("|")
    return "MS_NOSUID" in f and "MS_NODEV" in f


def crashed(rc):
    return rc is None or rc < 0 or rc >= 128


def data_tokens(data):
    return (data or "").split(",")


def mtab_lines(text):
    return [l for l in text.splitlines() if l.strip()]


def proc_syscall_nr(pid):
    try:
        with open("/proc/%d/syscall" % pid) as f:
            field = f.read().split()
    except OSError:
        return None
    if not field or field[0] in ("running",):
        return None
    try:
        return int(field[0])
    except ValueError:
        return None


def proc_environ(pid):
    with open("/proc/%d/environ" % pid, "rb") as f:
        return f.read().decode("latin-1")


def find_helper(session, binary, timeout=10):
    """The helper process in `session` (strace -u puts a process of its own
    between strace and the tracee, so look for the binary, not a child)."""
    end = time.time() + timeout
    while time.time() < end:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    argv0 = f.read().split(b"\0")[0].decode("latin-1")
            except OSError:
                continue
            if int(fields[3]) == session and argv0 == binary:
                return int(entry)
        time.sleep(0.01)
    return None


def wait_for_syscall(pid, nr, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if proc_syscall_nr(pid) == nr:
            return True
        time.sleep(0.01)
    return False


# ---------------------------------------------------------------------------
# 1. Setuid user mounts

def test_user_mounts(rig, rep):
    mp = rig.path("mp", "user")
    r = rig.run([DEVICE, mp, "-o",
                 "uid=0,gid=0,user=evil,suid,dev,credentials=%s,vers=1.0"
                 % rig.path("secret", "rootcreds")] + V3,
                user=True, stdin=b"typedpw\n")
    problems = []
    if r.rc != 32:
        problems.append("exit %s, expected 32 (ENODEV from mount(2))" % r.rc)
    if len(r.trace.mounts) != 1:
        problems.append("expected one mount(2) call, got %d" % len(r.trace.mounts))
    else:
        m = r.trace.mounts[0]
        toks = data_tokens(m["data"])
        if not flags_forced(m):
            problems.append("flags %s lack MS_NOSUID|MS_NODEV" % m["flags"])
        if m["target"] != ".":
            problems.append("mount target %r, expected '.' (chdir first)" % m["target"])
        for want in ("uid=%d" % UID, "gid=%d" % GID, "vers=3.0", "file_mode=0640",
                     "user=%s" % USER):
            if want not in toks:
                problems.append("%s missing from data %r" % (want, m["data"]))
        for bad in ("uid=0", "gid=0", "user=evil", "vers=1.0", "user=rootonly"):
            if bad in toks:
                problems.append("user's -o leaked into data: %s" % bad)
    opened = [l for l in r.trace.calls("openat") if "rootcreds" in l]
    if opened:
        problems.append("the user's -o credentials= was opened: %s" % opened)
    if ROOT_ONLY_SECRET in "".join(r.channels().values()):
        problems.append("root-only credentials content appeared")
    rep.check("user: fstab 'user' entry mounts with the fstab options, own -o ignored, "
              "nosuid|nodev forced over suid,dev, uid/gid = caller",
              not problems, problems_text(problems) + "\n" + r.describe())

    # Option injection through text the user controls: USER (the SMB user
    # name when the entry has none) and a user-owned credentials file. The
    # kernel splits the data at every ',' (only pass= knows ",,"), so a
    # comma there adds options the fstab entry never granted.
    for label, target, env in (
            ("USER environment variable", rig.path("mp", "user"),
             {"USER": USER + "," + ",".join(INJECTED), "PASSWD": "pw"}),
            ("username=/domain= of a user-owned credentials file",
             rig.path("mp", "credinject"), {})):
        r = rig.run([DEVICE, target], user=True, env=env)
        problems = []
        if r.trace.mounts:
            toks = data_tokens(r.trace.mounts[0]["data"])
            injected = [t for t in toks if t in INJECTED]
            if injected:
                problems.append("mount(2) data carries user-injected options %s "
                                "(uid tokens %s, ip tokens %s)"
                                % (injected, [t for t in toks if t.startswith("uid=")],
                                   [t for t in toks if t.startswith("ip=")]))
        elif r.rc != 1:
            problems.append("no mount(2) and exit %s (expected a refusal with exit 1)"
                            % r.rc)
        rep.check("user: %s cannot inject kernel mount options (',uid=0,ip=...,"
                  "cruid=0,sec=krb5' refused or kept out of the data)" % label,
                  not problems, problems_text(problems) + "\n" + r.describe())

    # Denials.
    cases = [
        ("no fstab entry", rig.path("mp", "noentry"), DEVICE,
         "permission denied: no match for %s found in /etc/fstab" % rig.path("mp", "noentry")),
        ("entry without user/users", rig.path("mp", "nouser"), DEVICE, "permission denied"),
        ("device differs from the entry", rig.path("mp", "mismatch"), DEVICE,
         "permission denied: no match"),
    ]
    for label, target, device, message in cases:
        r = rig.run([device, target, "-o", "pass=x"] + V3, user=True)
        problems = []
        if r.rc != 1:
            problems.append("exit %s, expected 1" % r.rc)
        if message not in r.err:
            problems.append("stderr lacks %r" % message)
        if r.trace.mounts:
            problems.append("mount(2) was called: %r" % r.trace.mounts)
        logged = [l for l in r.syslog if "user mount denied: uid=%d" % UID in l]
        if not logged:
            problems.append("no syslog line 'user mount denied: uid=%d' (got %r)"
                            % (UID, r.syslog))
        rep.check("user: denied (%s): exit 1, no mount(2), logged to syslog" % label,
                  not problems, problems_text(problems) + "\n" + r.describe())

    # The denial line is written by root into authpriv from text the user
    # chose (device, mount point): no raw control character may reach it.
    forged = "//%s/sh\r\x1b[2Jmount.cifs[1]: user mount granted uid=0" % SERVER
    r = rig.run([forged, rig.path("mp", "noentry")], user=True)
    lines = [l for l in r.syslog if "user mount denied" in l]
    raw = [l for l in lines if any(ord(c) < 0x20 or ord(c) == 0x7f for c in l)]
    rep.check("user: syslog denial line escapes control characters of the "
              "user's device/mount point (no raw CR/ESC)",
              r.rc == 1 and lines and not raw,
              "syslog %r\n%s" % (r.syslog, r.describe()))

    # credentials= (from the fstab entry) pointing at a root-only 0600 file.
    r = rig.run([DEVICE, rig.path("mp", "rootcred")] + V3, user=True,
                stdin=b"typed\n")
    problems = []
    if r.rc != 2:
        problems.append("exit %s, expected 2" % r.rc)
    if "Permission denied" not in r.err:
        problems.append("stderr does not say Permission denied")
    opens = [l for l in r.trace.calls("openat") if "rootcreds" in l]
    if not opens or not all("EACCES" in l for l in opens):
        problems.append("rootcreds not opened as the user (expected EACCES): %s" % opens)
    if r.trace.mounts:
        problems.append("mount(2) was called")
    leaks = [w for w, t in r.channels().items() if ROOT_ONLY_SECRET in t or "rootonly" in t]
    if leaks:
        problems.append("root-only file content appeared in %s" % leaks)
    rep.check("user: fstab credentials= naming a root-only 0600 file -> exit 2, "
              "opened as the user (EACCES), content never shown",
              not problems, problems_text(problems) + "\n" + r.describe())

    # PASSWD_FILE naming the same root-only file.
    r = rig.run([DEVICE, rig.path("mp", "user")] + V3, user=True,
                env={"PASSWD_FILE": rig.path("secret", "rootcreds")})
    problems = []
    if r.rc != 2:
        problems.append("exit %s, expected 2" % r.rc)
    if r.trace.mounts:
        problems.append("mount(2) was called")
    leaks = [w for w, t in r.channels().items() if ROOT_ONLY_SECRET in t]
    if leaks:
        problems.append("root-only file content appeared in %s" % leaks)
    rep.check("user: PASSWD_FILE naming a root-only file -> exit 2, content never shown",
              not problems, problems_text(problems) + "\n" + r.describe())

    # -N as non-root.
    r = rig.run(["-N", "/proc/1/ns/mnt", DEVICE, rig.path("mp", "user")], user=True)
    problems = []
    if r.rc != 1:
        problems.append("exit %s, expected 1" % r.rc)
    if r.trace.calls("setns"):
        problems.append("setns was called: %s" % r.trace.calls("setns"))
    if r.trace.mounts:
        problems.append("mount(2) was called")
    if "only for root" not in r.err:
        problems.append("stderr lacks 'only for root'")
    rep.check("user: -N /proc/1/ns/mnt refused (exit 1, no setns, no mount)",
              not problems, problems_text(problems) + "\n" + r.describe())

    # CIFS_FAMILY_CONFIG: root yes, setuid user no.
    conf = rig.path("pub", "bad.conf")
    r = rig.run([DEVICE, rig.path("mp", "root"), "-o", "pass=x"],
                env={"CIFS_FAMILY_CONFIG": conf})
    rep.check("root: CIFS_FAMILY_CONFIG honoured (bad line -> exit 1 naming file:line)",
              r.rc == 1 and ("%s:2:" % conf) in r.err and not r.trace.mounts,
              r.describe())
    r = rig.run([DEVICE, rig.path("mp", "config")], user=True, stdin=b"pw\n",
                env={"CIFS_FAMILY_CONFIG": conf})
    rep.check("user: CIFS_FAMILY_CONFIG ignored by the setuid helper "
              "(reaches mount(2), file never named)",
              r.rc == 32 and "bad.conf" not in r.err and len(r.trace.mounts) == 1
              and not [l for l in r.trace.calls("openat") if "bad.conf" in l],
              r.describe())


def test_unc_injection(rig, rep):
    """A comma or control character in the UNC must not reach mount(2): the
    kernel splits its options at every comma (D32)."""
    bad_tokens = ("ip=198.51.100.66", "uid=0", "sec=none")
    runs = [
        ("root, comma in share and prefix path",
         [UNC_INJECT, rig.path("mp", "root"), "-o", "pass=x"], False, "bad UNC"),
        ("root, comma in the prefix path with -o ip=",
         ["//%s/share/d,uid=0" % SERVER, rig.path("mp", "root"), "-o",
          "ip=198.51.100.1,pass=x"], False, "bad UNC"),
        ("user, fstab 'user' entry whose device holds commas",
         [UNC_INJECT, rig.path("mp", "uncinject")], True, "bad UNC"),
        ("user, comma device on a granted mount point",
         ["//%s/share,uid=0" % SERVER, rig.path("mp", "user")], True, None),
        ("user, tab in the device",
         ["//%s/sh\tare" % SERVER, rig.path("mp", "user")], True, None),
        ("root, CR in the prefix path",
         ["//%s/share/a\rb" % SERVER, rig.path("mp", "root"), "-o", "pass=x"],
         False, "illegal character 0x0d"),
    ]
    for label, args, user, message in runs:
        r = rig.run(args, user=user, stdin=b"pw\n", inject="retval=0")
        problems = []
        if r.rc != 1:
            problems.append("exit %s, expected 1" % r.rc)
        if message and message not in r.err:
            problems.append("stderr lacks %r" % message)
        for m in r.trace.mounts:
            toks = data_tokens(m["data"])
            problems.append("mount(2) was called (data tokens %s; injected %s)"
                            % (toks, [t for t in toks if t in bad_tokens]))
        rep.check("user: comma/control character in the UNC (%s) -> exit 1, "
                  "no mount(2), no injected option" % label,
                  not problems, problems_text(problems) + "\n" + r.describe())


def test_cve_2012_1586(rig, rep):
    """Probing directories through the mount point: a path under a 0700 root
    directory gives the same answer whether it exists or not."""
    targets = [rig.path("locked", "exists"), rig.path("locked", "afile"),
               rig.path("locked", "missing"), rig.path("locked", "missing", "deeper")]
    results = [rig.run([DEVICE, t] + V3, user=True) for t in targets]
    problems = []
    normalised = []
    for t, r in zip(targets, results):
        if r.rc != 1:
            problems.append("%s: exit %s, expected 1" % (t, r.rc))
        if "Couldn't chdir to %s" % t not in r.err:
            problems.append("%s: stderr lacks \"Couldn't chdir to\"" % t)
        if r.trace.mounts:
            problems.append("%s: mount(2) called" % t)
        chdirs = r.trace.calls("chdir")
        if len(chdirs) != 1 or "EACCES" not in chdirs[0]:
            problems.append("%s: expected one chdir failing EACCES as the user, got %s"
                            % (t, chdirs))
        normalised.append((r.rc, r.err.replace(t, "<PATH>"), r.out.replace(t, "<PATH>"),
                           [l.split(": ", 1)[-1].replace(t, "<PATH>") for l in r.syslog]))
    if any(n != normalised[0] for n in normalised[1:]):
        problems.append("answers differ between existing and missing paths:\n" +
                        "\n".join("%s -> %r" % (t, n) for t, n in zip(targets, normalised)))
    if "No such file" in "".join(r.err for r in results) or \
            "Not a directory" in "".join(r.err for r in results):
        problems.append("an answer says ENOENT/ENOTDIR: existence disclosed")
    rep.check("CVE-2012-1586: mount point under a 0700 dir: exit 1 'Couldn't chdir', "
              "identical answer for existing dir/file and missing paths",
              not problems, problems_text(problems) + "\n" + results[0].describe())
    # The fstab even grants locked/exists to the user: still refused.


# ---------------------------------------------------------------------------
# 2. Legacy regular /etc/mtab

def test_mtab(rig, rep):
    # Debian's symlink: nothing written, no lock taken.
    rig.mtab_symlink()
    r = rig.run([DEVICE, rig.path("mp", "root"), "-o", "pass=%s" % PASSWORD],
                inject="retval=0")
    rep.check("mtab: /etc/mtab symlink (Debian) -> untouched, no lock file, exit 0",
              r.rc == 0 and os.path.islink("/etc/mtab") and not rig.lock_leftovers()
              and not [l for l in r.trace.calls("openat") if "/etc/mtab" in l],
              r.describe() + "\nleftovers: %s" % rig.lock_leftovers())

    # Root mount, mount point with a space.
    rig.mtab_regular("")
    target = rig.path("mp", "with space")
    r = rig.run([DEVICE, target, "-o", "pass=%s" % PASSWORD] + V3, inject="retval=0")
    want = "%s %s cifs rw 0 0" % (DEVICE, rig.esc(target))
    rep.check("mtab: root mount appends one escaped entry (space -> \\040), no password",
              r.rc == 0 and mtab_lines(r.mtab) == [want] and not r.leaks()
              and not rig.lock_leftovers(),
              "want %r\ngot %r\nleaks %s\nleftovers %s\n%s"
              % (want, r.mtab, r.leaks(), rig.lock_leftovers(), r.describe()))

    # User mount: user=<login>, nosuid,nodev.
    rig.mtab_regular("")
    target = rig.path("mp", "mtabuser")
    r = rig.run([DEVICE, target] + V3, user=True, inject="retval=0",
                env={"PASSWD": PASSWORD})
    want = "%s %s cifs rw,nosuid,nodev,user=%s 0 0" % (DEVICE, target, USER)
    rep.check("mtab: user mount entry carries nosuid,nodev,user=<login>, no password",
              r.rc == 0 and mtab_lines(r.mtab) == [want] and not r.leaks()
              and not rig.lock_leftovers(),
              "want %r\ngot %r\nleaks %s\n%s" % (want, r.mtab, r.leaks(), r.describe()))

    # -n writes nothing; -f writes.
    before = "//x/y /old cifs rw 0 0\n"
    rig.mtab_regular(before)
    r = rig.run(["-n", DEVICE, rig.path("mp", "root"), "-o", "pass=x"], inject="retval=0")
    rep.check("mtab: -n leaves /etc/mtab byte-identical and takes no lock",
              r.rc == 0 and r.mtab == before and not rig.lock_leftovers()
              and not [l for l in r.trace.calls("openat") if "/etc/mtab" in l],
              r.describe())
    rig.mtab_regular(before)
    r = rig.run(["-f", DEVICE, rig.path("mp", "root"), "-o", "pass=x"])
    rep.check("mtab: -f calls no mount(2) and still appends the entry",
              r.rc == 0 and not r.trace.mounts
              and mtab_lines(r.mtab) == [before.strip(), "%s %s cifs rw 0 0"
                                         % (DEVICE, rig.path("mp", "root"))],
              r.describe() + "\nmtab %r" % r.mtab)

    # Remount rewrites the entry for the directory, keeps the others.
    target = rig.path("mp", "remount")
    other = "//h/other /elsewhere cifs rw 0 0"
    rig.mtab_regular("%s %s cifs rw 0 0\n%s\n" % (DEVICE, target, other))
    r = rig.run([DEVICE, target, "-o", "remount,ro"], inject="retval=0")
    lines = mtab_lines(r.mtab)
    mine = [l for l in lines if l.split()[1] == target]
    ok = (r.rc == 0 and mine == ["%s %s cifs ro 0 0" % (DEVICE, target)]
          and other in lines and len(lines) == 2 and not rig.lock_leftovers())
    rep.check("mtab: remount replaces the directory's entry (one, ro), keeps others",
              ok, "mtab %r\nleftovers %s\n%s" % (r.mtab, rig.lock_leftovers(), r.describe()))

    # Read-only mtab.
    ro = rig.path("ro", "mtab")
    content = "//h/keep /keep cifs rw 0 0\n"
    with open(ro, "w") as f:
        f.write(content)
    rig.mtab_bind(ro, read_only=True)
    r = rig.run([DEVICE, rig.path("mp", "root"), "-o", "pass=x"], inject="retval=0")
    with open(ro) as f:
        after = f.read()
    rep.check("mtab: read-only /etc/mtab -> exit 16, file unchanged, no lock left",
              r.rc == 16 and after == content and not rig.lock_leftovers(),
              "after %r\nleftovers %s\n%s" % (after, rig.lock_leftovers(), r.describe()))
    rig.mtab_regular("")
    test_mtab_lock_signal(rig, rep)


def test_mtab_lock_signal(rig, rep):
    """While a user mount holds /etc/mtab~, the user must not be able to kill
    or stop the helper (cifs-utils: setreuid(euid, euid) before locking, so
    the real uid is root too): a killed or stopped holder leaves every later
    mtab update of the machine waiting on a stale lock."""
    rig.mtab_regular("")
    cmd = ["strace", "-f", "-qq", "-e", "signal=none", "-o", "/dev/null",
           "-e", "trace=mount,fsync", "-e", "inject=mount:retval=0",
           "-e", "inject=fsync:delay_enter=3000000", "-u", USER,
           rig.bin, DEVICE, rig.path("mp", "mtabuser")]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=base_env(PASSWD="pw"),
                            start_new_session=True, cwd=rig.w)
    problems = []
    status_uid = None
    try:
        pid = find_helper(proc.pid, rig.bin)
        if pid is None or not wait_for_syscall(pid, rig.arch["fsync"]):
            problems.append("the helper never reached fsync(2) of the mtab update")
        else:
            held = [p for p in rig.lock_leftovers() if p == "/etc/mtab~"]
            if not held:
                problems.append("fixture: /etc/mtab~ not held during fsync(2)")
            with open("/proc/%d/status" % pid) as f:
                status_uid = [l for l in f if l.startswith("Uid:")][0].split()[1:]
            # The user's signal, from a process that is just the user.
            child = os.fork()
            if child == 0:
                try:
                    os.setgroups([])
                    os.setgid(GID)
                    os.setuid(UID)
                    os.kill(pid, 9)
                    os._exit(0)
                except PermissionError:
                    os._exit(13)
                except BaseException:
                    os._exit(1)
            _, st = os.waitpid(child, 0)
            if os.WEXITSTATUS(st) == 0:
                problems.append("the user could SIGKILL the helper while it held "
                                "the mtab lock (Uid: real,eff,saved,fs = %s)"
                                % status_uid)
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            proc.communicate()
        left = rig.lock_leftovers()
        if left:
            problems.append("lock files left behind: %s" % left)
    finally:
        if proc.poll() is None:
            kill_group(proc)
            proc.wait()
        for path in rig.lock_leftovers():
            os.unlink(path)
        rig.mtab_regular("")
    rep.check("mtab: the user cannot kill the setuid helper while it holds "
              "/etc/mtab~ (real uid raised to root, as cifs-utils does); no stale lock",
              not problems, problems_text(problems))


def test_cve_2011_1678(rig, rep):
    """mtab truncation/partial line on a full file system."""
    full = rig.path("full")
    sh("mount", "-t", "tmpfs", "-o", "size=4k,mode=0755", "cifs-sec-full", full)
    try:
        path = os.path.join(full, "mtab")
        line = "//h/s /a/b cifs rw 0 0\n"
        text = ""
        while len(text) + len(line) <= 4090:
            text += line
        text += "#" * (4089 - len(text)) + "\n"      # exactly 4090 bytes
        with open(path, "w") as f:
            f.write(text)
        # The fixture must really be full: one more page cannot be had.
        probe_full = False
        try:
            with open(os.path.join(full, "probe"), "w") as f:
                f.write("x" * 10)
        except OSError as e:
            probe_full = e.errno == errno.ENOSPC
        if os.path.exists(os.path.join(full, "probe")):
            os.unlink(os.path.join(full, "probe"))
        rig.mtab_bind(path)
        r = rig.run([DEVICE, rig.path("mp", "root"), "-o", "pass=%s" % PASSWORD] + V3,
                    inject="retval=0")
        with open(path) as f:
            after = f.read()
        writes = [l for l in r.trace.calls("write") if "cifs rw" in l]
        problems = []
        if not probe_full:
            problems.append("fixture: the 4 KiB tmpfs was not full")
        if r.rc != 16:
            problems.append("exit %s, expected 16" % r.rc)
        if after != text:
            problems.append("mtab changed: %d -> %d bytes, tail %r"
                            % (len(text), len(after), after[-80:]))
        if not writes:
            problems.append("the helper never tried to write the entry")
        if rig.lock_leftovers():
            problems.append("lock files left: %s" % rig.lock_leftovers())
        rep.check("CVE-2011-1678: full mtab (partial write then ENOSPC) -> exit 16, "
                  "truncated back, no partial line, no lock left",
                  not problems, problems_text(problems) + "\n" +
                  "writes: %s\n" % writes + r.describe())
    finally:
        rig.mtab_regular("")
        subprocess.run(["umount", full], stdin=subprocess.DEVNULL)


def test_cve_2010_0547_2011_2724(rig, rep):
    """mtab field and newline injection."""
    rig.mtab_regular("")
    problems = []
    # Newline in the mount point.
    nl = rig.path("mp", "nl\nx")
    r = rig.run([DEVICE, nl, "-o", "pass=x"], inject="retval=0")
    if r.rc != 1 or "illegal character 0x0a" not in r.err or r.trace.mounts or r.mtab:
        problems.append("newline in mount point: " + r.describe() + "\nmtab %r" % r.mtab)
    # Newline in the device.
    r = rig.run(["//%s/sha\nre" % SERVER, rig.path("mp", "root"), "-o", "pass=x"],
                inject="retval=0")
    if r.rc != 1 or "illegal character 0x0a" not in r.err or r.trace.mounts or r.mtab:
        problems.append("newline in device: " + r.describe() + "\nmtab %r" % r.mtab)
    # Newline in the device of a user mount (fstab cannot grant it, but the
    # check must not depend on that).
    r = rig.run(["//%s/sha\nre" % SERVER, rig.path("mp", "user")], user=True,
                inject="retval=0")
    if r.rc != 1 or r.trace.mounts or r.mtab:
        problems.append("newline in device (user): " + r.describe())
    # Tab in the device: rejected, or escaped; never raw in mtab.
    rig.mtab_regular("")
    r = rig.run(["//%s/ta\tb" % SERVER, rig.path("mp", "root"), "-o", "pass=x"],
                inject="retval=0")
    if r.rc == 0:
        if mtab_lines(r.mtab) != ["//%s/ta\\011b %s cifs rw 0 0"
                                  % (SERVER, rig.path("mp", "root"))]:
            problems.append("tab in device not escaped: %r" % r.mtab)
    elif r.rc != 1 or r.mtab:
        problems.append("tab in device: " + r.describe())
    # Spaces in the device and tab in the mount point are escaped.
    rig.mtab_regular("")
    target = rig.path("mp", "tab\there")
    r = rig.run(["//%s/my share" % SERVER, target, "-o", "pass=x"], inject="retval=0")
    want = "//%s/my\\040share %s cifs rw 0 0" % (SERVER, rig.esc(target))
    if r.rc != 0 or mtab_lines(r.mtab) != [want] or len(want.split()) != 6:
        problems.append("space/tab escaping: want %r got %r\n%s"
                        % (want, r.mtab, r.describe()))
    if rig.lock_leftovers():
        problems.append("lock files left: %s" % rig.lock_leftovers())
    rep.check("CVE-2010-0547/CVE-2011-2724: newline in device or mount point -> exit 1 "
              "'illegal character 0x0a' before mount(2); space/tab escaped "
              "(\\040/\\011), 6 fields", not problems, problems_text(problems))
    rig.mtab_regular("")


# ---------------------------------------------------------------------------
# 3. Secrets

def secret_sources(rig, user):
    """(label, args, env, stdin, pass_fds builder, expected data tokens)."""
    pw, pw2 = "pass=" + DOUBLED, "password2=" + DOUBLED
    s = []
    if not user:
        s += [
            ("-o pass=", ["-o", "pass=%s" % PASSWORD], {}, None, None, ["pass=Zq7-secret"]),
            ("-o password2=", ["-o", "pass=other,password2=%s" % PASSWORD], {}, None, None,
             ["password2=Zq7-secret"]),
            ("credentials= file (password=, password2=)",
             ["-o", "credentials=%s" % rig.path("pub", "rootcreds-pw")], {}, None, None,
             [pw, pw2]),
        ]
    else:
        s += [
            ("-o pass= (ignored for a user mount)", ["-o", "pass=%s" % PASSWORD], {},
             b"typedpw\n", None, ["pass=typedpw"]),
            ("fstab credentials= file", [], {}, None, None, [pw]),
        ]
    s += [
        ("PASSWD", [], {"PASSWD": PASSWORD}, None, None, [pw]),
        ("PASSWD_FD", [], {"PASSWD_FD": "FD"}, None, "fd", [pw]),
        ("PASSWD_FILE", [], {"PASSWD_FILE": rig.path("pub", "passfile")}, None, None, [pw]),
        ("PASSWD2", [], {"PASSWD": "other", "PASSWD2": PASSWORD}, None, None, [pw2]),
        ("PASSWD2_FD", [], {"PASSWD": "other", "PASSWD2_FD": "FD"}, None, "fd", [pw2]),
        ("PASSWD2_FILE", [], {"PASSWD": "other",
                              "PASSWD2_FILE": rig.path("pub", "passfile")}, None, None, [pw2]),
        ("stdin prompt (no tty)", [], {}, (PASSWORD + "\n").encode(), None, [pw]),
    ]
    return s


def test_secrets(rig, rep):
    modes = [("ENODEV", None, 32), ("EACCES", "error=EACCES", 32),
             ("success", "retval=0", 0), ("-f", None, 0)]
    total_runs = 0
    process_problems = []
    for user in (False, True):
        who = "user" if user else "root"
        for label, extra, env, stdin, fd_kind, want_tokens in secret_sources(rig, user):
            problems = []
            for mode, inject, want_rc in modes:
                rig.mtab_regular("")
                if user:
                    target = rig.path("mp", "usercred" if "fstab credentials" in label
                                      else "user")
                else:
                    target = rig.path("mp", "root")
                args = [DEVICE, target] + extra + V3
                if mode == "-f":
                    args = ["-f"] + args
                run_env = dict(env)
                fds = ()
                rfd = None
                if fd_kind == "fd":
                    rfd, wfd = os.pipe()
                    os.write(wfd, (PASSWORD + "\nsecond line\n").encode())
                    os.close(wfd)
                    fds = (rfd,)
                    run_env = {k: (str(rfd) if v == "FD" else v) for k, v in env.items()}
                try:
                    r = rig.run(args, user=user, env=run_env,
                                stdin=stdin if stdin is not None else b"",
                                inject=inject, pass_fds=fds)
                finally:
                    if rfd is not None:
                        os.close(rfd)
                total_runs += 1
                tag = "[%s]" % mode
                if r.rc != want_rc:
                    problems.append("%s exit %s, expected %s\n%s"
                                    % (tag, r.rc, want_rc, r.describe()))
                for leak in r.leaks():
                    problems.append("%s LEAK: %s" % (tag, leak))
                pp = r.process_problems()
                process_problems += ["%s %s %s: %s" % (who, label, tag, p) for p in pp]
                if mode == "-f":
                    if r.trace.mounts:
                        problems.append("%s -f called mount(2)" % tag)
                    if not mtab_lines(r.mtab):
                        problems.append("%s -f wrote no mtab entry" % tag)
                else:
                    if len(r.trace.mounts) != 1:
                        problems.append("%s expected one mount(2), got %d"
                                        % (tag, len(r.trace.mounts)))
                    else:
                        data = r.trace.mounts[0]["data"] or ""
                        for t in want_tokens:
                            if t not in data:
                                problems.append("%s %r not in mount(2) data %r"
                                                % (tag, t, data))
                        if "ignored" in label:
                            if "Zq7-secret" in data:
                                problems.append("%s the user's -o pass= reached "
                                                "mount(2)" % tag)
                        if not flags_forced(r.trace.mounts[0]) and user:
                            problems.append("%s flags not forced" % tag)
                if mode == "success" and not mtab_lines(r.mtab):
                    problems.append("%s no mtab entry after a successful mount" % tag)
            rep.check("secrets: %s via %s at -v -v -v (ENODEV, EACCES, success, -f): "
                      "only in mount(2) data; not in stdout/stderr/syslog/mtab/"
                      "written syscalls" % (who, label), not problems,
                      problems_text(problems))
    rep.check("secrets: no exec and no child process in %d credential runs "
              "(strace -f: one execve, no fork/vfork/clone of a process)" % total_runs,
              not process_problems, problems_text(process_problems))
    rig.mtab_regular("")


def test_tty_prompt(rig, rep):
    """The terminal prompt: shown on the tty, echo off while typing, the
    password never echoed, and it reaches mount(2)."""
    for user in (False, True):
        who = "user" if user else "root"
        target = rig.path("mp", "user" if user else "root")
        master, slave = os.openpty()
        cmd = ["strace", "-f", "-qq", "-e", "signal=none", "-s", "65536",
               "-o", rig.trace_file, "-e", "trace=" + TRACED]
        if user:
            cmd += ["-u", USER]
        cmd += [rig.bin, DEVICE, target] + V3
        rig.drain_log()

        def make_ctty():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        proc = subprocess.Popen(cmd, stdin=slave, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, preexec_fn=make_ctty,
                                env=base_env(),
                                cwd=rig.w)
        seen = b""
        problems = []
        try:
            deadline = time.time() + 15
            while b"Password for" not in seen and time.time() < deadline:
                if select.select([master], [], [], 0.1)[0]:
                    seen += os.read(master, 4096)
            if b"Password for" not in seen:
                problems.append("no prompt on the terminal: %r" % seen)
            # Wait for echo to be switched off before typing (TCSAFLUSH would
            # also drop what was typed before).
            while time.time() < deadline:
                if not termios.tcgetattr(slave)[3] & termios.ECHO:
                    break
                time.sleep(0.01)
            else:
                problems.append("echo was never switched off")
            os.write(master, (PASSWORD + "\n").encode())
            out, err = proc.communicate(timeout=20)
            while select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
        finally:
            if proc.poll() is None:
                kill_group(proc)
                proc.wait()
            os.close(master)
            os.close(slave)
        with open(rig.trace_file, encoding="latin-1") as f:
            trace = Trace(f.read())
        r = Result(proc.returncode, out.decode("latin-1"), err.decode("latin-1"), trace,
                   rig.drain_log(), rig.mtab_text(), cmd)
        tty_text = seen.decode("latin-1")
        for n in NEEDLES:
            if n in tty_text:
                problems.append("password echoed on the terminal")
        problems += ["LEAK: " + l for l in r.leaks()]
        problems += r.process_problems()
        if r.rc != 32:
            problems.append("exit %s, expected 32" % r.rc)
        if not r.trace.mounts or "pass=" + DOUBLED not in (r.trace.mounts[0]["data"] or ""):
            problems.append("typed password did not reach mount(2)")
        rep.check("secrets: %s tty prompt: prompt on /dev/tty, echo off, password "
                  "not echoed, not leaked, reaches mount(2)" % who,
                  not problems, problems_text(problems) + "\ntty: %r\n" % tty_text
                  + r.describe())


def test_environ_scrubbed(rig, rep):
    nrs = rig.arch
    # PASSWD2 set, no password: the helper blocks at the stdin prompt.
    for user in (False, True):
        who = "user" if user else "root"
        target = rig.path("mp", "user" if user else "root")
        cmd = [rig.bin, DEVICE, target] + V3
        if user:
            cmd = ["setpriv", "--reuid=%d" % UID, "--regid=%d" % GID,
                   "--clear-groups"] + cmd
        env = base_env(PASSWD2=PASSWORD)
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env,
                                start_new_session=True, cwd=rig.w)
        problems = []
        try:
            if not wait_for_syscall(proc.pid, nrs["read"]):
                problems.append("helper never blocked in read(2) at the prompt")
            environ = proc_environ(proc.pid)
            for n in NEEDLES:
                if n in environ:
                    problems.append("PASSWD2's value still in /proc/PID/environ")
                    break
            proc.stdin.write(b"typed\n")
            proc.stdin.close()
            proc.wait(timeout=20)
        finally:
            if proc.poll() is None:
                kill_group(proc)
                proc.wait()
        rep.check("secrets: %s /proc/PID/environ of a helper stopped at the prompt "
                  "no longer holds PASSWD2's value" % who, not problems,
                  problems_text(problems))

    # PASSWD set: hold the helper inside mount(2) with a strace delay.
    for user in (False, True):
        who = "user" if user else "root"
        target = rig.path("mp", "user" if user else "root")
        cmd = ["strace", "-f", "-qq", "-e", "signal=none", "-o", "/dev/null",
               "-e", "trace=mount", "-e", "inject=mount:delay_enter=4000000"]
        if user:
            cmd += ["-u", USER]
        cmd += [rig.bin, DEVICE, target] + V3
        env = base_env(PASSWD=PASSWORD)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env,
                                start_new_session=True, cwd=rig.w)
        problems = []
        try:
            child = find_helper(proc.pid, rig.bin)
            if child is None:
                problems.append("could not find the traced helper")
            else:
                if not wait_for_syscall(child, nrs["mount"]):
                    problems.append("helper never reached mount(2)")
                environ = proc_environ(child)
                if any(n in environ for n in NEEDLES):
                    problems.append("PASSWD's value still in /proc/PID/environ")
        finally:
            # Its outcome does not matter here: do not wait out the delay.
            if proc.poll() is None:
                kill_group(proc)
                proc.wait()
        rep.check("secrets: %s /proc/PID/environ of a helper inside mount(2) no longer "
                  "holds PASSWD's value" % who, not problems, problems_text(problems))


# ---------------------------------------------------------------------------
# 4. CVEs not covered above

def test_cve_2020_14342(rig, rep):
    """Shell injection through the password prompt (the device and user name
    are in the prompt text)."""
    fake_bin = rig.path("fakebin")
    os.makedirs(fake_bin, exist_ok=True)
    sap = os.path.join(fake_bin, "systemd-ask-password")
    with open(sap, "w") as f:
        f.write("#!/bin/sh\ntouch %s\necho fakepw\n" % rig.marker("sap"))
    os.chmod(sap, 0o755)
    env = {"PATH": fake_bin + ":/usr/bin:/bin"}
    cases = [
        ("root $(...) in device", rig.inject_device("r1"), ["-o", "ip=198.51.100.7,user=u"], False),
        ("root backticks in device", "//srv/sh`touch %s`" % rig.marker("r2"),
         ["-o", "ip=198.51.100.7,user=u"], False),
        ("root ';' in device", "//srv/s;touch %s;" % rig.marker("r3"),
         ["-o", "ip=198.51.100.7,user=u"], False),
        ("root $(...) in user=", DEVICE,
         ["-o", "user=$(touch %s)" % rig.marker("r4")], False),
        ("user $(...) in fstab-granted device", rig.inject_device("u"), [], True),
    ]
    problems = []
    for label, device, extra, user in cases:
        target = rig.path("mp", "inject" if user else "root")
        r = rig.run([device, target] + extra + V3, user=user, env=env,
                    stdin=b"typedpw\n")
        # -v may run request-key's dry run for the host (mount.cifs(8),
        # RECONNECTS): allowed in exactly its fixed form, nothing else.
        pp = r.process_problems(allow_request_key_dry_run=True)
        if pp:
            problems.append("%s: %s" % (label, "; ".join(pp)))
        if crashed(r.rc) or r.rc not in (1, 32):
            problems.append("%s: exit %s\n%s" % (label, r.rc, r.describe()))
        if r.rc == 32 and not any("pass=typedpw" in (m["data"] or "")
                                  for m in r.trace.mounts):
            problems.append("%s: the prompt was not answered from stdin" % label)
    markers = glob.glob(rig.path("pwned-*"))
    if markers:
        problems.append("marker files created: %s" % markers)
    rep.check("CVE-2020-14342: $(...), backticks, ';' in the prompt text: no shell, "
              "no exec but -v's request-key dry run (strace), no marker, "
              "no systemd-ask-password",
              not problems, problems_text(problems))


def test_cve_2022_27239(rig, rep):
    """ip= overflow."""
    binaries = [("setuid copy", rig.bin, True)]
    if rig.asan_binary:
        binaries.append(("ASan+UBSan build", rig.asan_binary, False))
    for label, binary, use_strace in binaries:
        problems = []
        # Leak checking works only without ptrace.
        env = {} if use_strace else {"ASAN_OPTIONS": "detect_leaks=1:exitcode=99"}
        for n in (46, 64, 1000, 4000, 100000):
            value = ("1" * n)
            r = rig.run([DEVICE, rig.path("mp", "root"), "-o",
                         "ip=%s,pass=x" % value] + V3,
                        env=env, binary=binary, strace=use_strace)
            msg_ok = "ip address too long" in r.err or (
                n > 4096 and "Options string too long" in r.err)
            if r.rc != 1 or not msg_ok or "Sanitizer" in r.err or \
                    "runtime error" in r.err:
                problems.append("ip= of %d chars: exit %s, stderr %r"
                                % (n, r.rc, r.err[-300:]))
            if use_strace and r.trace.mounts:
                problems.append("ip= of %d chars: mount(2) called" % n)
        # Boundary: 45 characters is not "too long" (and not an address).
        r = rig.run([DEVICE, rig.path("mp", "root"), "-o", "ip=%s,pass=x" % ("1" * 45)],
                    binary=binary, strace=use_strace, env=env)
        if r.rc != 1 or "too long" in r.err or "bad ip= address" not in r.err:
            problems.append("ip= of 45 chars: exit %s, stderr %r" % (r.rc, r.err[-300:]))
        rep.check("CVE-2022-27239: %s: ip= of 46/64/1000/4000/100000 chars -> clean exit 1 "
                  "'ip address too long' (100000: the 4096-byte option limit), "
                  "no crash, 45 chars not 'too long'" % label,
                  not problems, problems_text(problems))


def test_cve_2022_29869(rig, rep):
    """Verbose output leaking a credentials file."""
    needles = (GARBAGE_LINE, GARBAGE_TAIL, GARBAGE_PASSWORD, "this is not key value")
    problems = []
    for user in (False, True):
        who = "user" if user else "root"
        if user:
            args = [DEVICE, rig.path("mp", "garbage")] + V3
        else:
            args = [DEVICE, rig.path("mp", "root"), "-o",
                    "credentials=%s" % rig.path("pub", "garbage")] + V3
        for inject in (None, "retval=0"):
            rig.mtab_regular("")
            r = rig.run(args, user=user, inject=inject)
            tag = "%s %s" % (who, inject or "ENODEV")
            for n in needles:
                for where, text in r.channels().items():
                    if n in text:
                        problems.append("%s: %r in %s" % (tag, n, where))
            if not r.trace.mounts or "pass=" + GARBAGE_PASSWORD not in \
                    (r.trace.mounts[0]["data"] or ""):
                problems.append("%s: the file's password did not reach mount(2)\n%s"
                                % (tag, r.describe()))
            if r.rc not in (0, 32):
                problems.append("%s: exit %s" % (tag, r.rc))
    rig.mtab_regular("")
    rep.check("CVE-2022-29869: -v -v -v with a credentials file holding non key=value "
              "lines: neither those lines nor its password in stdout/stderr/syslog/mtab",
              not problems, problems_text(problems))


# ---------------------------------------------------------------------------
# Files that are not regular files; closed standard descriptors

# open(2) of a FIFO without O_NONBLOCK waits for a writer: a hang is killed
# after FIFO_KILL seconds (and fails), a good run ends well within FIFO_BOUND.
FIFO_KILL = 10
FIFO_BOUND = 5


def test_fifo_files(rig, rep):
    """A FIFO named where the helper expects a file (credentials=,
    PASSWD_FILE, the configuration file, -N) is refused at once, with the
    documented exit status and a message naming it; nothing is read from it
    and mount(2) is not called."""
    fifo = rig.path("pub", "fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    os.chown(fifo, UID, GID)   # the user's own: refused for its type alone
    os.chmod(fifo, 0o666)
    cases = [
        # label, args, user, env, exit status (mount.cifs(8) EXIT STATUS),
        # stderr text
        ("root: credentials=FIFO",
         [DEVICE, rig.path("mp", "root"), "-o", "credentials=%s" % fifo],
         False, {}, 2, "opening credential file %s" % fifo),
        ("root: PASSWD_FILE=FIFO",
         [DEVICE, rig.path("mp", "root"), "-o", "user=u"],
         False, {"PASSWD_FILE": fifo}, 2,
         "attempting to open password file %s" % fifo),
        ("user: PASSWD_FILE=FIFO (setuid)",
         [DEVICE, rig.path("mp", "user")],
         True, {"PASSWD_FILE": fifo}, 2,
         "attempting to open password file %s" % fifo),
        ("root: CIFS_FAMILY_CONFIG=FIFO",
         [DEVICE, rig.path("mp", "root"), "-o", "pass=x"],
         False, {"CIFS_FAMILY_CONFIG": fifo}, 1, "cannot read %s" % fifo),
        ("root: -N FIFO",
         ["-N", fifo, DEVICE, rig.path("mp", "root"), "-o", "pass=x"],
         False, {}, 2, "failed to enter mount namespace %s" % fifo),
    ]
    for label, args, user, env, want_rc, want_err in cases:
        r = rig.run(args, user=user, env=env, stdin=None, timeout=FIFO_KILL)
        problems = []
        if r.seconds >= FIFO_BOUND:
            problems.append("took %.1f s (a blocking open of the FIFO?), "
                            "expected under %d s" % (r.seconds, FIFO_BOUND))
        if r.rc != want_rc:
            problems.append("exit %s, expected %d" % (r.rc, want_rc))
        if want_err not in r.err:
            problems.append("stderr lacks %r" % want_err)
        if r.trace.mounts:
            problems.append("mount(2) was called")
        rep.check("files: %s -> exit %d within %d s, stderr names the FIFO, no "
                  "mount(2)" % (label, want_rc, FIFO_BOUND),
                  not problems, problems_text(problems) + "\n" + r.describe())


def test_config_size(rig, rep):
    """cifs-family.conf(5): the file is read whole, up to 64 KiB; a longer
    one is an error naming it, never a silently cut file."""
    cap = 64 * 1024
    for size in (cap, cap + 1):
        conf = rig.path("pub", "size-%d.conf" % size)
        head = "[global]\nfamily = happy-eyeballs\nnetwork-wait = no\n"
        pad = size - len(head)
        body = ("#" * 99 + "\n") * (pad // 100)
        body += "#" * (pad % 100 - 1) + "\n" if pad % 100 else ""
        rig.write(conf, head + body, 0o644)
        assert os.path.getsize(conf) == size
        r = rig.run([DEVICE, rig.path("mp", "root"), "-o", "pass=x"],
                    env={"CIFS_FAMILY_CONFIG": conf})
        if size == cap:
            rep.check("files: a %d-byte config file is read (reaches mount(2))" % size,
                      r.rc == 32 and len(r.trace.mounts) == 1, r.describe())
        else:
            want = "cannot read %s: File too large" % conf
            rep.check("files: a %d-byte config file -> exit 1 %r, no mount(2)"
                      % (size, "cannot read FILE: File too large"),
                      r.rc == 1 and want in r.err and not r.trace.mounts,
                      r.describe())


# What glibc's syslog(3) sends: "<PRI>Mmm dd hh:mm:ss IDENT[PID]: text".
SYSLOG_RECORD = re.compile(r"<\d{1,3}>[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d "
                           r"mount\.cifs\[\d+\]: ")


def test_closed_stdio(rig, rep):
    """Started with standard descriptors closed, the helper must not let its
    syslog socket take fd 2 (or 0/1): its error text would then be sent to
    /dev/log as a record of its own. Every datagram must be a well-formed
    syslog record, and the decision line must still be logged."""
    for label, closed in (("fd 2 closed", (2,)),
                          ("fds 0, 1 and 2 closed", (0, 1, 2))):
        def close_fds(closed=closed):
            for fd in closed:
                os.close(fd)
        rig.drain_log()
        cmd = [rig.bin, DEVICE, rig.path("mp", "root"), "-o", "pass=x"]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=base_env(),
                                cwd=rig.w, start_new_session=True,
                                preexec_fn=close_fds)
        try:
            rc = proc.wait(timeout=HELPER_TIMEOUT)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            rc = proc.wait()
        time.sleep(0.1)
        records = rig.drain_log()
        problems = []
        if rc != 32:
            problems.append("exit %s, expected 32 (ENODEV from mount(2))" % rc)
        bad = [d for d in records if not SYSLOG_RECORD.match(d)]
        if bad:
            problems.append("datagrams on /dev/log that are not syslog records "
                            "(stderr text sent to the log socket?): %r" % bad)
        if not [d for d in records if SYSLOG_RECORD.match(d)]:
            problems.append("no syslog record at all (the decision line is "
                            "missing)")
        rep.check("stdio: %s at exec: exit 32, every /dev/log datagram is a "
                  "'<PRI>... mount.cifs[PID]: ' record" % label,
                  not problems, problems_text(problems) +
                  "\ndatagrams: %r" % records)


def private_run_mounted():
    """Whether /run is the suite's own tmpfs (Rig.setup), by mountinfo."""
    with open("/proc/self/mountinfo") as f:
        mounts = [l.split(" - ") for l in f]
    run = [m for m in mounts if m[0].split()[4] == "/run"]
    return bool(run) and run[-1][1].split()[1] == PRIVATE_RUN_SOURCE


def state_problems(name, uid=0):
    """Why /run/cifs-family/hosts/NAME is not a record as FileStateStore
    writes it (directories 0700, the record 0600, all owned by `uid`)."""
    problems = []
    for rel, kind, mode in (("cifs-family", "dir", 0o700),
                            ("cifs-family/hosts", "dir", 0o700),
                            ("cifs-family/hosts/" + name, "file", 0o600)):
        entry = host_run.snapshot("/run").get(rel)
        if entry is None:
            problems.append("no /run/%s (have %s)" % (rel, host_run.records("/run")))
        elif entry[:3] != (kind, mode, uid):
            problems.append("/run/%s: %s mode %o uid %d, expected %s %o uid %d"
                            % ((rel,) + entry[:3] + (kind, mode, uid)))
    return problems


def mounted_record_problems(r, name):
    """state_problems(name) for a run `r` that should have made exactly one
    mount(2) call after writing its record."""
    problems = state_problems(name)
    if len(r.trace.mounts) != 1:
        problems.append("expected one mount(2) call")
    return problems


def test_state_records(rig, rep):
    """The per-server records (/run/cifs-family/hosts/NAME, written before
    mount(2)) go to this namespace's /run, a tmpfs: root's and the setuid
    user's are root's, 0600 in 0700 directories, and a symlink planted as
    /run/cifs-family is not followed. The host's /run: main() checks it."""
    name = rig.probe_host
    device = "//%s/share" % name
    target = rig.path("mp", "state")
    if not rep.check("state: /run is the suite's own tmpfs (%s), not the host's"
                     % PRIVATE_RUN_SOURCE, private_run_mounted(),
                     "no %s on /run: the helper would write the host's "
                     "/run/cifs-family" % PRIVATE_RUN_SOURCE):
        # Still one run, so that main() sees where its record lands; nothing
        # below may touch a /run that is not ours.
        rig.run([device, target, "-o", "pass=x"])
        return
    r = rig.run([device, target, "-o", "pass=x"])
    p = mounted_record_problems(r, name)
    rep.check("state: a root mount writes /run/cifs-family/hosts/%s (0600 in "
              "0700 directories, root's) in the private /run" % name,
              not p, problems_text(p) + "\n" + r.describe())

    shutil.rmtree("/run/cifs-family")
    r = rig.run([device, target], user=True, stdin=b"pw\n")
    p = mounted_record_problems(r, name)
    rep.check("state: the setuid user's mount writes the record as root "
              "(uid 0, 0600), not as uid %d" % UID,
              not p, problems_text(p) + "\n" + r.describe())

    shutil.rmtree("/run/cifs-family")
    trap = rig.path("pub", "trap")
    os.mkdir(trap, 0o777)
    os.chown(trap, UID, GID)
    os.symlink(trap, "/run/cifs-family")
    try:
        r = rig.run([device, target, "-o", "pass=x"])
        p = []
        if os.listdir(trap):
            p.append("the helper wrote through the symlink: %s" % os.listdir(trap))
        if len(r.trace.mounts) != 1:
            p.append("expected one mount(2) call (a record not written does "
                     "not stop the mount)")
        if "state record not written" not in r.err + "".join(r.syslog):
            p.append("no 'state record not written' warning")
        rep.check("state: a symlink as /run/cifs-family is not followed "
                  "(nothing written through it, the mount still tried)",
                  not p, problems_text(p) + "\n" + r.describe())
    finally:
        os.unlink("/run/cifs-family")
        shutil.rmtree(trap)


# ---------------------------------------------------------------------------

def inner(args):
    rep = Report(args.k)
    rig = Rig(args.workspace, args.binary, args.asan_binary, args.probe_host)
    start = time.time()
    try:
        rig.setup()
        rep.check("setup: setuid copy is root-owned 4755 on a suid-capable tmpfs, "
                  "private /etc, /dev, /dev/log and /run in place",
                  os.stat(rig.bin).st_mode & 0o7777 == 0o4755
                  and os.stat(rig.bin).st_uid == 0 and os.path.exists("/dev/log")
                  and private_run_mounted() and rig.arch is not None,
                  "arch %s" % platform.machine())
        # A user run must really be setuid (not "not installed setuid root").
        r = rig.run([DEVICE, rig.path("mp", "noentry")], user=True)
        if not rep.check("setup: the user run executes with euid 0 (setuid honoured "
                         "under strace -u)", "permission denied" in r.err, r.describe()):
            raise RuntimeError("setuid not honoured; later checks would be meaningless")
        tests = [
            ("user", test_user_mounts),
            ("user", test_unc_injection),
            ("CVE-2012-1586", test_cve_2012_1586),
            ("mtab", test_mtab),
            ("CVE-2011-1678", test_cve_2011_1678),
            ("CVE-2010-0547", test_cve_2010_0547_2011_2724),
            ("secrets", test_secrets),
            ("tty", test_tty_prompt),
            ("environ", test_environ_scrubbed),
            ("CVE-2020-14342", test_cve_2020_14342),
            ("CVE-2022-27239", test_cve_2022_27239),
            ("CVE-2022-29869", test_cve_2022_29869),
            ("files", test_fifo_files),
            ("files", test_config_size),
            ("stdio", test_closed_stdio),
            ("state", test_state_records),
        ]
        for name, fn in tests:
            if not rep.wanted(name):
                continue
            try:
                fn(rig, rep)
            except Exception:
                rep.check("%s: ran without a harness error" % name, False,
                          traceback.format_exc())
    except Exception:
        rep.check("harness", False, traceback.format_exc())
    finally:
        if rig.log is not None:
            rig.log.close()
    print("run time %.1f s" % (time.time() - start), flush=True)
    rep.summary()
    return 0 if rep.failed == 0 else 1


def preflight(args):
    problems = []
    if os.geteuid() != 0:
        problems.append("must run as root (setuid, namespaces, strace -u)")
    for tool in ("strace", "unshare", "mount", "umount", "setpriv", "cp"):
        if shutil.which(tool) is None:
            problems.append("missing tool: %s" % tool)
    if not os.path.isfile(args.binary) or not os.access(args.binary, os.X_OK):
        problems.append("--binary %s is not an executable file" % args.binary)
    if args.asan_binary and not os.access(args.asan_binary, os.X_OK):
        problems.append("--asan-binary %s is not executable" % args.asan_binary)
    if platform.machine() not in SYSCALLS:
        problems.append("unsupported architecture %s" % platform.machine())
    if shutil.which("strace"):
        v = subprocess.run(["strace", "-V"], capture_output=True, text=True).stdout
        m = re.search(r"version (\d+)\.(\d+)", v)
        if not m or (int(m.group(1)), int(m.group(2))) < (4, 22):
            problems.append("strace >= 4.22 needed for inject/delay (got %r)" % v[:40])
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--asan-binary")
    ap.add_argument("-k", help="run only the checks whose group name contains this")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--workspace", help=argparse.SUPPRESS)
    # The state group's server name, unique to the run: main() looks for its
    # record in the host's /run.
    ap.add_argument("--probe-host", help=argparse.SUPPRESS,
                    default="cfsec-probe-%d-%s" % (os.getpid(), os.urandom(4).hex()))
    args = ap.parse_args()
    args.binary = os.path.abspath(args.binary)
    if args.asan_binary:
        args.asan_binary = os.path.abspath(args.asan_binary)
    if args.inner:
        return inner(args)

    problems = preflight(args)
    if problems:
        for p in problems:
            print("FAIL preflight: %s" % p, flush=True)
        print("0 passed, %d failed" % len(problems), flush=True)
        return 1
    # SIGTERM/SIGHUP (ctest, a user) still run the teardown below.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    def die_with_parent():
        # The inner suite must not outlive this process (PR_SET_PDEATHSIG).
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)

    host = host_run.HostRun()
    print("# %s" % host.describe(), flush=True)
    workspace = tempfile.mkdtemp(prefix="cifs-sec.", dir="/tmp")
    os.chmod(workspace, 0o755)
    summary = None
    rc = 1
    try:
        cmd = ["unshare", "--mount", "--propagation", "private", "--net", "--",
               sys.executable, os.path.abspath(__file__), "--inner",
               "--workspace", workspace, "--binary", args.binary,
               "--probe-host", args.probe_host]
        if args.asan_binary:
            cmd += ["--asan-binary", args.asan_binary]
        if args.k:
            cmd += ["-k", args.k]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=die_with_parent)
        try:
            for line in proc.stdout:
                text = line.decode("utf-8", "replace")
                m = re.match(r"^(\d+) passed, (\d+) failed$", text.strip())
                if m:  # printed below, with the host check counted
                    summary = [int(m.group(1)), int(m.group(2))]
                    continue
                sys.stdout.write(text)
                sys.stdout.flush()
            rc = proc.wait(timeout=600)
        except BaseException:
            kill_group(proc)
            proc.wait()
            print("FAIL harness: interrupted", flush=True)
            print("0 passed, 1 failed", flush=True)
            return 1
    finally:
        # The tmpfs lived in the namespace, which died with the inner process;
        # only the empty mount-point directory is left.
        try:
            os.rmdir(workspace)
        except OSError as e:
            print("FAIL teardown: could not remove %s: %s" % (workspace, e), flush=True)
            rc = 1
    if summary is None:
        print("FAIL harness: the inner suite ended without a summary (exit %s)" % rc)
        print("0 passed, 1 failed", flush=True)
        return 1
    if not host_run_untouched(host, args.probe_host):
        summary[1] += 1
        rc = rc or 1
    else:
        summary[0] += 1
    print("%d passed, %d failed" % tuple(summary), flush=True)
    return 0 if rc == 0 else 1


def host_run_untouched(host, probe_host):
    """The host's /run/cifs-family holds no record of this run: the state
    group's server name is unique to it, so the check holds even while
    something else writes the host's /run (its changes are only reported)."""
    in_host = host_run.records(host.path)
    other = host.changes()
    ok = probe_host not in in_host
    print("%s host: no record of this run (%s) in the host's "
          "/run/cifs-family/hosts" % ("PASS" if ok else "FAIL", probe_host), flush=True)
    if not ok:
        print("     the helper wrote the host's /run, not the namespace's", flush=True)
        for line in other[:20]:
            print("     %s" % line, flush=True)
    elif other:
        print("# the host's /run/cifs-family changed during the run (%d entries; "
              "not this run's record): %s" % (len(other), "; ".join(other[:5])),
              flush=True)
    return ok


if __name__ == "__main__":
    sys.exit(main())
