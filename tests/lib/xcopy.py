#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build EXTENDED COPY (LID1) parameter lists for scenarios.

    xcopy.py naa DEV               print DEV's 16-byte NAA designator (hex)
    xcopy.py list OUT KIND ...     write a parameter list to OUT:
        b2b SRC_NAA DST_NAA BLOCKS SRC_LBA DST_LBA [LIST_ID [SEGMENTS]]
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
        segs = [bytes([2, 0]) + struct.pack(">HHH", 0x18, 0, 1) + b"\0\0" +
                struct.pack(">HQQ", int(n), int(slba) + i * int(n),
                            int(dlba) + i * int(n)) for i in range(nseg)]
        data = plist([ident(s), ident(d)], segs, lid=lid)
    elif kind == "bad-cscd":
        data = plist([bytes([0xE0]) + bytes(31)], [])
    elif kind == "short":
        data = bytes(10)
    else:
        raise SystemExit("unknown kind " + kind)
    open(out, "wb").write(data)


main()
