#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write seed parameter lists for the xcopy fuzzer into DIR."""
import os
import struct
import sys

NAA = bytes([0x60, 0x01, 0x40, 0x50]) + bytes(range(12))


def ident(pdt, block_len, flags=0, desig=NAA, dtype=3, code_set=1):
    d = bytes([0xE4, pdt, 0, 0, code_set, dtype, 0, len(desig)])
    d += desig.ljust(20, b"\0")
    return d + bytes([flags]) + block_len.to_bytes(3, "big")


def port_group(name):
    return bytes([0xC0, 0, 0, 0]) + name.encode().ljust(28, b"\0")


def b2b(s, d, n, slba, dlba, flags=0):
    return bytes([2, flags]) + struct.pack(">HHH", 0x18, s, d) + b"\0\0" + \
        struct.pack(">HQQ", n, slba, dlba)


def stream(t, s, d, slen, n, lba, flags=0):
    return bytes([t, flags]) + struct.pack(">HHH", 0x14, s, d) + b"\0" + \
        slen.to_bytes(3, "big") + b"\0\0" + struct.pack(">HQ", n, lba)


def plist(cscds, segs, lid=1, b1=0):
    c, s = b"".join(cscds), b"".join(segs)
    return struct.pack(">BBH4xII", lid, b1, len(c), len(s), 0) + c + s


seeds = {
    "b2b": plist([ident(0, 512), ident(0, 512)], [b2b(0, 1, 8, 0, 100)]),
    "b2b_dc": plist([ident(0, 512), ident(0, 4096)], [b2b(0, 1, 2, 0, 0, 2)]),
    "tape": plist([ident(0, 512), ident(1, 512, 1)],
                  [stream(0, 0, 1, 8, 8, 0), stream(1, 1, 0, 8, 8, 64)]),
    "pg": plist([ident(0, 512), port_group("backup"), ident(0, 512)],
                [b2b(0, 2, 1, 0, 0)]),
    "t10": plist([ident(0, 512, desig=b"LIO-ORG 1234", dtype=1, code_set=2),
                  ident(0, 512)], [b2b(0, 1, 1, 0, 0)]),
    "many": plist([ident(0, 512)] * 16, [b2b(0, 15, 1, i, i) for i in range(64)]),
}
os.makedirs(sys.argv[1], exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(sys.argv[1], name), "wb") as f:
        f.write(data)
