#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""AD site ordering (issue 16) against a real Samba AD domain controller.

A Samba 4.17 AD DC (Debian's, unpacked, never installed: Debian's samba
conflicts with ksmbd-tools) runs in a network namespace with its internal
DNS; `samba-tool sites` puts the client's subnets in site SiteNear; the
domain name corp.test resolves to the real DC, two "far" DCs and two
SiteNear DCs (A/AAAA records, SRV records of SiteNear), each address with a
listener on 445. The built mount.cifs runs in a client namespace whose
resolv.conf names the DC, under strace with mount(2) recorded (retval=0
injected), syslog read from a private /dev/log (tests/integration's
runner). Checked:
  1. the site's DCs come first in the decision line and win the race;
     ad-site-order = no leaves DNS's order (a far DC wins);
  2. the learnt site is written to the server's record, and the next mount
     with that record sends no CLDAP ping (an nftables counter on UDP 389);
  3. with UDP 389 dropped the mount still goes ahead, within the budget,
     and the next mount on that network sends no ping; with only the DC's
     IPv4 UDP 389 dropped the site comes from its IPv6 reply;
  3a. a client whose address is in no AD subnet (its packets to the DC
     leave from 203.0.113.1 / 2001:db8:f00::1 by host routes): the DC's
     reply names no site, the record gets ad-site-none-at, the next mount
     on that network sends no ping, and one on a changed network pings;
  2a. the reconnect handler (cifs-family-resolve --test, in the client
     namespace, on the first mount's record and configuration) answers a
     SiteNear DC of the mount's family, not DNS's first (a far DC), and
     sends no CLDAP ping (the counter);
  4. Debian's cifs-utils 7.0 on the same name: the address it mounts;
  5. timings (median of 5): exec to first mount(2) with the site lookup
     off, on without a remembered site, on with one, CLDAP blocked, and
     cifs-utils 7.0 (--results FILE writes them as Markdown).

The provisioned DC (and the unpacked samba package) is cached under
/var/cache/cifs-family-ad, so a rerun starts Samba in a few seconds.
Needs root, iproute2, nftables, strace, and Samba's non-conflicting
packages (python3-samba samba-common-bin samba-dsdb-modules
samba-ad-provision winbind ...: .ci/run installs them); it fails, never
skips, without them. Prints "N passed, M failed".
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import run_integration as ri  # noqa: E402

CACHE = "/var/cache/cifs-family-ad"
DC_RUN = os.path.join(CACHE, "dc")          # the tree Samba runs from
DC_PRISTINE = os.path.join(CACHE, "dc.tar")  # provisioned, records added
REALM, DOMAIN, NAME = "CORP.TEST", "CORP", "corp.test"
ADMIN_PASS = "Passw0rd.Test"
CLIENT_NS, DC_NS = "cfad-cli", "cfad-dc"
VETH_C, VETH_D = "cfad-c0", "cfad-d0"
DC4, DC6 = "198.51.100.10", "2001:db8:ad::10"
C4, C6 = "198.51.100.1", "2001:db8:ad::1"
# Client addresses in no AD subnet (case 3a): host routes to the DC use them.
OUT4, OUT6 = "203.0.113.1", "2001:db8:f00::1"
# A prefix that changes the client's network fingerprint (case 3a).
# (Documentation prefixes only; never 192.0.2.0/24, which this machine's own
# interface uses.)
OTHER_NET = "203.0.113.129/25"
NEAR = ["198.51.100.31", "198.51.100.32", "2001:db8:ad::31", "2001:db8:ad::32"]
FAR = ["198.51.100.21", "198.51.100.22", "2001:db8:ad::21", "2001:db8:ad::22"]
# Samba's packages that conflict with nothing (test-rigs.md); samba itself
# and samba-vfs-modules are downloaded and unpacked.
UNPACKED = ["samba", "samba-vfs-modules"]
PROVISION_VERSION = "2"  # bump when the provisioned layout changes

LISTENER_PY = r"""
import select, socket, sys
socks = []
for a in sys.argv[1:]:
    s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a, 445))
    s.listen(64)
    socks.append(s)
print("ready", flush=True)
while True:
    r, _, _ = select.select(socks, [], [])
    for s in r:
        c, _ = s.accept()
        c.close()
"""

# Runs inside the DC namespace's private mount namespace: the unpacked
# samba over /usr, the DC's own resolv.conf (samba_dnsupdate must never
# ask the host's name server), then the command.
DC_ENTER_SH = r"""#!/bin/sh
set -e
tree=$1; resolv=$2; shift 2
mount -t overlay -o "lowerdir=$tree/usr:/usr" cfad-usr /usr
mount --bind "$resolv" /etc/resolv.conf
exec "$@"
"""


class Fail(Exception):
    pass


def sh(argv, ns=None, check=True, timeout=120, stdin=None, env=None):
    cmd = (["ip", "netns", "exec", ns] if ns else []) + list(argv)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       input=stdin, env=env)
    if check and p.returncode != 0:
        raise Fail("%s: exit %d: %s" % (" ".join(cmd), p.returncode,
                                         (p.stderr or p.stdout).strip()[-800:]))
    return p


