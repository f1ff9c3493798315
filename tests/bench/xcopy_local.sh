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

for size in $((256 << 20)) $((1024 << 20)); do
	m=$((size >> 20))
	stock=$(bench_copy xcopy $size "$src" "$dst")
	host=$(bench_copy host $size "$src" "$dst")
	modprobe liox_xcopy
	liox=$(bench_copy xcopy $size "$src" "$dst")
	bench_unload_xcopy
	for r in "$stock" "$host" "$liox"; do
		ok_if "${m} MiB copy: destination identical ($r)" test "${r#MISMATCH}" = "$r"
	done
	diag "bench xcopy_local ${m}MiB: liox ${liox} MiB/s, stock LIO ${stock} MiB/s, host dd ${host} MiB/s"
	diag "bench xcopy_local ${m}MiB: liox/stock $(bench_ratio $liox $stock), liox/host $(bench_ratio $liox $host) (TCG: ratios only)"
done
targetcli clearconfig confirm=True >/dev/null
tap_done
