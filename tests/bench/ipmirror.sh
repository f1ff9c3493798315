#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: liox_ipmirror against the local device and against DRBD
# protocol C (Debian's drbd.ko 8.4, tests/lib/drbd.sh), in one VM: both
# mirrors of a pair in one kernel over loopback addresses, on the same two
# backing devices. Two kinds of backing device: loop devices on tmpfs
# (memory speed: every copy and checksum shows) and dm-delay over them
# (1 ms per read and per write: storage that answers like a disk); and,
# for sequential writes only, dm-delay of 100 ms (a disk slower than the
# TCG link, as disks usually are against real networks).
# On each: fio sequential 1 MiB writes QD4 (after one unmeasured pass over
# the same 128 MiB, on every device alike: the activity logs' first write
# to each extent is behind them; its MiB/s is reported too) and 4 KiB
# random writes QD1 and
# QD16 (on the 1 ms device also QD1 with a flush after each) on the local
# device, liox sync (by default with a CRC32C of every payload; and with
# data_crc 0 on both sides), liox async, DRBD C (by default without
# payload checks) and DRBD C with --data-integrity-alg=crc32c:
# MiB/s, IOPS and p99 latency (the random runs on the tmpfs and 1 ms
# devices the median of three), ratios against local and against DRBD. Then, on the tmpfs
# devices: the resync of 32 MiB dirtied during an outage against a raw copy
# of the same bytes over the same loopback TCP (dd | nc | dd, O_DIRECT) and
# against DRBD's resync of the same 32 MiB, bytes resent per byte dirtied,
# and the time from the peer's death to its detection against hb_dead_ms +
# hb_interval_ms. Last, the speed of crc32c's two drivers here, and the
# sequential runs again with both mirrors' CRCs on crc32c-generic (TCG
# emulates the instruction crc32c-intel uses bit by bit). The VM runs
# under TCG: only the ratios mean anything.
# Run: tests/bench/run.sh ipmirror
# liox-timeout: 4200
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

# fio_run NAME DEV RW BS QD [FIO_OPTION...]: "MiB/s IOPS p99_us" of a
# 15 s time-based run
fio_run() {
	fio --name="$1" --filename="$2" --rw="$3" --bs="$4" --iodepth="$5" \
		"${@:6}" \
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

# fio_warm DEV: one sequential pass of 1 MiB writes over the 128 MiB the
# runs use, before the sequential run, on every device alike; prints its
# MiB/s. liox's and DRBD's activity logs pay one metadata write for the
# first write to each 4 MiB extent (fresh metadata here: every pair
# starts with an empty log); the runs then measure the steady state, and
# this pass shows the cold cost.
fio_warm() {
	fio --name=warm --filename="$1" --rw=write --bs=1M --iodepth=4 \
		--ioengine=libaio --direct=1 --size=128M --output-format=json \
		--output=/tmp/fio_warm.json >/dev/null 2>&1 || { echo 0; return; }
	python3 -c '
import json
print("%.1f" % (json.load(open("/tmp/fio_warm.json"))["jobs"][0]["write"]["bw"] / 1024))'
}

# fio_med NAME DEV RW BS QD [FIO_OPTION...]: fio_run $RUNS times (default
# once) back to back; each column's median. Under TCG the latency tails of
# one 15 s run differ by up to half between runs a minute apart.
fio_med() {
	local i
	for i in $(seq "${RUNS:-1}"); do
		fio_run "$@"
	done | python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
cols = list(zip(*rows))
med = [statistics.median(float(x) for x in c) for c in cols]
print("%.1f %d %d" % tuple(med))'
}

# bench_set LABEL DEV: the fio runs of $TESTS (seq r1 r16 f1) on DEV into
# res_LABEL_*; the random ones the median of $RUNS
bench_set() {
	local label=$1 dev=$2 t
	for t in $TESTS; do
		case $t in
		seq) eval "res_${label}_warm=\$(fio_warm $dev)"
		     eval "res_${label}_seq=\"\$(fio_run seq $dev write 1M 4)\"" ;;
		r1) eval "res_${label}_r1=\"\$(fio_med r1 $dev randwrite 4k 1)\"" ;;
		r16) eval "res_${label}_r16=\"\$(fio_med r16 $dev randwrite 4k 16)\"" ;;
		f1) eval "res_${label}_f1=\"\$(fio_med f1 $dev randwrite 4k 1 --fsync=1)\"" ;;
		esac
	done
}

