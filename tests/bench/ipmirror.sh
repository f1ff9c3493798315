#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: liox_ipmirror against the local device and against DRBD
# protocol C (Debian's drbd.ko 8.4, tests/lib/drbd.sh), in one VM: both
# mirrors of a pair in one kernel over loopback addresses, on the same two
# backing devices. Two kinds of backing device: loop devices on tmpfs
# (memory speed: every copy and checksum shows) and dm-delay over them
# (1 ms per read and per write: storage that answers like a disk).
# On each: fio sequential 1 MiB writes QD4 and 4 KiB random writes QD1 and
# QD16 on the local device, liox sync, liox async and DRBD C: MiB/s, IOPS
# and p99 latency, ratios against local and against DRBD. Then, on the tmpfs
# devices: the resync of 32 MiB dirtied during an outage against a raw copy
# of the same bytes over the same loopback TCP (dd | nc | dd, O_DIRECT) and
# against DRBD's resync of the same 32 MiB, bytes resent per byte dirtied,
# and the time from the peer's death to its detection against hb_dead_ms +
# hb_interval_ms. The VM runs under TCG: only the ratios mean anything.
# Run: tests/bench/run.sh ipmirror
# liox-timeout: 2400
# liox-mem: 3072
set -u
. tests/lib/tap.sh
. tests/lib/ipmirror.sh
. tests/lib/bench.sh
. tests/lib/drbd.sh

A=$MIRRORS/pa
B=$MIRRORS/sb
for n in a b; do
	truncate -s 192M /tmp/m$n.img
	eval "dev_$n=\$(losetup --find --show /tmp/m$n.img)" || bail "no loop device"
done

# fio_run NAME DEV RW BS QD: "MiB/s IOPS p99_us" of a 15 s time-based run
fio_run() {
	fio --name="$1" --filename="$2" --rw="$3" --bs="$4" --iodepth="$5" \
		--ioengine=libaio --direct=1 --size=128M --time_based \
		--runtime=15 --output-format=json --output=/tmp/fio.json \
		>/dev/null 2>&1 || { echo "0 0 0"; return; }
	python3 -c '
import json
j = json.load(open("/tmp/fio.json"))["jobs"][0]["write"]
p = j["clat_ns"].get("percentile", {})
p99 = p.get("99.000000", 0) / 1000
print("%.1f %d %d" % (j["bw"] / 1024, j["iops"], p99))'
}

# bench_set LABEL DEV: the three fio runs on DEV into res_LABEL_*
bench_set() {
	local label=$1 dev=$2
	eval "res_${label}_seq=\"\$(fio_run seq $dev write 1M 4)\""
	eval "res_${label}_r1=\"\$(fio_run r1 $dev randwrite 4k 1)\""
	eval "res_${label}_r16=\"\$(fio_run r16 $dev randwrite 4k 16)\""
}

# liox_pair_up DEV_A DEV_B [MODE]: mirrors pa (primary, on DEV_A) and sb,
# enabled and in sync
liox_pair_up() {
	mkdir $A $B
	mirror_setup $A "$1" 127.0.0.1 127.0.0.2 sb primary
	mirror_setup $B "$2" 127.0.0.2 127.0.0.1 pa secondary
	echo "${3:-sync}" > $A/mode
	echo 1 > $B/enable
	echo 1 > $A/enable
	wait_state $A in-sync 300 && mirror_dev_wait pa
}

# md_wipe DEV...: zero the last MiB (where DRBD and liox keep their
# metadata), so the next pair starts from fresh metadata
md_wipe() {
	local d
	for d in "$@"; do
		dd if=/dev/zero of="$d" bs=1M count=1 oflag=direct status=none \
			seek=$(( $(blockdev --getsz "$d") / 2048 - 1 ))
	done
}

liox_pair_down() {
	echo 0 > $A/enable
	echo 0 > $B/enable
	rmdir $A $B
}

