#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sends one CLDAP netlogon ping and writes the raw UDP reply to a file.

Used to capture the real replies of the Samba AD DC in tests/ad/run_ad.py's
rig; the captures are the unit tests' data (tests/unit/data/cldap/). The
request is built here independently of the C++ encoder (so a bug there
cannot hide in both). Usage:
  capture_cldap.py DC_ADDRESS DOMAIN NTVER OUTFILE [SOURCE_ADDRESS]
"""
import socket
import sys


def ber(tag, body):
    n = len(body)
    if n < 0x80:
        head = bytes([n])
    elif n < 0x100:
        head = bytes([0x81, n])
    else:
        head = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + head + body


def octets(s):
    return ber(0x04, s if isinstance(s, bytes) else s.encode())


def ping(msgid, domain, ntver):
    filt = ber(0xA0,
               ber(0xA3, octets("DnsDomain") + octets(domain)) +
               ber(0xA3, octets("NtVer") + octets(ntver.to_bytes(4, "little"))))
    search = ber(0x63,
                 octets("") + ber(0x0A, b"\x00") + ber(0x0A, b"\x00") +
                 ber(0x02, b"\x00") + ber(0x02, b"\x00") + ber(0x01, b"\x00") +
                 filt + ber(0x30, octets("Netlogon")))
    return ber(0x30, ber(0x02, bytes([msgid])) + search)


def main():
    dc, domain, ntver, out = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), sys.argv[4]
    fam = socket.AF_INET6 if ":" in dc else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if len(sys.argv) > 5:
        s.bind((sys.argv[5], 0))
    s.settimeout(2)
    s.connect((dc, 389))
    s.send(ping(7, domain, ntver))
    data = s.recv(4096)
    with open(out, "wb") as f:
        f.write(data)
    print("%s: %d bytes" % (out, len(data)))


if __name__ == "__main__":
    main()
