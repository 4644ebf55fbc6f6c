# SPDX-License-Identifier: GPL-3.0-or-later
"""Command lines for run_compat.py.

C(name, args, ...) is one case. `args` is the argv after the program name:
a string split on whitespace, or a list when an argument holds spaces.
The argument MNT is the case's mount point. In args, env values and symlink
targets, {mnt} is the mount point, {d} the case's private directory (files=
are created there, mode 0600; it is also the cwd of both runs) and {pid} the
harness's pid (whose /proc/{pid}/ns/mnt is the private mount namespace).
Expected calls may use {mnt}, {d} and {mnt_rel} (mount point without its
leading slash).

Keyword arguments:
  prog      "mount.cifs" (default) or "mount.smb3": argv[0] basename.
  env       environment (the run starts from an empty one, like `env -i`).
  files     {relative name: str|bytes} created in {d}.
  symlinks  {relative name: target}.
  fd_env    {VAR: file}: the file is opened read-only and inherited, and VAR
            is set to its descriptor number (for PASSWD_FD / PASSWD2_FD).
  stdin     bytes piped to stdin; default /dev/null. There is never a tty.
  inject    one strace inject spec for mount(2), e.g.
            "error=ECONNREFUSED:when=1" (first call fails, the rest run;
            the kernel here has no cifs, so a real call gives ENODEV).
            strace keeps only the last inject= per syscall, so "fail with X,
            then succeed" or "ENXIO, then ECONNREFUSED" cannot be expressed.

Identical cases (no deviation=) pass when ours makes exactly the same
mount(2) calls (source, target, fstype, flags, data) in the same order and
exits with the same status as cifs-utils.

Deviation cases (deviation="Dn", see docs/compatibility.md) give
  cifs=Out(...)  what cifs-utils 7.0 was observed to do (also checked), and
  ours=Out(...)  exactly what ours must do.
Out(exit, M(...), M(...)) lists the mount calls; M(source, data, flags=...,
fstype=..., target=".") is one call. flags is "0" or "MS_A|MS_B" as strace
prints them; fstype "<ptr>" is how strace shows it under MS_REMOUNT.
"""

import collections


class Call(collections.namedtuple(
        "Call", "source target fstype flags data result")):
    def key(self):
        return (self.source, self.target, self.fstype, self.flags, self.data)


def _flags(s):
    return frozenset() if s in ("0", "") else frozenset(s.split("|"))


def M(source, data, flags="0", fstype="cifs", target="."):
    return Call(source, target, fstype, _flags(flags), data, None)


class Out:
    def __init__(self, exit_code, *calls):
        self.exit = exit_code
        self.calls = list(calls)


class Case:
    def __init__(self, name, args, prog="mount.cifs", env=None, files=None,
                 symlinks=None, fd_env=None, stdin=None, inject=None,
                 deviation=None, cifs=None, ours=None,
                 ours_output_contains=(), ours_output_lacks=(), note="",
                 default_policy=False):
        self.name = name
        if isinstance(args, str):
            args = args.split()
        self.args = ["{mnt}" if a == "MNT" else a for a in args]
        self.prog = prog
        self.env = dict(env or {})
        self.files = dict(files or {})
        self.symlinks = dict(symlinks or {})
        self.fd_env = dict(fd_env or {})
        self.stdin = stdin
        if inject is not None and not isinstance(inject, str):
            raise ValueError("%s: inject is one spec string" % name)
        self.inject = inject
        self.deviation = deviation
        self.cifs = cifs
        self.ours = ours
        self.ours_output_contains = tuple(ours_output_contains)
        self.ours_output_lacks = tuple(ours_output_lacks)
        self.note = note
        # Ours runs with `family = system` (getaddrinfo's order, cifs-utils'
        # behaviour) unless the case is about the default policy (D24).
        self.default_policy = default_policy
        if deviation is not None and ours is None:
            raise ValueError("%s: a deviation must state ours=Out(...)" % name)


CASES = []


def C(name, args, **kw):
    CASES.append(Case(name, args, **kw))


# Shorthands. v4host has exactly one address: 198.51.100.20.
V4 = "ip=198.51.100.20,unc=\\\\v4host\\share"
SRC = "//v4host/share"
EXHAUST = "error=ECONNREFUSED"


# ==========================================================================
# User name

C("user-basic", "//v4host/share MNT -o user=bob,pass=secret")
C("username-long-key", "//v4host/share MNT -o username=bob,pass=x")
C("user-last-wins", "//v4host/share MNT -o user=alice,pass=x,username=bob")
C("username-empty-error", "//v4host/share MNT -o username=,pass=x")
C("username-bare-error", "//v4host/share MNT -o username,pass=x")
C("user-bare-is-flag", "//v4host/share MNT -o user,pass=x")
C("user-empty-is-flag", "//v4host/share MNT -o user=,pass=x",
  env={"USER": "envuser"})
C("env-USER-default", "//v4host/share MNT -o pass=x", env={"USER": "envuser"})
C("env-USER-overridden", "//v4host/share MNT -o user=bob,pass=x",
  env={"USER": "envuser"})
C("env-USER-with-comma", "//v4host/share MNT -o pass=x",
  env={"USER": "bob,uid=0"}, deviation="D25",
  cifs=Out(32, M(SRC, V4 + ",user=bob,uid=0,pass=x")),
  ours=Out(1))
C("cred-domain-with-comma", "//v4host/share MNT -o user=u,credentials={d}/c",
  files={"c": "password=x\ndomain=CORP,ip=198.51.100.66\n"}, deviation="D25",
  cifs=Out(32, M(SRC, V4 + ",user=u,domain=CORP,ip=198.51.100.66,pass=x")),
  ours=Out(1))
C("env-USER-percent-literal", "//v4host/share MNT -o pass=x",
  env={"USER": "bob%secret"})
C("no-USER-passwd-name", "//v4host/share MNT -o pass=x")
C("user-key-case-sensitive", "//v4host/share MNT -o USER=x,pass=y")
C("user-with-domain-backslash", ["//v4host/share", "MNT", "-o",
                                 "user=CORP\\bob,pass=x"])

# ==========================================================================
# Password

C("pass-first-wins", "//v4host/share MNT -o user=u,pass=one,password=two")
C("password-long-key", "//v4host/share MNT -o user=u,password=pw")
C("pass-empty", "//v4host/share MNT -o user=u,pass=")
C("pass-comma-cut-on-cmdline", "//v4host/share MNT -o user=u,pass=a,b,c=d")
C("pass-special-chars", ["//v4host/share", "MNT", "-o",
                         "user=u,pass=a\\b\"c'd e$f"])
