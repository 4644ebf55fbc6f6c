#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sends one DNS query (id 0x1234, RD) and writes the raw UDP reply.

Captures the Samba AD DC's internal DNS answers for the unit tests
(tests/unit/data/dns/). The query is built here, independently of the C++
encoder. Usage: capture_dns.py SERVER NAME TYPE(SRV|A|AAAA) OUTFILE
"""
import socket
import struct
import sys

TYPES = {"A": 1, "AAAA": 28, "SRV": 33}


def query(name, qtype):
    q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00" + struct.pack(">HH", TYPES[qtype], 1)


def main():
    server, name, qtype, out = sys.argv[1:5]
    fam = socket.AF_INET6 if ":" in server else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.connect((server, 53))
    s.send(query(name, qtype))
    data = s.recv(4096)
    with open(out, "wb") as f:
        f.write(data)
    print("%s: %d bytes" % (out, len(data)))


if __name__ == "__main__":
    main()
