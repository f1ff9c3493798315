#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Record a liox_ipmirror peer's UDP heartbeats as they pass, and play
them back later from the peer's address, unchanged (MACs included): what
an attacker on the path could do.

    mirror_hb_replay.py record SRC DST PORT SECONDS FILE
    mirror_hb_replay.py play SRC DST PORT SECONDS FILE

"record" captures, on the loopback interface, the UDP datagrams from
SRC:PORT to DST:PORT for SECONDS and stores their payloads in FILE
(JSON, hex); it prints how many. "play" binds SRC with a port of its
own (the peer may still hold PORT; the mirror checks the address), prints
"started", and sends the recorded payloads to DST:PORT in turn, one
every 200 ms, for SECONDS; then it prints how many it sent.
"""
import json
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
PACKET_HOST = 0     # on lo each datagram is seen going out and coming in


def record(src, dst, port, seconds, path):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                      socket.htons(ETH_P_IP))
    s.bind(("lo", 0))
    s.settimeout(0.2)
    want = (socket.inet_aton(src), socket.inet_aton(dst))
    got = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            pkt, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] != PACKET_HOST or len(pkt) < 28 or pkt[9] != 17:
            continue
        ihl = (pkt[0] & 0x0F) * 4
        if (pkt[12:16], pkt[16:20]) != want:
            continue
        sport, dport, ulen = struct.unpack(">HHH", pkt[ihl:ihl + 6])
        if sport == port and dport == port:
            got.append(pkt[ihl + 8:ihl + ulen].hex())
    with open(path, "w") as f:
        json.dump(got, f)
    print(len(got))
    return 0 if got else 1


def play(src, dst, port, seconds, path):
    with open(path) as f:
        recorded = [bytes.fromhex(h) for h in json.load(f)]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    print("started", flush=True)
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        s.sendto(recorded[n % len(recorded)], (dst, port))
        n += 1
        time.sleep(0.2)
    print(n)
    return 0


def main():
    mode, src, dst, port, seconds, path = sys.argv[1:7]
    fn = record if mode == "record" else play
    return fn(src, dst, int(port), float(seconds), path)


if __name__ == "__main__":
    sys.exit(main())