C("env-PASSWD", "//v4host/share MNT -o user=u", env={"PASSWD": "envpw"})
C("env-PASSWD-comma-doubled", "//v4host/share MNT -o user=u",
  env={"PASSWD": "p,w,,x"})
C("env-PASSWD-beats-opt-pass", "//v4host/share MNT -o user=u,pass=optpw",
  env={"PASSWD": "envpw"})
C("env-PASSWD-empty", "//v4host/share MNT -o user=u", env={"PASSWD": ""})
C("PASSWD_FD-no-newline", "//v4host/share MNT -o user=u",
  files={"pw": "fd,pw"}, fd_env={"PASSWD_FD": "pw"})
C("PASSWD_FILE-no-newline", "//v4host/share MNT -o user=u",
  files={"pw": "fi,le"}, env={"PASSWD_FILE": "{d}/pw"})
C("PASSWD-beats-PASSWD_FD", "//v4host/share MNT -o user=u",
  env={"PASSWD": "envpw"}, files={"pw": "fdpw"}, fd_env={"PASSWD_FD": "pw"})
C("PASSWD_FD-beats-PASSWD_FILE", "//v4host/share MNT -o user=u",
  files={"pw": "fdpw", "pw2": "filepw"}, fd_env={"PASSWD_FD": "pw"},
  env={"PASSWD_FILE": "{d}/pw2"})
C("PASSWD-beats-PASSWD_FILE", "//v4host/share MNT -o user=u",
  files={"pw": "filepw"}, env={"PASSWD": "envpw", "PASSWD_FILE": "{d}/pw"})
C("PASSWD_FILE-missing", "//v4host/share MNT -o user=u",
  env={"PASSWD_FILE": "{d}/nonexistent"})
C("PASSWD_FD-bad-number", "//v4host/share MNT -o user=u",
  env={"PASSWD_FD": "77"})
C("PASSWD_FD-beats-opt-pass", "//v4host/share MNT -o user=u,pass=optpw",
  files={"pw": "fdpw"}, fd_env={"PASSWD_FD": "pw"})
C("stdin-pipe-password", "//v4host/share MNT -o user=u",
  stdin=b"piped,pw\n")
C("stdin-devnull-empty-password", "//v4host/share MNT -o user=u")
C("remount-no-password", "//v4host/share MNT -o user=u,remount",
  deviation="D19",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=", flags="MS_REMOUNT", fstype="<ptr>")),
  ours=Out(32, M(SRC, V4 + ",user=u", flags="MS_REMOUNT", fstype="<ptr>")))

# ==========================================================================
# Domain

C("dom", "//v4host/share MNT -o user=u,pass=p,dom=CORP")
C("domain", "//v4host/share MNT -o user=u,pass=p,domain=CORP")
C("workgroup", "//v4host/share MNT -o user=u,pass=p,workgroup=CORP")
C("dom-bare", "//v4host/share MNT -o user=u,pass=p,dom")
C("dom-empty-dropped", "//v4host/share MNT -o user=u,pass=p,dom=")
C("domain-last-wins", "//v4host/share MNT -o user=u,pass=p,dom=A,domain=B")
C("domain-too-long", "//v4host/share MNT -o user=u,pass=p,dom=" + "D" * 300)

# ==========================================================================
# Credentials file

CRED = "username=cu\npassword=cp,w\ndomain=cd\n"
C("cred-basic", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": CRED})
C("cred-short-key", "//v4host/share MNT -o cred={d}/cred",
  files={"cred": CRED})
C("cred-case-insensitive-prefix-keys",
  "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "USERx=cu\nPASSWORD=cp\nDomainName=cd\n"})
C("cred-leading-whitespace", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "  \tusername=ws\n\t password=wp\n   domain=wd\n"})
C("cred-trailing-space-kept", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=tu \npassword=tp  \n"})
C("cred-unparseable-lines", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "# comment\ngarbage\n\n=novalue\nusername=cu\n"
                 "password\npassword=cp\n"})
C("cred-workgroup-not-recognised",
  "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=cu\npassword=cp\nworkgroup=WG\n"})
C("cred-no-trailing-newline", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=cu\npassword=cp"})
C("cred-missing-file", "//v4host/share MNT -o credentials={d}/nonexistent")
C("cred-empty-value", "//v4host/share MNT -o credentials=")
C("cred-then-user-opt", "//v4host/share MNT -o credentials={d}/cred,user=opt",
  files={"cred": CRED})
C("user-opt-then-cred", "//v4host/share MNT -o user=opt,credentials={d}/cred",
  files={"cred": CRED})
C("cred-beats-env-PASSWD", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": CRED}, env={"PASSWD": "envpw"})
C("opt-pass-then-cred", "//v4host/share MNT -o pass=optpw,credentials={d}/cred",
  files={"cred": CRED})
C("cred-only-user", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=onlyuser\n"}, env={"PASSWD": "envpw"})

# ==========================================================================
# uid / gid / cruid / backupuid / backupgid / snapshot

C("uid-gid-names", "//v4host/share MNT -o user=u,pass=p,uid=daemon,gid=nogroup")
C("uid-gid-root", "//v4host/share MNT -o uid=root,gid=root,user=u,pass=p")
C("uid-gid-numbers", "//v4host/share MNT -o user=u,pass=p,uid=1000,gid=1001")
C("uid-bad-name", "//v4host/share MNT -o user=u,pass=p,uid=nosuchuser")
C("gid-bad-name", "//v4host/share MNT -o user=u,pass=p,gid=nosuchgroup")
C("uid-empty-dropped", "//v4host/share MNT -o user=u,pass=p,uid=,gid=")
C("cruid-name", "//v4host/share MNT -o user=u,pass=p,cruid=daemon")
C("backupuid-backupgid", "//v4host/share MNT -o user=u,pass=p,"
  "backupuid=daemon,backupgid=nogroup")
C("backupuid-bad", "//v4host/share MNT -o user=u,pass=p,backupuid=nosuchuser")
C("backupgid-number", "//v4host/share MNT -o user=u,pass=p,backupgid=42")
C("id-options-order", "//v4host/share MNT -o snapshot=@GMT-2024.01.02-03.04.05,"
  "backupgid=1,backupuid=2,gid=3,cruid=4,uid=5,vers=3.0,user=u,pass=p")
C("snapshot-gmt", "//v4host/share MNT -o user=u,pass=p,"
  "snapshot=@GMT-2024.01.02-03.04.05")
C("snapshot-numeric", "//v4host/share MNT -o user=u,pass=p,"
  "snapshot=133486382450000000")
C("snapshot-bad", "//v4host/share MNT -o user=u,pass=p,snapshot=@GMT-bad")
C("snapshot-bare-dropped", "//v4host/share MNT -o user=u,pass=p,snapshot")

# ==========================================================================
# Security modes

C("sec-ntlmssp", "//v4host/share MNT -o user=u,pass=p,sec=ntlmssp")
C("sec-krb5-no-password", "//v4host/share MNT -o user=u,sec=krb5",
  deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,user=u")))
C("sec-krb5i-with-pass", "//v4host/share MNT -o user=u,sec=krb5i,pass=p",
  deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5i,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5i,user=u")))
C("sec-none", "//v4host/share MNT -o sec=none", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=none,user=root,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=none,user=root")))
C("guest", "//v4host/share MNT -o guest", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",user=,pass=")),
  ours=Out(32, M(SRC, V4 + ",user=")))
C("guest-with-env-PASSWD", "//v4host/share MNT -o guest,user=g",
  env={"PASSWD": "envpw"}, deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",user=g,pass=envpw")),
  ours=Out(32, M(SRC, V4 + ",user=g")))
C("guest-after-user", "//v4host/share MNT -o user=bob,guest", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",user=bob,pass=")),
  ours=Out(32, M(SRC, V4 + ",user=bob")))