# slow_delay MS: dm-delay devices slowa and slowb (over dev_a and dev_b)
# delay each request MS ms from now on
slow_delay() {
	local n d
	for n in a b; do
		eval "d=\$dev_$n"
		dmsetup suspend slow$n &&
			dmsetup reload slow$n --table "0 $(blockdev --getsz "$d") delay $d 0 $1 $d 0 $1" &&
			dmsetup resume slow$n || return 1
	done
}

# liox_pair_up DEV_A DEV_B [MODE [DATA_CRC]]: mirrors pa (primary, on
# DEV_A) and sb, enabled and in sync. With SLOW_MS set (DEV_A and DEV_B
# are slowa and slowb), the initial sync runs without the delay, which is
# SLOW_MS again once in sync (a full sync through 100 ms per request would
# take minutes; DRBD skips its own).
liox_pair_up() {
	mkdir $A $B
	mirror_setup $A "$1" 127.0.0.1 127.0.0.2 sb primary
	mirror_setup $B "$2" 127.0.0.2 127.0.0.1 pa secondary
	echo "${3:-sync}" > $A/mode
	echo "${4:-1}" > $A/data_crc
	echo "${4:-1}" > $B/data_crc
	[ -z "${SLOW_MS:-}" ] || slow_delay 0 || return 1
	echo 1 > $B/enable
	echo 1 > $A/enable
	wait_state $A in-sync 300 && mirror_dev_wait pa || return 1
	[ -z "${SLOW_MS:-}" ] || slow_delay "$SLOW_MS"
}

