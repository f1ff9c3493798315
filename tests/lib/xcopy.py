#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build EXTENDED COPY (LID1) parameter lists for scenarios.

    xcopy.py naa DEV               print DEV's 16-byte NAA designator (hex)
    xcopy.py list OUT KIND ...     write a parameter list to OUT:
        b2b SRC_NAA DST_NAA BLOCKS SRC_LBA DST_LBA [LIST_ID [SEGMENTS]]
        b2b-pg GROUP SRC_NAA DST_NAA BLOCKS SRC_LBA DST_LBA [LIST_ID]
                                   the same, one segment, with a liox C0h
                                   descriptor naming port group GROUP
        b2s DISK_NAA TAPE_NAA BLOCKS LBA FIXED TAPE_BLOCK_LEN [LIST_ID]
                                   disk -> tape (segment 00h); FIXED 1: the
                                   tape in fixed-block mode of that length
        s2b TAPE_NAA DISK_NAA BLOCKS LBA FIXED TAPE_BLOCK_LEN [LIST_ID]
                                   tape -> disk (segment 01h)
        bad-cscd                   one CSCD of unsupported type E0h
        short                      a 10-byte list
"""
import struct
import subprocess
import sys


def naa(dev):
    out = subprocess.run(["sg_vpd", "-p", "di", "-r", dev],
                         capture_output=True, check=True).stdout
    data = out
    # walk designation descriptors of VPD page 83h
    off = 4
    while off + 4 <= len(data):
        code_set, piv_assoc_type, _, dlen = data[off:off + 4]
        dtype, assoc = piv_assoc_type & 0xF, (piv_assoc_type >> 4) & 3
        des = data[off + 4:off + 4 + dlen]
        if dtype == 3 and assoc == 0 and dlen == 16:
            return des.hex()
        off += 4 + dlen
    raise SystemExit("no NAA designator on " + dev)


def ident(naa_hex, block_len=512):
    d = bytes([0xE4, 0, 0, 0, 1, 3, 0, 16]) + bytes.fromhex(naa_hex).ljust(20, b"\0")
    return d + bytes([0]) + block_len.to_bytes(3, "big")


def tape(naa_hex, fixed, block_len):
    """E4h descriptor of a tape: peripheral type 1, FIXED, block length."""
    d = bytes([0xE4, 1, 0, 0, 1, 3, 0, 16]) + bytes.fromhex(naa_hex).ljust(20, b"\0")
    return d + bytes([1 if fixed else 0]) + block_len.to_bytes(3, "big")


def stream_seg(kind, src, dst, blocks, lba, stream_len):
    """Segment 00h/01h: 24 bytes (descriptor length 20)."""
    return (bytes([kind, 0]) + struct.pack(">HHH", 0x14, src, dst) +
            b"\0" + stream_len.to_bytes(3, "big") + b"\0\0" +
            struct.pack(">HQ", blocks, lba))


def port_group(name):
    """liox C0h descriptor: type, version 0, 2 reserved, 28-byte name."""
    return bytes([0xC0, 0, 0, 0]) + name.encode().ljust(28, b"\0")


def b2b_seg(src, dst, n, slba, dlba):
    return (bytes([2, 0]) + struct.pack(">HHH", 0x18, src, dst) + b"\0\0" +
            struct.pack(">HQQ", n, slba, dlba))


def plist(cscds, segs, lid=1, b1=0):
    c, s = b"".join(cscds), b"".join(segs)
    return struct.pack(">BBH4xII", lid, b1, len(c), len(s), 0) + c + s


def main():
    if sys.argv[1] == "naa":
        print(naa(sys.argv[2]))
        return
    out, kind = sys.argv[2], sys.argv[3]
    if kind == "b2b":
        # b2b SRC DST BLOCKS SRC_LBA DST_LBA [LIST_ID [SEGMENTS]]: SEGMENTS
        # consecutive copies of BLOCKS each, list id usage 00b (held)
        s, d, n, slba, dlba = sys.argv[4:9]
        lid = int(sys.argv[9]) if len(sys.argv) > 9 else 1
        nseg = int(sys.argv[10]) if len(sys.argv) > 10 else 1
        segs = [b2b_seg(0, 1, int(n), int(slba) + i * int(n),
                        int(dlba) + i * int(n)) for i in range(nseg)]
        data = plist([ident(s), ident(d)], segs, lid=lid)
    elif kind == "b2b-pg":
        g, s, d, n, slba, dlba = sys.argv[4:10]
        lid = int(sys.argv[10]) if len(sys.argv) > 10 else 1
        data = plist([port_group(g), ident(s), ident(d)],
                     [b2b_seg(1, 2, int(n), int(slba), int(dlba))], lid=lid)
    elif kind in ("b2s", "s2b"):
        a, b, n, lba, fixed, tbl = sys.argv[4:10]
        lid = int(sys.argv[10]) if len(sys.argv) > 10 else 1
        n, fixed, tbl = int(n), int(fixed), int(tbl)
        nbytes = n * 512
        slen = nbytes // tbl if fixed else nbytes
        if kind == "b2s":
            cscds = [ident(a), tape(b, fixed, tbl)]
            seg = stream_seg(0, 0, 1, n, int(lba), slen)
        else:
            cscds = [tape(a, fixed, tbl), ident(b)]
            seg = stream_seg(1, 0, 1, n, int(lba), slen)
        data = plist(cscds, [seg], lid=lid)
    elif kind == "bad-cscd":
        data = plist([bytes([0xE0]) + bytes(31)], [])
    elif kind == "short":
        data = bytes(10)
    else:
        raise SystemExit("unknown kind " + kind)
    open(out, "wb").write(data)


main()