C("user-after-guest", "//v4host/share MNT -o guest,user=bob", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",user=bob,pass=")),
  ours=Out(32, M(SRC, V4 + ",user=bob")))
C("sec-krb5-with-env-PASSWD", "//v4host/share MNT -o user=u,sec=krb5",
  env={"PASSWD": "envpw"}, deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,user=u,pass=envpw")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,user=u")))
C("sec-krb5p", "//v4host/share MNT -o sec=krb5p,user=u", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5p,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5p,user=u")))
C("multiuser-sec-none", "//v4host/share MNT -o multiuser,sec=none",
  deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",multiuser,sec=none,user=root,pass=")),
  ours=Out(32, M(SRC, V4 + ",multiuser,sec=none,user=root")))
C("sec-krb5-password2", "//v4host/share MNT -o sec=krb5,user=u",
  env={"PASSWD": "p1", "PASSWD2": "p2"}, deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,user=u,pass=p1")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,user=u")))
C("sec-upper-case-value-not-krb5", "//v4host/share MNT -o sec=KRB5,user=u,pass=p")

# ==========================================================================
# Password2

C("password2-option", "//v4host/share MNT -o user=u,password2=p,2,pass=p1",
  deviation="D7",
  cifs=Out(32, M(SRC, V4 + ",password2=p,2,user=u,pass=p1")),
  ours=Out(32, M(SRC, V4 + ",2,user=u,pass=p1,password2=p")))
C("pass2-option", "//v4host/share MNT -o user=u,pass2=alt,pass=p1",
  deviation="D7",
  cifs=Out(32, M(SRC, V4 + ",pass2=alt,user=u,pass=p1")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p1,password2=alt")))
C("env-PASSWD2", "//v4host/share MNT -o user=u,pass=p1",
  env={"PASSWD2": "a,lt"}, deviation="D7",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=p1")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p1,password2=a,,lt")))
C("env-PASSWD2_FILE", "//v4host/share MNT -o user=u,pass=p1",
  files={"pw2": "alt2"}, env={"PASSWD2_FILE": "{d}/pw2"}, deviation="D7",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=p1")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p1,password2=alt2")))
C("cred-password2-line", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=cu\npassword2=sec,ond\npassword=first\n"},
  deviation="D7",
  cifs=Out(32, M(SRC, V4 + ",user=cu,pass=first")),
  ours=Out(32, M(SRC, V4 + ",user=cu,pass=first,password2=sec,,ond")))
C("cred-pass2-line-only", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=cu\npass2=second\n"}, env={"PASSWD": "envpw"},
  deviation="D7",
  cifs=Out(32, M(SRC, V4 + ",user=cu,pass=second")),
  ours=Out(32, M(SRC, V4 + ",user=cu,pass=envpw,password2=second")))

# ==========================================================================
# Flags

C("ro", "//v4host/share MNT -o user=u,pass=p,ro")
C("ro-then-rw", "//v4host/share MNT -o ro,user=u,pass=p,rw")
C("flag-r", "-r //v4host/share MNT -o user=u,pass=p")
C("flag-r-then-w", "//v4host/share MNT -r -o user=u,pass=p -w")
C("long-ro", "//v4host/share MNT --ro -o user=u,pass=p")
C("long-rw-after-ro-opt", "//v4host/share MNT --rw -o ro,user=u,pass=p")
C("long-read-only", "//v4host/share MNT --read-only -o user=u,pass=p")
C("nosuid-nodev-noexec-mand",
  "//v4host/share MNT -o user=u,pass=p,nosuid,nodev,noexec,mand")
C("suid-dev-exec-nomand-clear",
  "//v4host/share MNT -o nosuid,nodev,noexec,mand,user=u,pass=p,suid,dev,exec,"
  "nomand")
C("nobrl-nolock", "//v4host/share MNT -o mand,user=u,pass=p,nobrl,nolock")
C("mand-after-nobrl", "//v4host/share MNT -o nobrl,mand,user=u,pass=p")
C("remount", "//v4host/share MNT -o remount,user=u,pass=p,ro")
C("mount-succeeds", "//v4host/share MNT -o user=u,pass=p",
  inject="retval=0")

# ==========================================================================
# Consumed / dropped / passed-through options

C("nofail-exhausted", "//two4/share MNT -o user=u,pass=p,nofail",
  inject=EXHAUST)
C("nofail-other-error", "//v4host/share MNT -o user=u,pass=p,nofail",
  inject="error=EACCES")
C("nofail-enodev", "//v4host/share MNT -o user=u,pass=p,nofail")
C("netdev-comment-xsystemd",
  ["//v4host/share", "MNT", "-o",
   "_netdev,user=u,comment=some text,x-systemd.automount,pass=p,"
   "x-systemd.idle-timeout=60,vers=3.0,X-mount.mkdir"])
