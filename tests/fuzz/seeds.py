#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""seeds.py TARGET DIR: write seed inputs for a fuzz target into DIR."""
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


XCOPY = {
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


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


# mirror wire: the first byte steers the harness (bit 0: fix the CRCs,
# bit 1: a device of 2^24 sectors); then header + payload
def msg(mtype, payload=b"", flags=0, seq=1, ack=0, sector=0, data_len=0):
    h = struct.pack(">IBBHIIQQQI", 0x4C494F4D, 3, mtype, flags, len(payload),
                    data_len, seq, ack, sector, crc32c(payload))
    return h + struct.pack(">I", crc32c(h)) + payload


def gens(cur=0x1111, bm=0, hist=(0, 0, 0, 0)):
    return struct.pack(">QQ4Q", cur, bm, *hist)


def hello(role=1, flags=1, name=b"mirror0", dev=1 << 21):
    return struct.pack(">HHBBHHHIIIQ", 3, 3, role, flags, 0, 2, 0, 7, 4096,
                       65536, dev) + gens(bm=0x2222) + name.ljust(64, b"\0")


def heartbeat(name=b"mirror0"):
    return struct.pack(">IBBHII", 7, 1, 3, 0, 1500, 9) + name.ljust(64, b"\0") + \
        bytes(32) + struct.pack(">QQ", 123456, 123000)


DATA = bytes((i * 7 + 3) & 0xFF for i in range(1024))
WIRE = {
    "hello": msg(1, hello()),
    "hello_ack": msg(2, hello(role=2, flags=0), seq=2, ack=1),
    "challenge": msg(3, bytes(range(32))),
    "response": msg(4, bytes(range(32, 64)), ack=1),
    "auth_ok": msg(5, ack=1),
    "state": msg(6, struct.pack(">BBHIQ", 2, 1, 0, 0, 0x1111)),
    "write": msg(7, DATA, flags=3, seq=9, sector=2048, data_len=len(DATA)),
    "write_ack": msg(8, seq=9, ack=9, sector=2048, data_len=1024),
    "flush": msg(9),
    "flush_ack": msg(10, ack=1, flags=4),
    "bitmap": msg(11, bytes([0x81, 0, 0x0F]), flags=8, sector=64, data_len=20),
    "resync_req": msg(12, sector=128, data_len=65536),
    "resync_data": msg(13, DATA, ack=3, sector=128, data_len=len(DATA)),
    "resync_ack": msg(14, ack=3, sector=128, data_len=1024),
    "resync_done": msg(15, struct.pack(">Q", 0x3333)),
    "verify_req": msg(16, sector=0, data_len=65536),
    "verify_reply": msg(17, bytes(32), ack=5, sector=0, data_len=65536),
    "ping": msg(18),
    "ping_ack": msg(19, ack=1),
    "heartbeat": msg(20, heartbeat()),
    "close": msg(21, struct.pack(">I", 4)),
    "promote": msg(22, seq=7),
    "promote_ack": msg(23, ack=7, flags=4),
}
WIRE = {k: b"\x02" + v for k, v in WIRE.items()}
WIRE["two"] = b"\x03" + msg(18) + msg(19, ack=1)


# mirror metadata: the first byte steers (bit 0: fix the header CRC, bit 1:
# the bits CRC, bit 2: the activity log's CRC); then the 96-byte header
# and the bits; the first 4 KiB are also read as a header block with its
# activity log at 512
def md(region_size, dev, bits, flags=1, g=gens(0x10, 0x0F, (1, 2, 3, 4))):
    nr = -(-dev // (region_size // 512))
    dirty = sum(bin(b).count("1") for b in bits)
    h = struct.pack(">IHHIIQQQ", 0x4C494F42, 1, 96, flags, region_size, dev,
                    nr, dirty) + g + struct.pack(">I", crc32c(bits))
    return h + struct.pack(">I", crc32c(h)) + bits


def md_al(shift, extents):
    al = struct.pack(">III", 0x4C494F41, shift, len(extents))
    ent = b"".join(struct.pack(">I", e) for e in extents)
    return al + struct.pack(">I", crc32c(al + ent)) + ent


MD = {
    "md_200": b"\x00" + md(65536, 199 * 128 + 40, bytes([1] + [0] * 11 + [0x70] +
                                                       [0] * 11 + [0x80])),
    "md_empty": b"\x00" + md(4096, 8 * 20, bytes(3), flags=4),
    "md_one": b"\x03" + md(1 << 30, 1, b"\x01"),
    "md_al": b"\x00" + md(65536, 128 * 64, bytes(8)).ljust(512, b"\0") +
    md_al(13, [0, 5, 63]),
    "md_al_fix": b"\x04" + bytes(512) + md_al(17, list(range(40)))[:16] +
    bytes(160),
}

TARGETS = {"xcopy_parse": XCOPY, "mirror_wire": WIRE, "mirror_md": MD}
target, outdir = sys.argv[1], sys.argv[2]
os.makedirs(outdir, exist_ok=True)
for name, data in TARGETS[target].items():
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data)
