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

src=$(lio_fileio_loopback bsrc 1100M naa.5001405000000031) || bail "no source LUN"
dst=$(lio_fileio_add_lun bdst 1100M naa.5001405000000031) || bail "no destination LUN"
lio_clear_ua "$src" "$dst"
sgsrc=$(lio_sg_of "$src") && sgdst=$(lio_sg_of "$dst") || bail "no sg nodes"
dd if=/dev/urandom of="$src" bs=1M count=1024 oflag=direct status=none

now() { date +%s.%N; }
mibs() { python3 -c "print('%.1f' % ($1 / 1048576 / ($3 - $2)))"; }

run() { # method bytes -> prints MiB/s
	local t0 t1 blocks=$(($2 / 512))
	dd if=/dev/zero of="$dst" bs=1M count=$(($2 >> 20)) oflag=direct status=none
	t0=$(now)
	case $1 in
	liox|stock) sg_xcopy if="$sgsrc" of="$sgdst" bs=512 count=$blocks >/dev/null 2>&1 ;;
	host) dd if="$src" of="$dst" bs=1M count=$(($2 >> 20)) iflag=direct oflag=direct status=none ;;
	esac
	t1=$(now)
	cmp -n "$2" <(dd if="$src" bs=1M iflag=direct status=none) \
		<(dd if="$dst" bs=1M iflag=direct status=none) >/dev/null 2>&1 ||
		echo "MISMATCH"
	mibs "$2" "$t0" "$t1"
}

for size in $((256 << 20)) $((1024 << 20)); do
	m=$((size >> 20))
	stock=$(run stock $size)
	host=$(run host $size)
	modprobe liox_xcopy
	liox=$(run liox $size)
	echo 0 > /sys/kernel/livepatch/liox_xcopy/enabled
	for i in $(seq 100); do [ -e /sys/kernel/livepatch/liox_xcopy ] || break; sleep 0.1; done
	rmmod liox_xcopy
	for r in "$stock" "$host" "$liox"; do
		ok_if "${m} MiB copy: destination identical ($r)" test "${r#MISMATCH}" = "$r"
	done
	diag "bench xcopy_local ${m}MiB: liox ${liox} MiB/s, stock LIO ${stock} MiB/s, host dd ${host} MiB/s"
	diag "bench xcopy_local ${m}MiB: liox/stock $(python3 -c "print('%.2f' % ($liox / $stock))"), liox/host $(python3 -c "print('%.2f' % ($liox / $host))") (TCG: ratios only)"
done
targetcli clearconfig confirm=True >/dev/null
tap_done