C("file-dir-mode", "//v4host/share MNT -o user=u,pass=p,file_mode=0644,"
  "dir_mode=0755")
C("file-mode-not-octal", "//v4host/share MNT -o user=u,pass=p,file_mode=644")
C("file-mode-empty", "//v4host/share MNT -o user=u,pass=p,file_mode=")
C("dir-mode-empty", "//v4host/share MNT -o user=u,pass=p,dir_mode=")
C("users-bare", "//v4host/share MNT -o user=u,pass=p,users")
C("users-value", "//v4host/share MNT -o user=u,pass=p,users=x")
C("user-xattr", "//v4host/share MNT -o user_xattr,user=u,pass=p")
C("unknown-options-in-order",
  "//v4host/share MNT -o foo,user=u,bar=baz,vers=3.1.1,cache=none,port=4455,"
  "noserverino,pass=p,rsize=65536,multiuser,noauto,defaults,weird=a=b")
C("option-prefixpath", "//v4host/share MNT -o user=u,pass=p,prefixpath=/x/y")
C("option-empty-tokens", "//v4host/share MNT -o ,user=u,,pass=p,")
C("o-repeated-last-wins",
  "//v4host/share MNT -o user=first,pass=1 -o user=second,pass=2")
C("long-options-flag", "//v4host/share MNT --options user=u,pass=p")
C("long-options-equals", "//v4host/share MNT --options=user=u,pass=p")
C("fmask-dmask", "//v4host/share MNT -o user=u,fmask=0640,pass=p,dmask=0750",
  deviation="D8",
  cifs=Out(32, M(SRC, V4 + ",file_mode,dir_mode,user=u,pass=p")),
  ours=Out(32, M(SRC, V4 + ",file_mode=0640,dir_mode=0750,user=u,pass=p")))

# ==========================================================================
# Command-line flags

C("flag-fake", "//v4host/share MNT -f -o user=u,pass=p")
C("flag-n", "//v4host/share MNT -n -o user=u,pass=p")
C("flag-v", "//v4host/share MNT -v -o user=u,pass=p")
C("flag-v-v", "-v -v //v4host/share MNT -o user=u,pass=p")
C("flag-V", "-V", ours_output_contains=["mount.cifs version: "])
C("flag-long-version", "--version",
  ours_output_contains=["mount.cifs version: "])
C("flag-h", "-h")
C("flag-help-with-args", "//v4host/share MNT --help")
C("flags-after-positional", "//v4host/share MNT -o user=u,pass=p -r -n")
C("double-dash", "-o user=u,pass=p -- //v4host/share MNT")
C("extra-positional-ignored", "//v4host/share MNT extra1 -o user=u,pass=p "
  "extra2")
C("one-positional", "//v4host/share -o user=u,pass=p")
C("no-arguments", [])
C("mountpoint-missing", "//v4host/share {d}/does-not-exist -o user=u,pass=p")
C("dead-long-option", "//v4host/share MNT --username=bob -o pass=p")
C("flag-fake-fake", "//v4host/share MNT -f -f -o user=u,pass=p",
  deviation="D2",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=p")),
  ours=Out(0))
C("flag-s-sloppy", "//v4host/share/sub MNT -s -o user=u,vers=3.0,pass=p",
  deviation="D5",
  cifs=Out(32, M("//v4host/share/sub",
                 V4 + ",vers=3.0,user=u,prefixpath=sub,sloppy,pass=p")),
  ours=Out(32, M("//v4host/share/sub",
                 V4 + ",sloppy,vers=3.0,user=u,prefixpath=sub,pass=p")))
C("unknown-flag", "//v4host/share MNT -Z -o user=u,pass=p", deviation="D1",
  cifs=Out(0), ours=Out(1))
C("flag-N-namespace", "//v4host/share MNT -N /proc/{pid}/ns/mnt "
  "-o user=u,pass=p", deviation="D1",
  cifs=Out(0), ours=Out(32, M(SRC, V4 + ",user=u,pass=p")))
C("flag-t-type", "//v4host/share MNT -o user=u,pass=p -t cifs",
  deviation="D1",
  cifs=Out(0), ours=Out(32, M(SRC, V4 + ",user=u,pass=p")))

# ==========================================================================
# UNC forms

C("unc-backslashes", ["\\\\v4host\\share", "MNT", "-o", "user=u,pass=p"])
C("unc-prefixpath", "//v4host/share/a/b MNT -o user=u,pass=p")
C("unc-backslash-prefixpath", ["\\\\v4host\\share\\a\\b", "MNT", "-o",
                               "user=u,pass=p"])
C("unc-mixed-separators", ["//v4host\\share/a\\b", "MNT", "-o",
                           "user=u,pass=p"])
C("unc-prefixpath-trailing-slash", "//v4host/share/a/ MNT -o user=u,pass=p")
C("unc-share-trailing-slash", "//v4host/share/ MNT -o user=u,pass=p")
C("unc-cifs-url", "cifs://v4host/share MNT -o user=u,pass=p")
C("unc-smb-url", "smb://v4host/share MNT -o user=u,pass=p")
C("unc-no-leading-slashes", "v4host/share MNT -o user=u,pass=p")
C("unc-single-slash", "/v4host/share MNT -o user=u,pass=p")
C("unc-only-slashes", "// MNT -o user=u,pass=p")
C("unc-empty-host", "///share MNT -o user=u,pass=p")
C("unc-numeric-v4", "//198.51.100.7/share MNT -o user=u,pass=p")
C("unc-v6-literal-loopback", "//::1/share MNT -o user=u,pass=p")
C("unc-v6-literal-doc", "//2001:db8::1/share MNT -o user=u,pass=p")
C("unc-v6-link-local-scope", "//fe80::1%lo/share MNT -o user=u,pass=p")
C("unc-v6-bracketed", "//[2001:db8::1]/share MNT -o user=u,pass=p",
  deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("//2001:db8::1/share",
                 "ip=2001:db8::1,unc=\\\\2001:db8::1\\share,user=u,pass=p")))
C("unc-v6-bracketed-port", "//[2001:db8::1]:4455/share MNT -o user=u,pass=p",
  deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("//2001:db8::1/share",
                 "ip=2001:db8::1,unc=\\\\2001:db8::1\\share,port=4455,"
                 "user=u,pass=p")))
C("unc-host-port", "//v4host:4455/share/sub MNT -o vers=3.0,user=u,pass=p",
  deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("//v4host/share/sub",
                 V4 + ",port=4455,vers=3.0,user=u,prefixpath=sub,pass=p")))
