#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: EXTENDED COPY between two local LUNs (tcm_loop, fileio in
# tmpfs), 256 MiB and 1 GiB: liox_xcopy vs stock LIO E-Copy (module not
# loaded) vs the host copying through its initiator (dd, O_DIRECT).
# Prints MiB/s and ratios measured in this one VM run. The VM runs under
# TCG: only the ratios mean anything. Run: tests/bench/run.sh xcopy_local
# liox-timeout: 1800
# liox-mem: 6144
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/bench.sh

src=$(lio_fileio_loopback bsrc 1100M naa.5001405000000031) || bail "no source LUN"
dst=$(lio_fileio_add_lun bdst 1100M naa.5001405000000031) || bail "no destination LUN"
lio_clear_ua "$src" "$dst"
dd if=/dev/urandom of="$src" bs=1M count=1024 oflag=direct status=none

bench_local xcopy_local "$src" "$dst"
targetcli clearconfig confirm=True >/dev/null
tap_done
