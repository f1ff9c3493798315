#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Decode a liox_ipmirror metadata area (Documentation/ipmirror-wire.rst,
"Metadata area") read from stdin: the 4 KiB header block, then the bits.

    dd if=DEV bs=4096 skip=MD_START/8 iflag=direct | mirror_md.py

Prints one line of key=value: magic, version, flags, region_size,
dev_sectors, nr_regions, dirty, current_gen, bitmap_gen, bits (regions
set in the bit area), hdr_crc_ok, bits_crc_ok, and the activity log at
512 of the header block: al_ok (magic and CRC good), al_shift (log2 of
the extent size in sectors), al (its extents, sorted, comma-separated;
"-" when empty). A second implementation on purpose: it checks the
kernel's encoder from outside.
"""
import struct
import sys


def crc32c(data, crc=0xFFFFFFFF):
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def main():
    buf = sys.stdin.buffer.read()
    if len(buf) < 96:
        print("magic=short")
        return 1
    (magic, version, hdr_len, flags, region_size, dev_sectors, nr_regions,
     dirty, cur, bgen) = struct.unpack(">IHHIIQQQQQ", buf[:56])
    bits_crc, hdr_crc = struct.unpack(">II", buf[88:96])
    nbytes = (nr_regions + 7) // 8
    bits = buf[4096:4096 + nbytes] if magic == 0x4C494F42 else b""
    out = {
        "magic": magic.to_bytes(4, "big").decode("latin-1"),
        "version": version,
        "flags": flags,
        "region_size": region_size,
        "dev_sectors": dev_sectors,
        "nr_regions": nr_regions,
        "dirty": dirty,
        "current_gen": "%016x" % cur,
        "bitmap_gen": "%016x" % bgen,
        "bits": sum(bin(b).count("1") for b in bits),
        "hdr_crc_ok": int(crc32c(buf[:92]) == hdr_crc),
        "bits_crc_ok": int(len(bits) == nbytes and crc32c(bits) == bits_crc),
    }
    al = buf[512:4096]
    al_magic, al_shift, al_n, al_crc = struct.unpack(">IIII", al[:16]) \
        if len(al) >= 16 else (0, 0, 0, 0)
    ok = al_magic == 0x4C494F41 and al_n <= (len(al) - 16) // 4 and \
        crc32c(al[:12] + al[16:16 + 4 * al_n]) == al_crc
    ext = sorted(struct.unpack(">%dI" % al_n, al[16:16 + 4 * al_n])) \
        if ok else []
    out["al_ok"] = int(ok)
    out["al_shift"] = al_shift if ok else 0
    out["al"] = ",".join(map(str, ext)) or "-"
    print(" ".join("%s=%s" % kv for kv in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