C("unc-v6-bracketed-prefixpath",
  "//[2001:db8::1]/share/sub MNT -o user=u,pass=p", deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("//2001:db8::1/share/sub",
                 "ip=2001:db8::1,unc=\\\\2001:db8::1\\share,user=u,"
                 "prefixpath=sub,pass=p")))
C("unc-v6-bracketed-backslashes",
  ["\\\\[2001:db8::1]\\share", "MNT", "-o", "user=u,pass=p"],
  deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("\\\\2001:db8::1\\share",
                 "ip=2001:db8::1,unc=\\\\2001:db8::1\\share,user=u,pass=p")))
C("unc-host-port-sloppy", "//v4host:4455/share MNT -s -o user=u,pass=p,vers=3.0",
  deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("//v4host/share",
                 V4 + ",sloppy,port=4455,vers=3.0,user=u,pass=p")))
C("unc-v4-literal-port", "//198.51.100.7:139/share MNT -o user=u,pass=p",
  deviation="D3",
  cifs=Out(1),
  ours=Out(32, M("//198.51.100.7/share",
                 "ip=198.51.100.7,unc=\\\\198.51.100.7\\share,port=139,"
                 "user=u,pass=p")))
C("unc-no-share", "//v4host MNT -o user=u,pass=p", deviation="D4",
  cifs=Out(32, M("//v4host", "ip=198.51.100.20,unc=\\\\v4host\\,"
                             "user=u,prefixpath={mnt_rel},pass=p")),
  ours=Out(1))
C("unc-empty-share", "//v4host/ MNT -o user=u,pass=p", deviation="D4",
  cifs=Out(32, M("//v4host/", "ip=198.51.100.20,unc=\\\\v4host\\,"
                              "user=u,pass=p")),
  ours=Out(1))
# A comma in the UNC ends unc= or prefixpath= in the kernel's option string
# and adds an option nobody gave (the kernel takes the later ip=); control
# characters would change the string or forge mtab lines.
C("unc-comma-in-share", "//v4host/sh,ip=203.0.113.9/x MNT -o user=u,pass=p",
  deviation="D32",
  cifs=Out(32, M("//v4host/sh,ip=203.0.113.9/x",
                 "ip=198.51.100.20,unc=\\\\v4host\\sh,ip=203.0.113.9,"
                 "user=u,prefixpath=x,pass=p")),
  ours=Out(1), ours_output_contains=["bad UNC (//v4host/sh,ip=203.0.113.9/x)"])
C("unc-comma-in-prefixpath", "//v4host/share/dir,uid=0 MNT -o user=u,pass=p",
  deviation="D32",
  cifs=Out(32, M("//v4host/share/dir,uid=0",
                 V4 + ",user=u,prefixpath=dir,uid=0,pass=p")),
  ours=Out(1), ours_output_contains=["bad UNC"])
C("unc-comma-in-host-with-ip",
  "//v4host,uid=0/share MNT -o user=u,ip=198.51.100.99,pass=p",
  deviation="D32",
  cifs=Out(32, M("//v4host,uid=0/share",
                 "ip=198.51.100.99,unc=\\\\v4host,uid=0\\share,user=u,pass=p")),
  ours=Out(1), ours_output_contains=["bad UNC"])
C("unc-comma-backslashes", ["\\\\v4host\\share\\a,sec=none", "MNT", "-o",
                            "user=u,pass=p"],
  deviation="D32",
  cifs=Out(32, M("\\\\v4host\\share\\a,sec=none",
                 V4 + ",user=u,prefixpath=a,sec=none,pass=p")),
  ours=Out(1), ours_output_contains=["bad UNC"])
C("unc-tab-in-share", ["//v4host/sh\tare", "MNT", "-o", "user=u,pass=p"],
  deviation="D32",
  cifs=Out(32, M("//v4host/sh\tare", "ip=198.51.100.20,unc=\\\\v4host\\sh\tare,"
                                     "user=u,pass=p")),
  ours=Out(1), ours_output_contains=["illegal character 0x09"])
C("unc-cr-in-prefixpath", ["//v4host/share/a\rb", "MNT", "-o", "user=u,pass=p"],
  deviation="D32",
  cifs=Out(32, M("//v4host/share/a\rb", V4 + ",user=u,prefixpath=a\rb,pass=p")),
  ours=Out(1), ours_output_contains=["illegal character 0x0d"])