# ---------------------------------------------------------------------------
# Samba: unpacked package, provisioned tree (cached)

def samba_tree():
    """The unpacked samba packages of the installed samba-libs' version."""
    version = sh(["dpkg-query", "-W", "-f=${Version}", "samba-libs"],
                 check=False).stdout.strip()
    if not version:
        raise Fail("samba-libs is not installed (.ci/run installs Samba's "
                   "non-conflicting packages)")
    for tool in ("/usr/bin/samba-tool", "/usr/sbin/winbindd"):
        if not os.path.exists(tool):
            raise Fail("%s missing: install samba-common-bin and winbind" % tool)
    tree = os.path.join(CACHE, "samba-" + re.sub(r"[^0-9A-Za-z.+~-]", "_", version))
    if os.path.exists(os.path.join(tree, ".ready")):
        return tree
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    dl = tempfile.mkdtemp(dir=CACHE)
    os.chmod(dl, 0o755)  # apt's _apt user writes here
    try:
        subprocess.run(["apt-get", "download", "-q"] +
                       ["%s=%s" % (p, version) for p in UNPACKED],
                       cwd=dl, check=True, capture_output=True, timeout=300)
        for deb in sorted(os.listdir(dl)):
            sh(["dpkg-deb", "-x", os.path.join(dl, deb), tree])
    finally:
        shutil.rmtree(dl, ignore_errors=True)
    open(os.path.join(tree, ".ready"), "w").close()
    return tree


def pristine_key(tree):
    return "%s %s" % (PROVISION_VERSION, os.path.basename(tree))


def provisioned(tree, rig):
    marker = DC_PRISTINE + ".key"
    if os.path.exists(DC_PRISTINE) and os.path.exists(marker):
        with open(marker) as f:
            if f.read() == pristine_key(tree):
                return False
    print("provisioning the Samba AD DC (cached in %s)" % CACHE, flush=True)
    t0 = time.monotonic()
    shutil.rmtree(DC_RUN, ignore_errors=True)
    rig.dc([
        "samba-tool", "domain", "provision", "--realm=" + REALM, "--domain=" + DOMAIN,
        "--server-role=dc", "--dns-backend=SAMBA_INTERNAL", "--targetdir=" + DC_RUN,
        "--adminpass=" + ADMIN_PASS, "--host-name=dc1", "--host-ip=" + DC4,
        "--host-ip6=" + DC6, "--option=interfaces=lo %s %s" % (DC4, DC6),
        "--option=bind interfaces only=yes"], timeout=300)
    conf = ["-s", os.path.join(DC_RUN, "etc", "smb.conf"),
            "-H", os.path.join(DC_RUN, "private", "sam.ldb")]
    rig.dc(["samba-tool", "sites", "create", "SiteNear"] + conf)
    for net in ("198.51.100.0/24", "2001:db8:ad::/64"):
        rig.dc(["samba-tool", "sites", "subnet", "create", net, "SiteNear"] + conf)
    # DNS records need the running server (samba-tool dns speaks RPC).
    rig.start_samba()
    auth = ["-U", "Administrator", "--password=" + ADMIN_PASS]
    for a in NEAR + FAR:
        rig.dc(["samba-tool", "dns", "add", DC4, NAME, "@",
                "AAAA" if ":" in a else "A", a] + auth)
    for i, host in ((1, "dcn1"), (2, "dcn2")):
        rig.dc(["samba-tool", "dns", "add", DC4, NAME, host, "A", "198.51.100.3%d" % i] + auth)
        rig.dc(["samba-tool", "dns", "add", DC4, NAME, host, "AAAA",
                "2001:db8:ad::3%d" % i] + auth)
        rig.dc(["samba-tool", "dns", "add", DC4, "_msdcs." + NAME,
                "_ldap._tcp.SiteNear._sites.dc", "SRV",
                "%s.%s 389 0 100" % (host, NAME)] + auth)
    rig.stop_samba()
    sh(["tar", "-C", CACHE, "-cf", DC_PRISTINE, "dc"])
    with open(DC_PRISTINE + ".key", "w") as f:
        f.write(pristine_key(tree))
    print("provisioned in %.1f s" % (time.monotonic() - t0), flush=True)
    return True


