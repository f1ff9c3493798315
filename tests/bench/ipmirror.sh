#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: liox_ipmirror in one VM, two mirrors over loopback addresses
# (backing devices: loop devices on tmpfs). fio sequential 1 MiB writes
# and 4 KiB random writes at QD1 and QD16 on the local backing device,
# the mirror in sync mode and in async mode: MiB/s, IOPS and p99 latency,
# with ratios against the local device. Then the resync of 32 MiB dirtied
# during an outage against a raw copy of the same bytes over the same
# loopback TCP (dd | nc | dd, O_DIRECT),
# bytes resent per byte dirtied, and the time from the peer's death to
# its detection against hb_dead_ms + hb_interval_ms.
# DRBD is not measured here: it needs two kernels (two VMs) and
# drbd-utils; see the issue's note. The VM runs under TCG: only the
# ratios mean anything. Run: tests/bench/run.sh ipmirror
# liox-timeout: 1500
# liox-mem: 3072
set -u
. tests/lib/tap.sh
. tests/lib/ipmirror.sh
. tests/lib/bench.sh

A=$MIRRORS/pa
B=$MIRRORS/sb
for n in a b; do
	truncate -s 192M /tmp/m$n.img
	eval "dev_$n=\$(losetup --find --show /tmp/m$n.img)" || bail "no loop device"
done

# fio_run NAME DEV RW BS QD: "MiB/s IOPS p99_us" of a 20 s time-based run
fio_run() {
	fio --name="$1" --filename="$2" --rw="$3" --bs="$4" --iodepth="$5" \
		--ioengine=libaio --direct=1 --size=128M --time_based \
		--runtime=20 --output-format=json --output=/tmp/fio.json \
		>/dev/null 2>&1 || { echo "0 0 0"; return; }
	python3 -c '
import json
j = json.load(open("/tmp/fio.json"))["jobs"][0]["write"]
p = j["clat_ns"].get("percentile", {})
p99 = p.get("99.000000", 0) / 1000
print("%.1f %d %d" % (j["bw"] / 1024, j["iops"], p99))'
}

# bench_set LABEL DEV: the four fio runs on DEV into res_LABEL_*
bench_set() {
	local label=$1 dev=$2
	eval "res_${label}_seq=\"\$(fio_run seq $dev write 1M 4)\""
	eval "res_${label}_r1=\"\$(fio_run r1 $dev randwrite 4k 1)\""
	eval "res_${label}_r16=\"\$(fio_run r16 $dev randwrite 4k 16)\""
}

modprobe liox_ipmirror
bench_set local "$dev_a"

mkdir $A $B
mirror_setup $A "$dev_a" 127.0.0.1 127.0.0.2 sb primary
mirror_setup $B "$dev_b" 127.0.0.2 127.0.0.1 pa secondary
echo 1 > $B/enable
echo 1 > $A/enable
ok_if "pair in sync" wait_state $A in-sync 300
mirror_dev_wait pa
bench_set sync /dev/liox/pa
ok_if "sync runs: still in sync" test "$(cat $A/state)" = in-sync
echo 0 > $A/enable
echo async > $A/mode
echo 1 > $A/enable
ok_if "async: in sync" wait_state $A in-sync 300
mirror_dev_wait pa
bench_set async /dev/liox/pa

for t in seq r1 r16; do
	eval "l=(\$res_local_$t) s=(\$res_sync_$t) a=(\$res_async_$t)"
	case $t in
	seq) what="sequential 1 MiB writes QD4"; k=0; unit="MiB/s" ;;
	r1) what="4 KiB random writes QD1"; k=1; unit="IOPS" ;;
	r16) what="4 KiB random writes QD16"; k=1; unit="IOPS" ;;
	esac
	diag "bench ipmirror $what: local ${l[$k]} $unit p99 ${l[2]} us, sync ${s[$k]} $unit p99 ${s[2]} us, async ${a[$k]} $unit p99 ${a[2]} us"
	diag "bench ipmirror $what: sync/local $(bench_ratio "${s[$k]}" "${l[$k]}"), async/local $(bench_ratio "${a[$k]}" "${l[$k]}") (TCG: ratios only)"
done

# --- resync: 32 MiB dirtied in an outage, against a raw copy ----------------------
echo 0 > $A/enable
echo sync > $A/mode
echo 1 > $A/enable
wait_state $A in-sync 300 >/dev/null
mirror_dev_wait pa
nft add table inet liox
nft add chain inet liox out '{ type filter hook output priority 0; }'
# the kernel log's clock: uptime read with a builtin (no exec) right after
# the rules are in, against the timestamp of the "up -> down" log line
nft add rule inet liox out ip daddr 127.0.0.2 drop
nft add rule inet liox out ip saddr 127.0.0.2 drop
read -r t0 _ < /proc/uptime
while [ "$(cat $A/state)" != peer-down ]; do sleep 0.1; done
t1=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] liox_ipmirror: pa: peer heartbeat up -> down.*/\1/p' | tail -n 1)
det=$(python3 -c "print(int(($t1 - $t0) * 1000))")
bound=$(( $(cat $A/hb_dead_ms) + $(cat $A/hb_interval_ms) ))
diag "bench ipmirror peer death detected ${det} ms after the link was cut (bound hb_dead_ms + hb_interval_ms = $bound ms; TCG)"
dd if=/dev/urandom of=/tmp/w bs=1M count=32 status=none
dd if=/tmp/w of=/dev/liox/pa bs=1M seek=16 oflag=direct status=none
dirtied=$(( $(cat $A/dirty_regions) * 65536 ))
rs0=$(cat $A/resync_bytes)
nft flush chain inet liox out
ok_if "resync done" wait_state $A in-sync 300
resent=$(( $(cat $A/resync_bytes) - rs0 ))
# the module's own timing of the resync: "resync done: N regions, K KiB sent in T ms"
ms=$(dmesg | sed -n 's/.*pa: resync done: .* sent in \([0-9]*\) ms.*/\1/p' | tail -n 1)
# the raw copy of the same 32 MiB over the same kind of link: nc over
# loopback TCP into the other device (O_DIRECT both ends)
nc -l -s 127.0.0.2 -p 7799 | dd of="$dev_b" bs=1M seek=16 iflag=fullblock \
	oflag=direct status=none &
rpid=$!
sleep 1
raw=$(bench_now)
dd if="$dev_a" bs=1M skip=16 count=32 iflag=direct status=none |
	nc -N 127.0.0.2 7799
wait $rpid
raw1=$(bench_now)
rs_mibs=$(python3 -c "print('%.1f' % ($resent / 1048576 / (max($ms, 1) / 1000)))")
raw_mibs=$(bench_mibs $((32 << 20)) "$raw" "$raw1")
diag "bench ipmirror resync: $resent bytes in $ms ms = $rs_mibs MiB/s, raw copy of 32 MiB over TCP (nc) $raw_mibs MiB/s, resync/raw $(bench_ratio "$rs_mibs" "$raw_mibs") (TCG: ratios only)"
diag "bench ipmirror resent/dirtied: $resent / $dirtied = $(bench_ratio "$resent" "$dirtied")"
nft delete table inet liox

echo 0 > $A/enable
echo 0 > $B/enable
rmdir $A $B
rmmod liox_ipmirror
losetup -d "$dev_a" "$dev_b"
tap_done