# data_same DEV_A DEV_B: the first 128 MiB (the data areas) are equal; read
# with O_DIRECT in 1 MiB blocks (no stale cache, few reads on slow devices)
data_same() {
	cmp -n $((128 << 20)) \
		<(dd if="$1" bs=1M count=128 iflag=direct status=none) \
		<(dd if="$2" bs=1M count=128 iflag=direct status=none)
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

# bench_kind KIND DEV_A DEV_B: local, liox sync (with and without data
# CRCs) and async, DRBD C (without and with crc32c) on these devices; the
# figures and ratios as "# bench" lines
bench_kind() {
	local kind=$1 da=$2 db=$3 t what k unit l s a d

	bench_set local "$da"
	ok_if "$kind: liox pair in sync" liox_pair_up "$da" "$db"
	bench_set sync /dev/liox/pa
	ok_if "$kind: liox sync runs: still in sync" test "$(cat $A/state)" = in-sync
	liox_pair_down
	# each pair from fresh metadata, as DRBD's: every activity log starts
	# cold (the first pass shows it)
	md_wipe "$da" "$db"
	# without data CRCs, as DRBD's default
	ok_if "$kind: liox pair without data CRCs in sync" \
		liox_pair_up "$da" "$db" sync 0
	bench_set nocrc /dev/liox/pa
	ok_if "$kind: liox sync without data CRCs: still in sync" \
		test "$(cat $A/state)" = in-sync
	liox_pair_down
	md_wipe "$da" "$db"
	ok_if "$kind: liox async pair in sync" liox_pair_up "$da" "$db" async
	bench_set async /dev/liox/pa
	ok_if "$kind: liox async runs: in sync" wait_state $A in-sync 300
	liox_pair_down
	ok_if "$kind: liox: both data areas identical" \
		data_same "$da" "$db"

	ok_if "$kind: DRBD pair connected, UpToDate, primary" drbd_pair_up "$da" "$db" 127.0.0.1 127.0.0.2
	bench_set drbd /dev/drbd0
	ok_if "$kind: DRBD: still connected and UpToDate" drbd_uptodate
	drbd_pair_down
	md_wipe "$da" "$db"
	# DRBD's usable size is the device less its internal metadata
	ok_if "$kind: DRBD: both data areas identical" \
		data_same "$da" "$db"
	# DRBD checks no payload by default; liox always sends a CRC32C of
	# each: DRBD with the same check, like for like
	ok_if "$kind: DRBD (crc32c) pair up" drbd_pair_up "$da" "$db" \
		127.0.0.1 127.0.0.2 --data-integrity-alg=crc32c
	bench_set dcrc /dev/drbd0
	ok_if "$kind: DRBD (crc32c): still connected and UpToDate" drbd_uptodate
	drbd_pair_down
	md_wipe "$da" "$db"
	ok_if "$kind: DRBD (crc32c): both data areas identical" \
		data_same "$da" "$db"

	case " $TESTS " in *" seq "*)
		diag "bench ipmirror $kind, first sequential pass of 1 MiB writes QD4 over 128 MiB (activity logs cold, not in the figures below): local $res_local_warm MiB/s, liox sync $res_sync_warm, liox sync without data CRC $res_nocrc_warm, liox async $res_async_warm, DRBD C $res_drbd_warm, DRBD C crc32c $res_dcrc_warm; sync/local $(bench_ratio "$res_sync_warm" "$res_local_warm"), DRBD/local $(bench_ratio "$res_drbd_warm" "$res_local_warm") (TCG: ratios only)"
	esac
	for t in $TESTS; do
		eval "l=(\$res_local_$t) s=(\$res_sync_$t) n=(\$res_nocrc_$t) a=(\$res_async_$t) d=(\$res_drbd_$t) c=(\$res_dcrc_$t)"
		case $t in
		seq) what="sequential 1 MiB writes QD4"; k=0; unit="MiB/s" ;;
		r1) what="4 KiB random writes QD1"; k=1; unit="IOPS" ;;
		r16) what="4 KiB random writes QD16"; k=1; unit="IOPS" ;;
		f1) what="4 KiB random writes QD1, a flush after each"; k=1; unit="IOPS" ;;
		esac
		[ "$k" = 0 ] || [ "${RUNS:-1}" = 1 ] || what+=" (median of $RUNS runs)"
		diag "bench ipmirror $kind, $what: local ${l[$k]} $unit p99 ${l[2]} us, liox sync ${s[$k]} $unit p99 ${s[2]} us, liox sync without data CRC ${n[$k]} $unit p99 ${n[2]} us, liox async ${a[$k]} $unit p99 ${a[2]} us, DRBD C ${d[$k]} $unit p99 ${d[2]} us, DRBD C crc32c ${c[$k]} $unit p99 ${c[2]} us"
		diag "bench ipmirror $kind, $what: sync/local $(bench_ratio "${s[$k]}" "${l[$k]}"), sync without data CRC/local $(bench_ratio "${n[$k]}" "${l[$k]}"), async/local $(bench_ratio "${a[$k]}" "${l[$k]}"), DRBD/local $(bench_ratio "${d[$k]}" "${l[$k]}") (goal for sync seq >= 0.9; TCG: ratios only)"
		diag "bench ipmirror $kind, $what: sync/DRBD $unit $(bench_ratio "${s[$k]}" "${d[$k]}") p99 $(bench_ratio "${s[2]}" "${d[2]}"); like for like: sync/DRBD-crc32c $unit $(bench_ratio "${s[$k]}" "${c[$k]}") p99 $(bench_ratio "${s[2]}" "${c[2]}"), sync without data CRC/DRBD $unit $(bench_ratio "${n[$k]}" "${d[$k]}") p99 $(bench_ratio "${n[2]}" "${d[2]}") (goals: $unit >= 1, p99 <= 1; TCG: ratios only)"
	done
}

modprobe liox_ipmirror
modprobe dm-delay
TESTS="seq r1 r16"
# the IOPS and p99 goals: random runs the median of three each (fio_med)
RUNS=3
bench_kind tmpfs "$dev_a" "$dev_b"
RUNS=1