# bench_kind KIND DEV_A DEV_B: local, liox sync and async, DRBD C on these
# devices; the figures and ratios as "# bench" lines
bench_kind() {
	local kind=$1 da=$2 db=$3 t what k unit l s a d

	bench_set local "$da"
	ok_if "$kind: liox pair in sync" liox_pair_up "$da" "$db"
	bench_set sync /dev/liox/pa
	ok_if "$kind: liox sync runs: still in sync" test "$(cat $A/state)" = in-sync
	liox_pair_down
	ok_if "$kind: liox async pair in sync" liox_pair_up "$da" "$db" async
	bench_set async /dev/liox/pa
	ok_if "$kind: liox async runs: in sync" wait_state $A in-sync 300
	liox_pair_down
	ok_if "$kind: liox: both data areas identical" \
		cmp -n $((128 << 20)) "$da" "$db"

	ok_if "$kind: DRBD pair connected, UpToDate, primary" drbd_pair_up "$da" "$db" 127.0.0.1 127.0.0.2
	bench_set drbd /dev/drbd0
	ok_if "$kind: DRBD: still connected and UpToDate" drbd_uptodate
	drbd_pair_down
	md_wipe "$da" "$db"
	# DRBD's usable size is the device less its internal metadata
	ok_if "$kind: DRBD: both data areas identical" \
		cmp -n $((128 << 20)) "$da" "$db"

	for t in seq r1 r16; do
		eval "l=(\$res_local_$t) s=(\$res_sync_$t) a=(\$res_async_$t) d=(\$res_drbd_$t)"
		case $t in
		seq) what="sequential 1 MiB writes QD4"; k=0; unit="MiB/s" ;;
		r1) what="4 KiB random writes QD1"; k=1; unit="IOPS" ;;
		r16) what="4 KiB random writes QD16"; k=1; unit="IOPS" ;;
		esac
		diag "bench ipmirror $kind, $what: local ${l[$k]} $unit p99 ${l[2]} us, sync ${s[$k]} $unit p99 ${s[2]} us, async ${a[$k]} $unit p99 ${a[2]} us, DRBD C ${d[$k]} $unit p99 ${d[2]} us"
		diag "bench ipmirror $kind, $what: sync/local $(bench_ratio "${s[$k]}" "${l[$k]}"), async/local $(bench_ratio "${a[$k]}" "${l[$k]}"), DRBD/local $(bench_ratio "${d[$k]}" "${l[$k]}"); sync/DRBD $unit $(bench_ratio "${s[$k]}" "${d[$k]}") (goal >= 1), p99 $(bench_ratio "${s[2]}" "${d[2]}") (goal <= 1) (TCG: ratios only)"
	done
}

modprobe liox_ipmirror
modprobe dm-delay
bench_kind tmpfs "$dev_a" "$dev_b"

# --- resync: 32 MiB dirtied in an outage, against a raw copy ----------------------
ok_if "resync: liox pair in sync" liox_pair_up "$dev_a" "$dev_b"
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
nft delete table inet liox
liox_pair_down
ok_if "resync: both data areas identical" cmp -n $((128 << 20)) "$dev_a" "$dev_b"
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
diag "bench ipmirror resync: $resent bytes in $ms ms = $rs_mibs MiB/s, raw copy of 32 MiB over TCP (nc) $raw_mibs MiB/s, resync/raw $(bench_ratio "$rs_mibs" "$raw_mibs") (goal >= 0.8; TCG: ratios only)"
diag "bench ipmirror resent/dirtied: $resent / $dirtied = $(bench_ratio "$resent" "$dirtied") (goal <= 1.1)"

# DRBD's resync of the same 32 MiB at its highest fixed rate: rb
# disconnects, ra writes, rb comes back; timed from the reconnect
# (handshake included) until nothing is out of sync
ok_if "resync: DRBD pair up" drbd_pair_up "$dev_a" "$dev_b" 127.0.0.1 127.0.0.2
$DRBDSETUP disk-options 0 --c-plan-ahead=0 --resync-rate=4194304
$DRBDSETUP disconnect ipv4:127.0.0.2:7789 ipv4:127.0.0.1:7789
dd if=/dev/urandom of=/tmp/w5 bs=1M count=32 status=none
dd if=/tmp/w5 of=/dev/drbd0 bs=1M seek=16 oflag=direct status=none
d0=$(bench_now)
$DRBDSETUP connect rb ipv4:127.0.0.2:7789 ipv4:127.0.0.1:7789 --protocol=C
ok_if "resync: DRBD resynced" drbd_wait_uptodate 300
d1=$(bench_now)
drbd_rs_mibs=$(bench_mibs $((32 << 20)) "$d0" "$d1")
diag "bench ipmirror resync of 32 MiB: liox $rs_mibs MiB/s, DRBD $drbd_rs_mibs MiB/s (reconnect included), liox/DRBD $(bench_ratio "$rs_mibs" "$drbd_rs_mibs") (TCG: ratios only)"
drbd_pair_down
ok_if "resync: DRBD: both data areas identical" cmp -n $((128 << 20)) "$dev_a" "$dev_b"
md_wipe "$dev_a" "$dev_b"

# --- the same on storage with latency ---------------------------------------------
for n in a b; do
	eval "d=\$dev_$n"
	dmsetup create lat$n --table "0 $(blockdev --getsz "$d") delay $d 0 1 $d 0 1" ||
		bail "no dm-delay"
	dmsetup mknodes lat$n	# no udev in the VM
done
bench_kind "1 ms dm-delay" /dev/mapper/lata /dev/mapper/latb
dmsetup remove lata
dmsetup remove latb

rmmod liox_ipmirror
losetup -d "$dev_a" "$dev_b"
tap_done
