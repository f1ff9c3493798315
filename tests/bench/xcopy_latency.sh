#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: EXTENDED COPY between two local LUNs whose storage answers
# like a disk array rather than like memory: block backstores over
# dm-delay (2 ms per read and per write) over loop devices in tmpfs.
# 256 MiB and 1 GiB: liox_xcopy (chunks in flight) vs stock LIO E-Copy
# (one chunk at a time) vs the host copying through its initiator (dd,
# O_DIRECT, 1 MiB requests); liox also with depth 16 instead of 4.
# xcopy_local.sh measures the same with memory-speed LUNs, where the
# emulated CPU's copying is the limit.
# The VM runs under TCG: only the ratios mean anything.
# Run: tests/bench/run.sh xcopy_latency
# liox-timeout: 2400
# liox-mem: 6144
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/bench.sh

WWN=naa.5001405000000051
lio_delay_block lsrc 1100 2 2 && lio_delay_block ldst 1100 2 2 || bail "no dm-delay"
targetcli /loopback create wwn=$WWN >/dev/null
targetcli /loopback/$WWN/luns create /backstores/block/lsrc >/dev/null
targetcli /loopback/$WWN/luns create /backstores/block/ldst >/dev/null
src=$(lio_disk_by_serial "$(lio_serial iblock lsrc)") || bail "no source LUN"
dst=$(lio_disk_by_serial "$(lio_serial iblock ldst)") || bail "no destination LUN"
lio_clear_ua "$src" "$dst"
dd if=/dev/urandom of="$src" bs=1M count=1024 oflag=direct status=none

bench_local xcopy_latency "$src" "$dst" 16
targetcli clearconfig confirm=True >/dev/null
lio_delay_remove lsrc
lio_delay_remove ldst
tap_done