# --- resync: 32 MiB dirtied in an outage, against a raw copy ----------------------
# liox_resync DATA_CRC: a pair, an outage (nftables), 32 MiB written, the
# link back; sets det (ms from the cut to the peer's death, first call
# only), dirtied, resent and ms (the module's own timing of the resync)
liox_resync() {
	ok_if "resync (data_crc $1): liox pair in sync" \
		liox_pair_up "$dev_a" "$dev_b" sync "$1"
	nft add table inet liox
	nft add chain inet liox out '{ type filter hook output priority 0; }'
	# the kernel log's clock: uptime read with a builtin (no exec) right
	# after the rules are in, against the timestamp of the "up -> down"
	# log line
	nft add rule inet liox out ip daddr 127.0.0.2 drop
	nft add rule inet liox out ip saddr 127.0.0.2 drop
	read -r t0 _ < /proc/uptime
	while [ "$(cat $A/state)" != peer-down ]; do sleep 0.1; done
	t1=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] liox_ipmirror: pa: peer heartbeat up -> down.*/\1/p' | tail -n 1)
	[ -n "${det:-}" ] || det=$(python3 -c "print(int(($t1 - $t0) * 1000))")
	bound=$(( $(cat $A/hb_dead_ms) + $(cat $A/hb_interval_ms) ))
	dd if=/dev/urandom of=/tmp/w bs=1M count=32 status=none
	dd if=/tmp/w of=/dev/liox/pa bs=1M seek=16 oflag=direct status=none
	dirtied=$(( $(cat $A/dirty_regions) * 65536 ))
	rs0=$(cat $A/resync_bytes)
	nft flush chain inet liox out
	ok_if "resync (data_crc $1) done" wait_state $A in-sync 300
	resent=$(( $(cat $A/resync_bytes) - rs0 ))
	# "resync done: N regions, K KiB sent in T ms"
	ms=$(dmesg | sed -n 's/.*pa: resync done: .* sent in \([0-9]*\) ms.*/\1/p' | tail -n 1)
	nft delete table inet liox
	liox_pair_down
	ok_if "resync (data_crc $1): both data areas identical" \
		data_same "$dev_a" "$dev_b"
}

liox_resync 0
rs_mibs_nocrc=$(python3 -c "print('%.1f' % ($resent / 1048576 / (max($ms, 1) / 1000)))")
liox_resync 1
diag "bench ipmirror peer death detected ${det} ms after the link was cut (bound hb_dead_ms + hb_interval_ms = $bound ms; TCG)"
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
diag "bench ipmirror resync without data CRC (nc has none; like for like): $rs_mibs_nocrc MiB/s, resync/raw $(bench_ratio "$rs_mibs_nocrc" "$raw_mibs") (goal >= 0.8; TCG: ratios only)"
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
ok_if "resync: DRBD: both data areas identical" data_same "$dev_a" "$dev_b"
md_wipe "$dev_a" "$dev_b"

# --- the same on storage with latency ---------------------------------------------
for n in a b; do
	eval "d=\$dev_$n"
	dmsetup create lat$n --table "0 $(blockdev --getsz "$d") delay $d 0 1 $d 0 1" ||
		bail "no dm-delay"
	dmsetup mknodes lat$n	# no udev in the VM
done
# f1, here only: a flush after every write. In async mode a flush waits
# for the peer's flushes too (the host's flush order holds on the peer):
# what that costs against sync mode and DRBD, on storage whose flush
# takes time as a disk's does
TESTS="seq r1 r16 f1"
RUNS=3
bench_kind "1 ms dm-delay" /dev/mapper/lata /dev/mapper/latb
RUNS=1
TESTS="seq r1 r16"
dmsetup remove lata
dmsetup remove latb

# --- sequential writes on a disk slower than the link -----------------------------
# Under TCG the loopback link carries far less than memory-speed devices
# (above, DRBD reaches a fraction of local there too). On real machines a
# disk is usually the slower part; here that is a disk answering each
# 1 MiB in 100 ms (QD4: at most 40 MiB/s): does mirroring cost a
# disk-bound sequential stream anything?
for n in a b; do
	eval "d=\$dev_$n"
	dmsetup create slow$n --table "0 $(blockdev --getsz "$d") delay $d 0 100 $d 0 100" ||
		bail "no dm-delay"
	dmsetup mknodes slow$n