# ---------------------------------------------------------------------------
# The rig

class Rig:
    """Duck-types tests/integration's Rig for its Runner: client, base,
    enter_sh, runs."""

    def __init__(self):
        self.base = tempfile.mkdtemp(prefix="cfad-")
        os.chmod(self.base, 0o755)
        self.client = CLIENT_NS
        self.enter_sh = os.path.join(self.base, "enter.sh")
        self.runs = 0
        self.tree = None
        self.samba = None
        self.listener = None
        self.namespaces = []

    def write(self, name, text, mode=0o644):
        path = os.path.join(self.base, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def setup(self):
        self.write("enter.sh", ri.ENTER_SH, 0o755)
        self.write("hosts", "127.0.0.1 localhost\n::1 localhost\n")
        self.write("nsswitch.files", ri.NSSWITCH)
        self.write("nsswitch.dns", ri.NSSWITCH_DNS)
        self.write("resolv.conf", "nameserver %s\noptions timeout:2 attempts:1\n" % DC4)
        self.dc_resolv = self.write("dc-resolv.conf", "nameserver %s\n" % DC4)
        self.dc_enter = self.write("dc-enter.sh", DC_ENTER_SH, 0o755)
        for ns in (CLIENT_NS, DC_NS):
            sh(["ip", "netns", "del", ns], check=False)
            sh(["ip", "netns", "add", ns])
            self.namespaces.append(ns)
        sh(["ip", "link", "add", VETH_C, "netns", CLIENT_NS, "type", "veth", "peer",
            "name", VETH_D, "netns", DC_NS])
        for ns, veth in ((CLIENT_NS, VETH_C), (DC_NS, VETH_D)):
            sh(["ip", "link", "set", "lo", "up"], ns=ns)
            sh(["ip", "link", "set", veth, "up"], ns=ns)
        sh(["ip", "addr", "add", C4 + "/24", "dev", VETH_C], ns=CLIENT_NS)
        sh(["ip", "addr", "add", C6 + "/64", "dev", VETH_C, "nodad"], ns=CLIENT_NS)
        sh(["ip", "addr", "add", DC4 + "/24", "dev", VETH_D], ns=DC_NS)
        sh(["ip", "addr", "add", DC6 + "/64", "dev", VETH_D, "nodad"], ns=DC_NS)
        for a in NEAR + FAR:
            sh(["ip", "addr", "add", a + ("/128" if ":" in a else "/32"), "dev", VETH_D]
               + (["nodad"] if ":" in a else []), ns=DC_NS)
        # A counter of CLDAP pings, and the chain a fault goes into.
        sh(["nft", "-f", "-"], ns=DC_NS, stdin="""
table inet cfad {
  chain fault {
  }
  chain input {
    type filter hook input priority 0; policy accept;
    udp dport 389 counter name cldap
    jump fault
  }
  counter cldap {
  }
}
""")
        self.tree = samba_tree()

    def dc(self, argv, timeout=120):
        """A command in the DC namespace with the unpacked samba on /usr."""
        return sh(["unshare", "--mount", "--propagation", "private", "--", "/bin/sh",
                   self.dc_enter, self.tree, self.dc_resolv] + argv, ns=DC_NS,
                  timeout=timeout)

    def start_samba(self):
        log = open(os.path.join(self.base, "samba.log"), "a")
        self.samba = subprocess.Popen(
            ["ip", "netns", "exec", DC_NS, "unshare", "--mount", "--propagation",
             "private", "--", "/bin/sh", self.dc_enter, self.tree, self.dc_resolv,
             "samba", "-F", "--debug-stdout", "-s", os.path.join(DC_RUN, "etc", "smb.conf")],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        # Ready: its DNS answers the domain's SRV and its CLDAP a ping.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.samba.poll() is not None:
                raise Fail("samba exited %s; see %s/samba.log" % (self.samba.returncode,
                                                                  self.base))
            p = sh(["python3", os.path.join(HERE, "capture_dns.py"), DC4,
                    "_ldap._tcp.dc._msdcs." + NAME, "SRV", os.path.join(self.base, "probe")],
                   ns=CLIENT_NS, check=False, timeout=10)
            q = sh(["python3", os.path.join(HERE, "capture_cldap.py"), DC4, NAME, "6",
                    os.path.join(self.base, "probe")], ns=CLIENT_NS, check=False, timeout=10)
            if p.returncode == 0 and q.returncode == 0:
                return
            time.sleep(0.5)
        raise Fail("samba did not answer DNS and CLDAP within 90 s")

    def stop_samba(self):
        if self.samba is not None:
            ri.kill_group(self.samba)
            try:
                self.samba.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.samba.pid, 9)
                self.samba.wait()
            self.samba = None

    def start(self):
        shutil.rmtree(DC_RUN, ignore_errors=True)
        sh(["tar", "-C", CACHE, "-xf", DC_PRISTINE])
        self.start_samba()
        self.listener = subprocess.Popen(
            ["ip", "netns", "exec", DC_NS, sys.executable, "-c", LISTENER_PY] + NEAR + FAR,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        if self.listener.stdout.readline().strip() != "ready":
            raise Fail("listener: " + self.listener.stderr.read())

    def set_fault(self, rule):
        sh(["nft", "flush", "chain", "inet", "cfad", "fault"], ns=DC_NS)
        if rule:
            sh(["nft", "add", "rule", "inet", "cfad", "fault"] + rule.split(), ns=DC_NS)

    def set_no_subnet(self, on):
        """Packets to the DC (DNS and CLDAP) leave from OUT4/OUT6, in no AD
        subnet, so its CLDAP reply names no site; the other addresses (the
        DC listeners on 445) are reached from C4/C6 as before."""
        op = "add" if on else "del"
        client = [["ip", "addr", op, OUT4 + "/32", "dev", VETH_C],
                  ["ip", "-6", "addr", op, OUT6 + "/128", "dev", VETH_C] +
                  (["nodad"] if on else []),
                  ["ip", "route", op, DC4 + "/32", "dev", VETH_C] +
                  (["src", OUT4] if on else []),
                  ["ip", "-6", "route", op, DC6 + "/128", "dev", VETH_C] +
                  (["src", OUT6] if on else [])]
        dc = [["ip", "route", op, OUT4 + "/32", "dev", VETH_D],
              ["ip", "-6", "route", op, OUT6 + "/128", "dev", VETH_D]]
        if not on:
            client.reverse()
        for argv in client:
            sh(argv, ns=CLIENT_NS, check=on)
        for argv in dc:
            sh(argv, ns=DC_NS, check=on)

    def cldap_packets(self):
        out = sh(["nft", "list", "counter", "inet", "cfad", "cldap"], ns=DC_NS).stdout
        m = re.search(r"packets (\d+)", out)
        return int(m.group(1)) if m else -1

    def teardown(self):
        self.stop_samba()
        if self.listener is not None:
            ri.kill_group(self.listener)
            self.listener.wait()
        for ns in self.namespaces:
            for pid in sh(["ip", "netns", "pids", ns], check=False).stdout.split():
                try:
                    os.kill(int(pid), 9)
                except (ProcessLookupError, ValueError):
                    pass
            sh(["ip", "netns", "del", ns], check=False)
        shutil.rmtree(self.base, ignore_errors=True)


# ---------------------------------------------------------------------------
# The cases

class Report:
    def __init__(self):
        self.passed = self.failed = 0
        self.rows = []  # Markdown lines for --results

    def case(self, name, problems):
        if problems:
            self.failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("     " + p)
        else:
            self.passed += 1
            print("PASS %s" % name)


def words(res):
    log = res.log
    return log.words if log is not None and log.ok else {}


def one(res, key):
    return (words(res).get(key) or [None])[0]


def chosen(res):
    return one(res, "chosen")


def first_mount_ip(res):
    return res.calls[0].ip if res.calls else None


def run_ours(runner, config="", state=None):
    res = runner.run(["//%s/share" % NAME, "{mnt}", "-o", ri.CREDENTIALS],
                     config="[global]\nnetwork-wait = no\n" + config, inject="retval=0",
                     nss="dns", state=state, timeout=30)
    # The run's directory (its configuration, its /run): Runner.run's.
    res.run_dir = os.path.join(runner.rig.base, "run%03d" % runner.rig.runs)
    return res


def record_of(res):
    return res.state.get(NAME)


def case_site_first(rig, ours, rep):
    problems = []
    res = run_ours(ours)
    w = words(res)
    if res.exit != 0:
        problems.append("exit %r: %s" % (res.exit, res.stderr.strip()[-300:]))
    if one(res, "ad-site-lookup") is None or not one(res, "ad-site-lookup").startswith("found/"):
        problems.append("ad-site-lookup=%s" % one(res, "ad-site-lookup"))
    if one(res, "ad-site") != "SiteNear":
        problems.append("ad-site=%s" % one(res, "ad-site"))
    if one(res, "ad-site-from") != "ping:" + DC4 and one(res, "ad-site-from") != "ping:" + DC6:
        problems.append("ad-site-from=%s" % one(res, "ad-site-from"))
    cands = [c.split("/")[0] for c in w.get("candidate", [])]
    # Within each family the SiteNear DCs lead the candidates.
    for fam in (4, 6):
        mine = [c for c in cands if (":" in c) == (fam == 6)]
        near = [a for a in NEAR if (":" in a) == (fam == 6)]
        if sorted(mine[:2]) != sorted(near):
            problems.append("IPv%d candidates %s: the SiteNear DCs are not first" % (fam, mine))
    if chosen(res) not in NEAR:
        problems.append("chosen=%s is not a SiteNear DC" % chosen(res))
    if first_mount_ip(res) not in NEAR:
        problems.append("first mount(2) ip=%s" % first_mount_ip(res))
    if not one(res, "ad-site-moved"):
        problems.append("no ad-site-moved word")
    rec = record_of(res)
    if rec is None or "\nad-site=SiteNear\n" not in rec.text:
        problems.append("the record has no ad-site=SiteNear: %r" % (rec.text if rec else None))
    rep.case("site: the SiteNear DCs come first and win (chosen=%s, %s)"
             % (chosen(res), one(res, "ad-site-lookup")), problems)
    print("     " + (res.log.raw if res.log else "(no syslog line)"))
    return res


def case_off(rig, ours, rep):
    problems = []
    res = run_ours(ours, "ad-site-order = no\n")
    if res.exit != 0:
        problems.append("exit %r" % res.exit)
    if any(k.startswith("ad-site") for k in words(res)):
        problems.append("ad-site words with ad-site-order = no")
    if chosen(res) in NEAR:
        problems.append("chosen=%s: a SiteNear DC without site ordering (the case "
                        "shows nothing)" % chosen(res))
    rep.case("site off: DNS's order, a DC of another site wins (chosen=%s)" % chosen(res),
             problems)
    return res


def case_handler(rig, ours, rep, first, handler):
    """The reconnect: the handler on the first mount's record and config."""
    problems = []
    mounted = first_mount_ip(first)
    hosts = os.path.join(first.run_dir, "run", ri.STATE_HOSTS)
    path = os.path.join(hosts, NAME)
    if mounted is None or not os.path.exists(path):
        rep.case("handler: no mount or no record from the first run", ["nothing to reconnect"])
        return
    # mount(2) was injected, so the mount never shows in /proc/mounts and
    # its mount.cifs is gone: the record counts as written moments ago by
    # a writer that gave no pid (IsCurrent(): 2 minutes).
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write("".join(l for l in text.splitlines(True) if not l.startswith("writer-pid=")))
    conf = os.path.join(first.run_dir, "cifs-family.conf")
    cmd = [handler, "--test", NAME, "-v", "--state-dir", "/run/" + ri.STATE_HOSTS,
           "--config", conf]
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C"}
    before = rig.cldap_packets()
    t0 = time.monotonic()
    p = subprocess.run(ours.in_client(cmd, nss="dns", run=os.path.join(first.run_dir, "run")), env=env,
                       capture_output=True, text=True, timeout=30)
    took = time.monotonic() - t0
    after = rig.cldap_packets()
    out = p.stdout.strip().splitlines()
    line = out[-1] if out else ""
    w = {}
    for word in line.split():
        k, _, v = word.partition("=")
        w.setdefault(k, v)
    answer = w.get("answer")
    family = 6 if ":" in mounted else 4
    near = [a for a in NEAR if (":" in a) == (family == 6)]
    if p.returncode != 0:
        problems.append("exit %d: %s %s" % (p.returncode, p.stdout.strip()[-300:],
                                            p.stderr.strip()[-300:]))
    if answer not in near:
        problems.append("answer=%s: not a SiteNear DC of the mount's family (IPv%d, mounted %s)"
                        % (answer, family, mounted))
    if w.get("ad-site") != "SiteNear" or w.get("ad-site-from") != "record":
        problems.append("ad-site=%s ad-site-from=%s" % (w.get("ad-site"), w.get("ad-site-from")))
    if after != before:
        problems.append("%d CLDAP packets reached the DC" % (after - before))
    if took > 1.9:
        problems.append("took %.2f s (watchdog 1.9 s)" % took)
    rep.case("handler at reconnect: a SiteNear DC of the mount's family, no CLDAP ping "
             "(answer=%s, mounted %s, %s, %.0f ms)"
             % (answer, mounted, w.get("ad-site-lookup"), took * 1000), problems)
    print("     " + line)


def case_cached(rig, ours, rep, first):
    problems = []
    rec = record_of(first)
    if rec is None:
        rep.case("site remembered: no record from the first run", ["no record"])
        return None
    before = rig.cldap_packets()
    res = run_ours(ours, state={NAME: rec.text})
    after = rig.cldap_packets()
    if one(res, "ad-site-from") != "record":
        problems.append("ad-site-from=%s" % one(res, "ad-site-from"))
    if after != before:
        problems.append("%d CLDAP packets reached the DC" % (after - before))
    if chosen(res) not in NEAR:
        problems.append("chosen=%s" % chosen(res))
    rep.case("site remembered on this network: no CLDAP ping (%s, chosen=%s)"
             % (one(res, "ad-site-lookup"), chosen(res)), problems)
    return res


def case_blocked(rig, ours, rep):
    problems = []
    rig.set_fault("udp dport 389 drop")
    try:
        res = run_ours(ours)
    finally:
        rig.set_fault("")
    if res.exit != 0:
        problems.append("exit %r" % res.exit)
    lookup = one(res, "ad-site-lookup") or ""
    if not lookup.startswith("no-reply/"):
        problems.append("ad-site-lookup=%s" % lookup)
    if not res.calls:
        problems.append("no mount(2)")
    ms = res.exec_to_mount_ms()
    if ms is None or ms > 1000 + 600:
        problems.append("first mount(2) %s ms after exec: over the 1 s budget + 600 ms" % ms)
    rec = record_of(res)
    if rec is None or "\nad-site-quiet-until=" not in rec.text:
        problems.append("no ad-site-quiet-until in the record: %r" % (rec.text if rec else None))
    rep.case("CLDAP dropped: the mount goes ahead within the budget (%s, first mount(2) "
             "%.0f ms after exec)" % (lookup, ms or -1), problems)
    if rec is None:
        return res
    # The next mount on this network: no ping, no budget.
    problems = []
    before = rig.cldap_packets()
    again = run_ours(ours, state={NAME: rec.text})
    if rig.cldap_packets() != before:
        problems.append("CLDAP packets were sent")
    if not (one(again, "ad-site-lookup") or "").startswith("quiet/"):
        problems.append("ad-site-lookup=%s" % one(again, "ad-site-lookup"))
    ms2 = again.exec_to_mount_ms()
    if ms2 is None or ms2 > 500:
        problems.append("first mount(2) %s ms after exec" % ms2)
    rep.case("CLDAP dropped, next mount on this network: no ping, no budget (%s, %.0f ms)"
             % (one(again, "ad-site-lookup"), ms2 or -1), problems)
    return res


def case_no_subnet(rig, ours, rep):
    """A client in no AD subnet: "no site" is remembered per network like
    a site, so the next mount on that network sends no ping."""
    problems = []
    rig.set_no_subnet(True)
    try:
        before = rig.cldap_packets()
        res = run_ours(ours)
        pinged = rig.cldap_packets() - before
        lookup = one(res, "ad-site-lookup") or ""
        if res.exit != 0:
            problems.append("exit %r: %s" % (res.exit, res.stderr.strip()[-300:]))
        if not lookup.startswith("no-site/"):
            problems.append("ad-site-lookup=%s" % lookup)
        if one(res, "ad-site") is not None:
            problems.append("ad-site=%s" % one(res, "ad-site"))
        if one(res, "ad-site-from") not in ("ping:" + DC4, "ping:" + DC6):
            problems.append("ad-site-from=%s" % one(res, "ad-site-from"))
        if pinged <= 0:
            problems.append("no CLDAP packet reached the DC")
        rec = record_of(res)
        if rec is None or "\nad-site-none-at=" not in rec.text or "\nad-site=" in rec.text:
            problems.append("the record has no ad-site-none-at (or a site): %r"
                            % (rec.text if rec else None))
        rep.case("client in no AD subnet: the DC names no site (%s, %s)"
                 % (lookup, one(res, "ad-site-from")), problems)
        print("     " + (res.log.raw if res.log else "(no syslog line)"))
        if rec is None:
            return res
        # The next mount on the same network: no ping at all.
        problems = []
        before = rig.cldap_packets()
        again = run_ours(ours, state={NAME: rec.text})
        sent = rig.cldap_packets() - before
        lookup2 = one(again, "ad-site-lookup") or ""
        if again.exit != 0:
            problems.append("exit %r" % again.exit)
        if sent != 0:
            problems.append("%d CLDAP packets reached the DC" % sent)
        if not lookup2.startswith("no-site/"):
            problems.append("ad-site-lookup=%s" % lookup2)
        if one(again, "ad-site-from") != "record":
            problems.append("ad-site-from=%s" % one(again, "ad-site-from"))
        rep.case("client in no AD subnet, next mount on this network: no CLDAP ping "
                 "(%s ad-site-from=%s)" % (lookup2, one(again, "ad-site-from")), problems)
        # A changed network (one more connected prefix) asks again.
        problems = []
        sh(["ip", "addr", "add", OTHER_NET, "dev", VETH_C], ns=CLIENT_NS)
        try:
            before = rig.cldap_packets()
            moved = run_ours(ours, state={NAME: rec.text})
            sent = rig.cldap_packets() - before
        finally:
            sh(["ip", "addr", "del", OTHER_NET, "dev", VETH_C], ns=CLIENT_NS, check=False)
        lookup3 = one(moved, "ad-site-lookup") or ""
        if sent <= 0:
            problems.append("no CLDAP packet on the changed network")
        if not lookup3.startswith("no-site/") or one(moved, "ad-site-from") == "record":
            problems.append("ad-site-lookup=%s ad-site-from=%s"
                            % (lookup3, one(moved, "ad-site-from")))
        rep.case("client in no AD subnet, a changed network: pinged again (%d CLDAP packets, "
                 "ad-site-from=%s)" % (sent, one(moved, "ad-site-from")), problems)
    finally:
        rig.set_no_subnet(False)
    return res


def case_ipv6_ping(rig, ours, rep):
    """CLDAP over IPv6 where the DC has it: with the DC's IPv4 CLDAP
    dropped, its IPv6 reply names the site."""
    problems = []
    rig.set_fault("ip daddr %s udp dport 389 drop" % DC4)
    try:
        res = run_ours(ours)
    finally:
        rig.set_fault("")
    if one(res, "ad-site") != "SiteNear":
        problems.append("ad-site=%s (%s)" % (one(res, "ad-site"), one(res, "ad-site-lookup")))
    if one(res, "ad-site-from") != "ping:" + DC6:
        problems.append("ad-site-from=%s" % one(res, "ad-site-from"))
    if chosen(res) not in NEAR:
        problems.append("chosen=%s" % chosen(res))
    rep.case("CLDAP over IPv6: with the DC's IPv4 UDP 389 dropped the site comes from %s"
             % one(res, "ad-site-from"), problems)
    return res


def case_cifs_utils(rig, theirs, rep):
    res = theirs.run(["//%s/share" % NAME, "{mnt}", "-o", ri.CREDENTIALS],
                     inject="retval=0", nss="dns", timeout=30)
    ip = first_mount_ip(res)
    problems = []
    if res.exit != 0 or ip is None:
        problems.append("exit %r, mount(2) ip=%s: %s" % (res.exit, ip, res.stderr[-300:]))
    rep.case("cifs-utils 7.0 on the same name: mount(2) ip=%s (%s)"
             % (ip, "a SiteNear DC" if ip in NEAR else "not the client's site"), problems)
    return res


def median_ms(runs, f):
    vals = [f(r) for r in runs if f(r) is not None]
    return statistics.median(vals) if vals else None


def timings(rig, ours, theirs, rep, first):
    rec = record_of(first)
    sets = {}
    sets["off"] = [run_ours(ours, "ad-site-order = no\n") for _ in range(5)]
    sets["uncached"] = [run_ours(ours) for _ in range(5)]
    sets["cached"] = [run_ours(ours, state={NAME: rec.text}) for _ in range(5)] if rec else []
    rig.set_fault("udp dport 389 drop")
    try:
        sets["blocked"] = [run_ours(ours) for _ in range(5)]
        quiet = record_of(sets["blocked"][0])
        sets["quiet"] = ([run_ours(ours, state={NAME: quiet.text}) for _ in range(5)]
                         if quiet else [])
    finally:
        rig.set_fault("")
    rig.set_no_subnet(True)
    try:
        sets["nosite"] = [run_ours(ours) for _ in range(5)]
        none = record_of(sets["nosite"][0])
        sets["nosite-remembered"] = ([run_ours(ours, state={NAME: none.text})
                                      for _ in range(5)] if none else [])
    finally:
        rig.set_no_subnet(False)
    sets["cifs-utils"] = [theirs.run(["//%s/share" % NAME, "{mnt}", "-o", ri.CREDENTIALS],
                                     inject="retval=0", nss="dns", timeout=30)
                          for _ in range(5)]

    def took(r):
        v = one(r, "ad-site-lookup")
        m = re.search(r"/(\d+)ms$", v or "")
        return int(m.group(1)) if m else None

    def ips(rs):
        return ", ".join(sorted({str(first_mount_ip(r)) for r in rs}))

    med = {k: median_ms(v, lambda r: r.exec_to_mount_ms()) for k, v in sets.items()}
    problems = [k for k, v in med.items() if v is None]
    rows = [
        "| case | exec to first mount(2), median of 5 | site lookup (decision line), median | mount(2) ip= |",
        "|---|---|---|---|",
    ]
    labels = {
        "off": "ours, ad-site-order = no",
        "uncached": "ours, site looked up (SRV + CLDAP ping + SRV)",
        "cached": "ours, site remembered on this network (SRV only)",
        "blocked": "ours, UDP 389 dropped (budget 1 s)",
        "quiet": "ours, UDP 389 dropped, a mount after that on this network (no ping)",
        "nosite": "ours, client in no AD subnet (SRV + CLDAP ping: no site)",
        "nosite-remembered": "ours, client in no AD subnet, a mount after that on this "
                             "network (no lookup)",
        "cifs-utils": "cifs-utils 7.0 (Debian 12)",
    }
    order = ("off", "uncached", "cached", "blocked", "quiet", "nosite", "nosite-remembered",
             "cifs-utils")
    for k in order:
        t = median_ms(sets[k], took)
        rows.append("| %s | %s | %s | %s |" % (
            labels[k], "%.1f ms" % med[k] if med[k] is not None else "-",
            "%d ms" % t if t is not None else "-", ips(sets[k])))
    if med.get("off") is not None:
        for k in order[1:-1]:
            if med.get(k) is not None:
                rows.append("")
                rows.append("Added latency, %s: %+.1f ms (median %s minus median off)."
                            % (labels[k], med[k] - med["off"], k))
    rep.rows = rows
    for line in rows:
        print("     " + line)
    rep.case("timings: 5 runs each of " + ", ".join(order), problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", required=True, help="our mount.cifs")
    ap.add_argument("--handler", help="our cifs-family-resolve "
                    "[cifs-family-resolve next to --binary]")
    ap.add_argument("--cifs-utils", default="/sbin/mount.cifs",
                    help="Debian's cifs-utils helper (the comparison)")
    ap.add_argument("--results", help="write the timings as Markdown here")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("FAIL: needs root (network namespaces, nftables, samba)")
        print("0 passed, 1 failed")
        return 1
    for tool in ("ip", "nft", "strace", "unshare", "dpkg-deb", "apt-get"):
        if shutil.which(tool) is None:
            print("FAIL: %s is not installed" % tool)
            print("0 passed, 1 failed")
            return 1
    handler = os.path.abspath(args.handler or os.path.join(
        os.path.dirname(args.binary), "cifs-family-resolve"))
    os.makedirs(CACHE, exist_ok=True)
    rep = Report()
    rig = Rig()
    t0 = time.monotonic()
    try:
        rig.setup()
        provisioned(rig.tree, rig)
        rig.start()
        print("Samba AD DC up (%.1f s)" % (time.monotonic() - t0), flush=True)
        ours = ri.Runner(rig, os.path.abspath(args.binary))
        theirs = ri.Runner(rig, args.cifs_utils, cgroup_tmpfs=True)
        first = case_site_first(rig, ours, rep)
        case_handler(rig, ours, rep, first, handler)
        case_off(rig, ours, rep)
        case_cached(rig, ours, rep, first)
        case_blocked(rig, ours, rep)
        case_no_subnet(rig, ours, rep)
        case_ipv6_ping(rig, ours, rep)
        case_cifs_utils(rig, theirs, rep)
        timings(rig, ours, theirs, rep, first)
    except (Fail, ri.RigError, subprocess.SubprocessError, OSError) as e:
        rep.case("rig", [str(e)])
    finally:
        rig.teardown()
    if args.results and rep.rows:
        with open(args.results, "w") as f:
            f.write("\n".join(rep.rows) + "\n")
    print("AD suite: %.1f s" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (rep.passed, rep.failed))
    return 0 if rep.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
