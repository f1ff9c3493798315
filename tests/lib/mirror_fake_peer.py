#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A fake liox_ipmirror peer for tests: valid UDP heartbeats (encoded here,
independently of the kernel, from Documentation/ipmirror-wire.rst) so the
mirror under test believes its peer is up and accepts TCP connections,
then a TCP connection that sends a malformed message.

    mirror_fake_peer.py LOCAL_ADDR PEER_ADDR PORT NAME junk|write
    mirror_fake_peer.py LOCAL_ADDR PEER_ADDR PORT NAME stale SECTORS

Sends heartbeats as NAME from LOCAL_ADDR:PORT to PEER_ADDR:PORT every
200 ms, each echoing the newest heartbeat of the mirror's it got; after
2.5 s connects to PEER_ADDR:PORT and sends either 48 bytes of junk (no
magic) or a well-formed WRITE of 4 KiB of 0xEE at sector 0
with correct CRCs, which is not allowed before the handshake; then waits
(10 s at most) for the mirror to close the connection. Prints "closed"
or "open" and exits 0 or 1.

"stale" plays a connection of an attempt the peer gave up: no
heartbeats; it connects, sends a valid HELLO for connection 1 of 2 of a
primary named NAME with a device of SECTORS sectors (512-byte blocks,
64 KiB regions) and closes at once, before any answer; it stays in the
mirror's listen backlog until the mirror accepts. Prints "sent".
"""
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror_md import crc32c  # noqa: E402

MAGIC = 0x4C494F4D
VERSION = 3
HDR_LEN = 48
HELLO = 1
WRITE = 7
HEARTBEAT = 20


def header(mtype, payload, data_len, seq, sector=0):
    hdr = struct.pack(">IBBHIIQQQI", MAGIC, VERSION, mtype, 0, len(payload),
                      data_len, seq, 0, sector, crc32c(payload))
    return hdr + struct.pack(">I", crc32c(hdr)) + payload


def heartbeat(name, node_id, seq, echo):
    """echo: (node_id, sent_ms) of the newest heartbeat of the mirror's"""
    payload = struct.pack(">IBBHII", node_id, 1, 3, 0, 200, echo[0])
    payload += name.encode().ljust(64, b"\0") + bytes(32)
    payload += struct.pack(">QQ", int(time.monotonic() * 1000), echo[1])
    return header(HEARTBEAT, payload, 0, seq)


def echo_of(datagram):
    """(node_id, sent_ms) of a heartbeat of the mirror's, or None"""
    if len(datagram) != HDR_LEN + 128 or datagram[5] != HEARTBEAT:
        return None
    p = datagram[HDR_LEN:]
    return struct.unpack(">I", p[0:4])[0], struct.unpack(">Q", p[112:120])[0]


def hello(name, sectors, conn_index, conn_count, node_id):
    payload = struct.pack(">HHBBHHHIIIQQQ", 1, VERSION, 1, 0, conn_index,
                          conn_count, 0, node_id, 512, 65536, sectors,
                          0, 0)
    payload += bytes(32) + name.encode().ljust(64, b"\0")
    return header(HELLO, payload, 0, 1)


def stale(local, peer, port, name, sectors):
    tcp = socket.create_connection((peer, port), timeout=10,
                                   source_address=(local, 0))
    tcp.sendall(hello(name, sectors, 1, 2, 0x5EED))
    tcp.close()
    print("sent")
    return 0


def main():
    local, peer, port, name, mode = sys.argv[1:6]
    port = int(port)
    if mode == "stale":
        return stale(local, peer, port, name, int(sys.argv[6]))
    stop = threading.Event()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((local, port))

    echo = [(0, 0)]
    udp.settimeout(0.2)

    def listen():
        while not stop.is_set():
            try:
                e = echo_of(udp.recv(2048))
            except socket.timeout:
                continue
            if e:
                echo[0] = e

    def beat():
        seq = 1
        while not stop.is_set():
            udp.sendto(heartbeat(name, 0x5EED, seq, echo[0]), (peer, port))
            seq += 1
            time.sleep(0.2)

    t = threading.Thread(target=beat, daemon=True)
    t.start()
    r = threading.Thread(target=listen, daemon=True)
    r.start()
    time.sleep(2.5)
    tcp = socket.create_connection((peer, port), timeout=10,
                                   source_address=(local, 0))
    if mode == "write":
        tcp.sendall(header(WRITE, b"\xee" * 4096, 4096, 1))
    else:
        tcp.sendall(b"\x55" * 48)
    result = "open"
    try:
        if tcp.recv(4096) == b"":
            result = "closed"
    except (ConnectionResetError, socket.timeout) as e:
        result = "closed" if isinstance(e, ConnectionResetError) else "open"
    stop.set()
    t.join()
    r.join()
    print(result)
    return 0 if result == "closed" else 1


if __name__ == "__main__":
    sys.exit(main())