done
TESTS=seq
SLOW_MS=100
bench_kind "100 ms dm-delay (disk-bound)" /dev/mapper/slowa /dev/mapper/slowb

# --- CRC32C as TCG computes it --------------------------------------------------
# crc32c() (liox's CRCs, DRBD's crc32c) runs on the best driver loaded:
# crc32c-intel, the SSE4.2 crc32 instruction, tens of GB/s on a real CPU.
# TCG emulates that instruction one bit at a time, so here it is slower
# than the table-driven crc32c-generic. Both measured (AF_ALG), then the
# sequential runs again with crc32c_intel kept out: liox and DRBD alike
# then use crc32c-generic, nearer what a CRC costs on real hardware.
# crc_mbs DRIVER: MB/s of DRIVER over 32 MiB
crc_mbs() {
	python3 - "$1" <<'PY'
import socket, sys, time
a = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
a.bind(("hash", sys.argv[1]))
a.setsockopt(socket.SOL_ALG, socket.ALG_SET_KEY, b"\xff" * 4)
o, _ = a.accept()
buf = bytes(range(256)) * 4096
t = time.monotonic()
for _ in range(32):
	o.sendall(buf)
	o.recv(4)
print("%.1f" % (32 * len(buf) / 1e6 / (time.monotonic() - t)))
PY
}
modprobe algif_hash
crc_hw=$(crc_mbs crc32c-intel) crc_sw=$(crc_mbs crc32c-generic)
diag "bench ipmirror crc32c in this VM: crc32c-intel (the kernel's choice) $crc_hw MB/s, crc32c-generic $crc_sw MB/s; generic/intel $(bench_ratio "$crc_sw" "$crc_hw") (TCG emulates the crc32 instruction; on a real CPU crc32c-intel is the faster by far)"
rmmod algif_hash
# crc_generic_only: liox_ipmirror loaded again, crc32c() on crc32c-generic
# (nf_tables, loaded by the resync runs' nft, holds libcrc32c too).
# crc32c_intel is kept out with an "install" line: libcrc32c's softdep on
# "crc32c" would load it again at every modprobe that pulls libcrc32c in
# (liox_ipmirror, drbd), and a blacklist does not stop an alias without
# -b; DRBD's crc32c runs would then take crc32c-intel.
crc_generic_only() {
	local mod
	rmmod liox_ipmirror || return 1
	# modprobe -r takes libcrc32c along once nothing else uses it
	modprobe -r nf_tables
	for mod in libcrc32c crc32c_intel; do
		if grep -q "^$mod " /proc/modules; then
			rmmod "$mod" || return 1
		fi
	done
	mkdir -p /etc/modprobe.d &&
		echo "install crc32c_intel /bin/true" > /etc/modprobe.d/liox-bench-crc.conf &&
		modprobe crc32c_generic &&
		modprobe liox_ipmirror || return 1
	! grep -q '^crc32c_intel ' /proc/modules &&
		grep -q '^crc32c_generic ' /proc/modules
}
if crc_generic_only; then
	ok_if "crc32c-generic only: liox_ipmirror reloaded without crc32c_intel" true
	bench_kind "100 ms dm-delay (disk-bound), crc32c-generic" \
		/dev/mapper/slowa /dev/mapper/slowb
	SLOW_MS=
	bench_kind "tmpfs, crc32c-generic" "$dev_a" "$dev_b"
else
	ok_if "crc32c-generic only: liox_ipmirror reloaded without crc32c_intel ($(lsmod | grep crc32c | tr -s ' \n' ' '))" false
	modprobe liox_ipmirror
fi
rm -f /etc/modprobe.d/liox-bench-crc.conf
SLOW_MS=
dmsetup remove slowa
dmsetup remove slowb

rmmod liox_ipmirror
losetup -d "$dev_a" "$dev_b"
tap_done