C("unc-option-same", "//v4host/share MNT -o user=u,unc=//v4host/share,pass=p",
  deviation="D12",
  cifs=Out(32, M(SRC, V4 + ",unc=//v4host/share,user=u,pass=p")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p")))
C("unc-option-different",
  "//v4host/share MNT -o user=u,unc=//198.51.100.9/other/p,pass=p",
  deviation="D12",
  note="7.0 parses the option UNC and the device into the same buffers "
       "without clearing them: it then resolves host 'v4host.100.9' and fails",
  cifs=Out(1),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p")))
C("target-option-value", "//v4host/share MNT -o target=//v4host/share,user=u,pass=p",
  deviation="D12",
  cifs=Out(32, M(SRC, V4 + ",target=//v4host/share,user=u,pass=p")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p")))
C("path-option-value", ["\\\\v4host\\share", "MNT", "-o",
                        "user=u,path=\\\\v4host\\share,pass=p"],
  deviation="D12",
  cifs=Out(32, M("\\\\v4host\\share",
                 V4 + ",path=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(32, M("\\\\v4host\\share", V4 + ",user=u,pass=p")))
C("unc-option-empty", "//v4host/share MNT -o user=u,unc=,pass=p")
C("target-option-empty", "//v4host/share MNT -o user=u,target=,pass=p")
C("path-option-empty", "//v4host/share MNT -o user=u,path=,pass=p")
C("prog-mount-smb3", "//v4host/share MNT -o user=u,pass=p", prog="mount.smb3")
C("prog-mount-smb3-retry", "//two4/share MNT -o user=u,pass=p",
  prog="mount.smb3", inject="error=ECONNREFUSED:when=1")

# ==========================================================================
# Addresses: ip=/addr=, name resolution

C("ip-override-v4", "//srv/share MNT -o user=u,ip=198.51.100.99,pass=p")
C("ip-override-unresolvable-host",
  "//nosuch.invalid/share MNT -o user=u,ip=198.51.100.99,pass=p")
C("addr-override-v6", "//srv/share MNT -o addr=2001:db8::99,user=u,pass=p")
C("ip-override-last-wins",
  "//srv/share MNT -o ip=198.51.100.98,user=u,ip=198.51.100.99,pass=p")
C("ip-too-long", "//srv/share MNT -o user=u,pass=p,ip="
  "2001:0db8:0000:0000:0000:0000:0000:0001%abcdefghij")
C("ip-override-exhausted", "//two4/share MNT -o ip=198.51.100.99,user=u,pass=p",
  inject=EXHAUST)
C("ip-empty", "//v4host/share MNT -o user=u,ip=,pass=p", deviation="D13",
  cifs=Out(32, M(SRC, V4 + ",ip=,user=u,pass=p")),
  ours=Out(1))
C("ip-malformed", "//v4host/share MNT -o user=u,ip=not.an.address,pass=p",
  deviation="D13",
  cifs=Out(32, M(SRC, "ip=not.an.address,unc=\\\\v4host\\share,"
                      "user=u,pass=p")),
  ours=Out(1))
C("ip-named-scope", "//v4host/share MNT -o user=u,ip=fe80::1%lo,pass=p",
  deviation="D13",
  cifs=Out(32, M(SRC, "ip=fe80::1%lo,unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(32, M(SRC, "ip=fe80::1%1,unc=\\\\v4host\\share,user=u,pass=p")))
C("resolve-v6-only-host", "//v6host/share MNT -o user=u,pass=p")
C("resolve-dual-host", "//dual/share MNT -o user=u,pass=p", inject=EXHAUST)
C("resolve-multi-host", "//multi/share MNT -o user=u,pass=p", inject=EXHAUST)
C("resolve-two4-host", "//two4/share MNT -o user=u,pass=p", inject=EXHAUST)
C("resolve-two6-host", "//two6/share MNT -o user=u,pass=p", inject=EXHAUST)
C("resolve-unresolvable", "//nosuch.invalid/share MNT -o user=u,pass=p")
C("resolve-case-insensitive", "//V4HOST/share MNT -o user=u,pass=p")
C("resolve-alias", "//srv/share MNT -o user=u,pass=p")

# ==========================================================================
# mount(2) errors and the retry loop (strace fault injection)

C("retry-econnrefused", "//dual/share MNT -o user=u,pass=p",
  inject="error=ECONNREFUSED:when=1")
C("retry-ehostunreach", "//dual/share MNT -o user=u,pass=p",
  inject="error=EHOSTUNREACH:when=1")
C("retry-multi-refused-twice", "//multi/share MNT -o user=u,pass=p",
  inject="error=ECONNREFUSED:when=1..2")
C("retry-three4-exhausted", "//three4/share MNT -o user=u,pass=p",
  inject="error=EHOSTUNREACH")
C("success-stops-at-first-address", "//two4/share MNT -o user=u,pass=p",
  inject="retval=0")
C("no-retry-eacces", "//two4/share MNT -o user=u,pass=p",
  inject="error=EACCES:when=1")
C("no-retry-ehostdown", "//two4/share MNT -o user=u,pass=p",
  inject="error=EHOSTDOWN:when=1")
C("no-retry-enodev", "//two4/share MNT -o user=u,pass=p",
  inject="error=ENODEV:when=1")
C("no-retry-einval", "//two4/share MNT -o user=u,pass=p",
  inject="error=EINVAL:when=1")
C("enxio-uppercase-retry", "//Mixed.Case/Share/sub/Dir MNT -o user=u,pass=p",
  inject="error=ENXIO:when=1")
C("enxio-twice", "//Mixed.Case/Share MNT -o user=u,pass=p",
  inject="error=ENXIO")
C("enxio-non-ascii-no-retry", "//v4host/sh\u00e4re MNT -o user=u,pass=p",
  inject="error=ENXIO")
C("enxio-two4-no-next-address", "//two4/share MNT -o user=u,pass=p",
  inject="error=ENXIO")
C("enxio-backslash-unc", ["\\\\Mixed.Case\\Share\\x", "MNT", "-o",
                          "user=u,pass=p"], inject="error=ENXIO:when=1")


def _retry_dev(errno_name):
    C("retry-%s" % errno_name.lower(), "//two4/share MNT -o user=u,pass=p",
      inject="error=%s:when=1" % errno_name, deviation="D9",
      cifs=Out(32, M("//two4/share",
                     "ip=198.51.100.21,unc=\\\\two4\\share,user=u,pass=p")),
      ours=Out(32,
               M("//two4/share",
                 "ip=198.51.100.21,unc=\\\\two4\\share,user=u,pass=p"),
               M("//two4/share",
                 "ip=198.51.100.22,unc=\\\\two4\\share,user=u,pass=p")))


for _e in ("ENETUNREACH", "EINPROGRESS", "ETIMEDOUT", "EADDRNOTAVAIL",
           "EAFNOSUPPORT"):
    _retry_dev(_e)

C("nofail-exhausted-enetunreach", "//two4/share MNT -o user=u,pass=p,nofail",
  inject="error=ENETUNREACH", deviation="D9",
  cifs=Out(32, M("//two4/share",
                 "ip=198.51.100.21,unc=\\\\two4\\share,user=u,pass=p")),
  ours=Out(0,
           M("//two4/share",
             "ip=198.51.100.21,unc=\\\\two4\\share,user=u,pass=p"),
           M("//two4/share",
             "ip=198.51.100.22,unc=\\\\two4\\share,user=u,pass=p")))

# ==========================================================================
# More edge cases: length limits and boundaries, address syntax, ENOKEY,
# odd flags

C("user-percent-literal", "//v4host/share MNT -o user=bob%pw,pass=p")
C("pass-511", "//v4host/share MNT -o user=u,pass=" + "p" * 511)
C("pass-512", "//v4host/share MNT -o user=u,pass=" + "p" * 512)
C("PASSWD-commas-too-long", "//v4host/share MNT -o user=u",
  env={"PASSWD": "," * 300})
C("PASSWD_FILE-empty", "//v4host/share MNT -o user=u", files={"pw": ""},
  env={"PASSWD_FILE": "{d}/pw"})
C("cred-empty-file", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": ""}, env={"PASSWD": "envpw"})
C("uid-hex", "//v4host/share MNT -o user=u,pass=p,uid=0x10")
C("uid-negative", "//v4host/share MNT -o user=u,pass=p,uid=-1",
  deviation="D20",
  cifs=Out(32, M(SRC, V4 + ",uid=4294967295,user=u,pass=p")),
  ours=Out(1))
C("uid-trailing-garbage", "//v4host/share MNT -o user=u,pass=p,uid=12abc")
C("cruid-bad", "//v4host/share MNT -o user=u,pass=p,cruid=nosuchuser")
C("backupgid-bad", "//v4host/share MNT -o user=u,pass=p,backupgid=nosuchgrp")
C("snapshot-bad-date", "//v4host/share MNT -o user=u,pass=p,"
  "snapshot=@GMT-2024.13.45-25.61.61")
C("relative-mountpoint", "//v4host/share mnt -o user=u,pass=p")
C("mountpoint-trailing-slash", "//v4host/share {mnt}/ -o user=u,pass=p")
C("mountpoint-is-file", "//v4host/share {d}/afile -o user=u,pass=p",
  files={"afile": "x"})
C("unc-newline", ["//v4host/sha\nre", "MNT", "-o", "user=u,pass=p"])
C("unc-v6-literal-prefix", "//2001:db8::1/share/sub MNT -o user=u,pass=p")
C("unc-share-too-long", "//v4host/" + "s" * 300 + " MNT -o user=u,pass=p")
C("verbose-long", "//v4host/share MNT --verbose -o user=u,pass=p")
C("no-options-at-all", "//v4host/share MNT", env={"USER": "x"})
C("ro-and-rw-flags-vs-opts", "//v4host/share MNT -w -o ro,user=u,pass=p")

C("nofail-unresolvable", "//nosuch.invalid/share MNT -o user=u,pass=p,nofail")
C("user-256", "//v4host/share MNT -o pass=p,user=" + "u" * 256)
C("dom-256", "//v4host/share MNT -o user=u,pass=p,dom=" + "D" * 256)
C("dom-257", "//v4host/share MNT -o user=u,pass=p,dom=" + "D" * 257)
C("share-256", "//v4host/" + "s" * 256 + " MNT -o user=u,pass=p")
C("share-257", "//v4host/" + "s" * 257 + " MNT -o user=u,pass=p")
C("ip-45-chars", "//v4host/share MNT -o user=u,pass=p,ip="
  "2001:0db8:0000:0000:0000:0000:0000:0001%12345", deviation="D21",
  cifs=Out(32, M(SRC, "ip=2001:0db8:0000:0000:0000:0000:0000:0001%12345,"
                 "unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(32, M(SRC, "ip=2001:db8::1%12345,unc=\\\\v4host\\share,user=u,pass=p")))
C("ip-46-chars", "//v4host/share MNT -o user=u,pass=p,ip="
  "2001:0db8:0000:0000:0000:0000:0000:0001%123456")
C("ip-v6-full-form", "//v4host/share MNT -o user=u,pass=p,ip="
  "2001:0db8:0000:0000:0000:0000:0000:0001", deviation="D21",
  cifs=Out(32, M(SRC, "ip=2001:0db8:0000:0000:0000:0000:0000:0001,"
                 "unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(32, M(SRC, "ip=2001:db8::1,unc=\\\\v4host\\share,user=u,pass=p")))
C("ip-v4-leading-zeros", "//v4host/share MNT -o user=u,pass=p,ip=198.51.100.007",
  deviation="D13",
  cifs=Out(32, M(SRC, "ip=198.51.100.007,unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(1))
C("ip-v4-mapped-v6", "//v4host/share MNT -o user=u,pass=p,ip=::ffff:198.51.100.7")
C("env-USER-empty", "//v4host/share MNT -o pass=p", env={"USER": ""})
C("env-PASSWD-newline", "//v4host/share MNT -o user=u",
  env={"PASSWD": "line1\nline2"})
C("pass-with-equals", "//v4host/share MNT -o user=u,pass=a=b=c")
C("long-read-write", "//v4host/share MNT -o ro,user=u,pass=p --read-write")
C("flag-question-mark", ["-?"])
C("sloppy-as-option", "//v4host/share MNT -o sloppy,user=u,pass=p,vers=3.0")
C("comment-bare", "//v4host/share MNT -o comment,user=u,pass=p")
C("x-dash-only", "//v4host/share MNT -o x-,user=u,pass=p,xyz")
C("enokey-sudo-uid-retry", "//v4host/share MNT -o user=u,sec=krb5",
  env={"SUDO_UID": "1000"}, inject="error=ENOKEY:when=1", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,user=u,pass="),
           M(SRC, V4 + ",sec=krb5,cruid=1000,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,user=u"),
           M(SRC, V4 + ",sec=krb5,cruid=1000,user=u")))
C("enokey-sudo-uid-no-krb5", "//v4host/share MNT -o user=u,pass=p",
  env={"SUDO_UID": "1000"}, inject="error=ENOKEY:when=1")
C("enokey-no-sudo-uid", "//v4host/share MNT -o user=u,sec=krb5",
  inject="error=ENOKEY:when=1", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,user=u")))
C("enokey-sudo-uid-zero", "//v4host/share MNT -o user=u,sec=krb5",
  env={"SUDO_UID": "0"}, inject="error=ENOKEY:when=1", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,user=u")))
C("enokey-sudo-uid-with-cruid", "//v4host/share MNT -o user=u,sec=krb5,cruid=5",
  env={"SUDO_UID": "1000"}, inject="error=ENOKEY:when=1", deviation="D6",
  cifs=Out(32, M(SRC, V4 + ",sec=krb5,cruid=5,user=u,pass="),
           M(SRC, V4 + ",sec=krb5,cruid=1000,user=u,pass=")),
  ours=Out(32, M(SRC, V4 + ",sec=krb5,cruid=5,user=u"),
           M(SRC, V4 + ",sec=krb5,cruid=1000,user=u")))
C("dual-ip-override", "//dual/share MNT -o user=u,pass=p,ip=198.51.100.77",
  inject=EXHAUST)
C("flag-o-missing-argument", "//v4host/share MNT -o", deviation="D1",
  cifs=Out(0), ours=Out(1))
C("flag-long-sloppy", "//v4host/share MNT --sloppy -o user=u,pass=p",
  deviation="D5",
  cifs=Out(32, M(SRC, V4 + ",user=u,sloppy,pass=p")),
  ours=Out(32, M(SRC, V4 + ",sloppy,user=u,pass=p")))

C("ip-v4-octal-looking", "//v4host/share MNT -o user=u,pass=p,ip=198.51.100.010",
  deviation="D13",
  cifs=Out(32, M(SRC, "ip=198.51.100.010,unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(1))
C("ip-v4-integer", "//v4host/share MNT -o user=u,pass=p,ip=3325256714",
  deviation="D13",
  cifs=Out(32, M(SRC, "ip=3325256714,unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(1))
C("ip-v4-three-parts", "//v4host/share MNT -o user=u,pass=p,ip=198.51.100",
  deviation="D13",
  cifs=Out(32, M(SRC, "ip=198.51.100,unc=\\\\v4host\\share,user=u,pass=p")),
  ours=Out(1))
C("resolve-many-20-addresses", "//many/share MNT -o user=u,pass=p",
  inject=EXHAUST, deviation="D22",
  cifs=Out(32, *[M("//many/share", "ip=198.51.100.%d,unc=\\\\many\\share,"
                   "user=u,pass=p" % i) for i in range(101, 121)]),
  ours=Out(32, *[M("//many/share", "ip=198.51.100.%d,unc=\\\\many\\share,"
                   "user=u,pass=p" % i) for i in range(101, 117)]))

C("combined-short-flags", "//v4host/share MNT -rn -o user=u,pass=p")
C("attached-o-argument", "//v4host/share MNT -ouser=u,pass=p")
C("long-option-abbrev", "//v4host/share MNT --read-o --opt=user=u,pass=p")
C("long-option-ambiguous", "//v4host/share MNT --re -o user=u,pass=p",
  deviation="D1", cifs=Out(0), ours=Out(1))
C("env-POSIXLY_CORRECT", "//v4host/share MNT -o user=u,pass=p",
  env={"POSIXLY_CORRECT": "1"}, deviation="D23",
  cifs=Out(32, M(SRC, V4 + ",user=root,pass=")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=p")))

# Ours' default policy (happy-eyeballs) orders a two-family name by RFC 6724
# and interleaves the families (RFC 8305 section 4); every other case pins
# `family = system`, cifs-utils' order.
_MULTI = "unc=\\\\multi\\share,user=u,pass=p"
C("default-policy-interleaves", "//multi/share MNT -o user=u,pass=p",
  inject=EXHAUST, default_policy=True, deviation="D24",
  cifs=Out(32, *[M("//multi/share", "ip=%s,%s" % (a, _MULTI)) for a in
                 ("2001:db8::11", "2001:db8::12", "198.51.100.11",
                  "198.51.100.12", "198.51.100.13")]),
  ours=Out(32, *[M("//multi/share", "ip=%s,%s" % (a, _MULTI)) for a in
                 ("2001:db8::11", "198.51.100.11", "2001:db8::12",
                  "198.51.100.12", "198.51.100.13")]))
C("default-policy-v4-only-name", "//v4host/share MNT -o user=u,pass=p",
  default_policy=True)

C("dirm", "//v4host/share MNT -o user=u,pass=p,dirm=0755")
C("dirm-empty", "//v4host/share MNT -o user=u,pass=p,dirm=")
C("snapshot-prefix-token", "//v4host/share MNT -o user=u,pass=p,"
  "snapshots=@GMT-2024.01.02-03.04.05")
C("x-prefix-token-any", "//v4host/share MNT -o x-gvfs-show,user=u,pass=p,"
  "x-initrd.mount")

# ==========================================================================
# Other deliberate deviations

C("PASSWD_FD-newline", "//v4host/share MNT -o user=u",
  files={"pw": "fdpw\nsecond line\n"}, fd_env={"PASSWD_FD": "pw"},
  deviation="D10",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=fdpw\nsecond line\n")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=fdpw")))
C("PASSWD_FILE-newline", "//v4host/share MNT -o user=u",
  files={"pw": "file,pw\n"}, env={"PASSWD_FILE": "{d}/pw"},
  deviation="D10",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=file,,pw\n")),
  ours=Out(32, M(SRC, V4 + ",user=u,pass=file,,pw")))
C("cred-crlf", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=cu\r\npassword=cp\r\ndomain=cd\r\n"},
  deviation="D11",
  cifs=Out(32, M(SRC, V4 + ",user=cu\r,domain=cd\r,pass=cp\r")),
  ours=Out(32, M(SRC, V4 + ",user=cu,domain=cd,pass=cp")))
C("cred-open-error-enotdir",
  "//v4host/share MNT -o credentials={d}/cred/sub", files={"cred": CRED},
  deviation="D14", cifs=Out(20), ours=Out(2))
C("cred-open-error-eloop", "//v4host/share MNT -o credentials={d}/loop",
  symlinks={"loop": "{d}/loop"}, deviation="D14", cifs=Out(40), ours=Out(2))
C("username-too-long", "//v4host/share MNT -o pass=p,user=" + "u" * 300,
  deviation="D15",
  cifs=Out(32, M(SRC, V4 + ",user=" + "u" * 256 + ",pass=p")),
  ours=Out(1))
C("cred-username-too-long", "//v4host/share MNT -o credentials={d}/cred",
  files={"cred": "username=" + "c" * 300 + "\npassword=p\n"},
  deviation="D15",
  cifs=Out(32, M(SRC, V4 + ",user=" + "c" * 256 + ",pass=p")),
  ours=Out(1))
C("env-USER-too-long", "//v4host/share MNT -o pass=p", env={"USER": "e" * 300},
  deviation="D15",
  cifs=Out(32, M(SRC, V4 + ",user=" + "e" * 256 + ",pass=p")),
  ours=Out(1))
_MANY = ",".join(["opt%04d" % i for i in range(600)])
C("options-too-long", "//v4host/share MNT -o user=u,pass=p," + _MANY,
  deviation="D16",
  cifs=Out(32, M(SRC, (V4 + "," + _MANY)[:4095])),
  ours=Out(1),
  ours_output_contains=["Options string too long"])
C("pass-513", "//v4host/share MNT -o user=u,pass=" + "p" * 513,
  deviation="D17",
  cifs=Out(32, M(SRC, V4 + ",user=u,pass=" + "p" * 513 + "198.51.100.20")),
  ours=Out(1))
C("family-option-v4-only", "//dual/share MNT -o user=u,family=v4-only,pass=p",
  inject=EXHAUST, deviation="D18",
  # cifs-utils passes family=v4-only on like any unknown option and tries
  # both addresses in getaddrinfo order (not fixed here: see README).
  ours=Out(32, M("//dual/share", "ip=198.51.100.10,unc=\\\\dual\\share,"
                                 "user=u,pass=p")))
