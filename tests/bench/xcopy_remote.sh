#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: EXTENDED COPY from a local LUN to a disk of a "backup system"
# reached through an initiator port of the node (another LIO LUN behind a
# second tcm_loop host; fileio in tmpfs), 256 MiB and 1 GiB: liox_xcopy vs
# the host copying the data itself through its initiator (dd, O_DIRECT,
# from its LUN to the backup disk). Stock LIO cannot copy to a device
# outside the session's ACL at all: the bench checks that it refuses.
# The VM runs under TCG: only the ratios mean anything.
# Run: tests/bench/run.sh xcopy_remote
# liox-timeout: 1800
# liox-mem: 6144
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/bench.sh

FRONT=naa.5001405000000031
BACKUP=naa.5001405000000032
PG=/sys/kernel/config/liox/xcopy/port_groups/bench
src=$(lio_fileio_loopback bsrc 1100M $FRONT) || bail "no source LUN"
bk=$(lio_fileio_loopback bbk 1100M $BACKUP) || bail "no backup LUN"
lio_clear_ua "$src" "$bk"
dd if=/dev/urandom of="$src" bs=1M count=1024 oflag=direct status=none

r=$(bench_copy xcopy $((1 << 20)) "$src" "$bk" --on_src)
ok_if "stock LIO refuses a copy to a LUN outside the session's ACL" \
	test "${r#MISMATCH}" != "$r"
modprobe liox_xcopy
mkdir -p $PG/target_ports/front $PG/initiator_ports/a
echo loopback > $PG/target_ports/front/fabric
echo $FRONT > $PG/target_ports/front/wwn
echo 1 > $PG/target_ports/front/tpgt
lio_host_of "$bk" > $PG/initiator_ports/a/host
for size in $((256 << 20)) $((1024 << 20)); do
	m=$((size >> 20))
	host=$(bench_copy host $size "$src" "$bk")
	liox=$(bench_copy xcopy $size "$src" "$bk" --on_src)
	for r in "$host" "$liox"; do
		ok_if "${m} MiB copy: backup identical ($r)" test "${r#MISMATCH}" = "$r"
	done
	diag "bench xcopy_remote ${m}MiB: liox ${liox} MiB/s, host dd ${host} MiB/s, stock LIO: refuses (0Dh/02h)"
	diag "bench xcopy_remote ${m}MiB: liox/host $(bench_ratio $liox $host) (TCG: ratios only)"
done
is "the copies (1.25 GiB) went through the port group" 1342177280 \
	"$(cat $PG/bytes)"
rmdir $PG/target_ports/front $PG/initiator_ports/a $PG
bench_unload_xcopy
targetcli clearconfig confirm=True >/dev/null
tap_done
