#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_ipmirror when the peer's disk fails a write: the secondary's backing
# device is a device-mapper table whose middle MiB is switched to the
# error target. A sync-mode write there still completes on the primary;
# the secondary counts the I/O error and acknowledges with ERROR, the
# primary counts it (peer_errors), records the range dirty on disk, takes
# the link down and shows peer-io-error; each retry (one per
# probation_ms) fails again while the disk does. Once the peer's disk is
# whole again the next retry's resync sends the range, with no operator
# action, and both backing devices compare equal. A flush the peer's disk
# fails makes dirty the regions it acknowledged since its last flush, and
# no others; every region if no flush of the link succeeded yet. A peer whose disk hangs (its dm device suspended) fails the
# link after ack_timeout_ms (peer-timeout): the write completes, and is
# resent once the disk is back. A write the peer acknowledged but never
# flushed is resent after the link goes down, so a peer that lost its
# cache gets it back. A FLUSH the peer never completes while it answers
# writes takes the link down after request_timeout_ms. A resync read the
# primary's own disk fails (its backing device is a device-mapper table
# too) shows io-error and costs one attempt per probation_ms, not a
# reconnect loop; the disk readable again, the resync completes.
# liox-timeout: 600
set -u
. tests/lib/tap.sh
. tests/lib/ipmirror.sh

A=$MIRRORS/pa
B=$MIRRORS/sb
for n in a b; do
	truncate -s 64M /tmp/m$n.img
	eval "dev_$n=\$(losetup --find --show /tmp/m$n.img)" || bail "no loop device"
done
sz=$(blockdev --getsz "$dev_b")
dmsetup create pbk --table "0 $sz linear $dev_b 0" || bail "no dm"
dmsetup create pak --table "0 $sz linear $dev_a 0" || bail "no dm"
dmsetup mknodes
ok_if "modprobe liox_ipmirror" modprobe liox_ipmirror
mkdir $A $B
mirror_setup $A /dev/mapper/pak 127.0.0.1 127.0.0.2 sb primary
mirror_setup $B /dev/mapper/pbk 127.0.0.2 127.0.0.1 pa secondary
echo 1 > $B/enable
echo 1 > $A/enable
ok_if "in sync" wait_state $A in-sync 60
wait_state $B in-sync 30 >/dev/null
sectors=$(cat $A/size_sectors)
same_data() {
	blockdev --flushbufs "$dev_a" "$dev_b"
	cmp -n $(( sectors * 512 )) "$dev_a" "$dev_b"
}
ok_if "identical" same_data
# dm_table NAME TABLE: device-mapper device NAME switched to TABLE
# (suspended around the reload; its status is the reload's)
dm_table() {
	local ret=0
	dmsetup suspend "$1"
	dmsetup reload "$1" --table "$2" || ret=$?
	dmsetup resume "$1"
	return $ret
}
# the peer's disk whole again (a plain linear table)
disk_whole() { dm_table pbk "0 $sz linear $dev_b 0"; }
# flushes held a minute on the peer, reads and writes pass
flush_hangs() {
	dm_table pbk "0 $sz delay $dev_b 0 0 $dev_b 0 0 $dev_b 0 60000" ||
		bail "no dm-delay table"
}
# sectors [32768, 34816) (16 MiB, 1 MiB) fail on the secondary
dm_table pbk "0 32768 linear $dev_b 0
32768 2048 error
34816 $(( sz - 34816 )) linear $dev_b 34816"
pe0=$(cat $A/peer_errors); io0=$(cat $B/io_errors)
dd if=/dev/urandom of=/tmp/w6 bs=1M count=1 status=none
ok_if "a write the peer fails completes on the primary" \
	dd if=/tmp/w6 of=/dev/liox/pa bs=1M seek=16 oflag=direct,sync status=none
diag "A: state $(cat $A/state) peer_errors $pe0 -> $(cat $A/peer_errors) dirty $(cat $A/dirty_regions); B: state $(cat $B/state) io_errors $io0 -> $(cat $B/io_errors)"
ok_if "the primary counts the peer's failure" test "$(cat $A/peer_errors)" -gt "$pe0"
ok_if "the secondary counts its I/O error" test "$(cat $B/io_errors)" -gt "$io0"
ok_if "the primary records the range dirty" test "$(cat $A/dirty_regions)" -ge 16
ok_if "the primary holds the write" same_at /tmp/w6 "$dev_a" 16
ok_if "the primary shows peer-io-error" wait_state $A peer-io-error 10
ok_if "more writes elsewhere complete" \
	dd if=/tmp/w6 of=/dev/liox/pa bs=1M seek=40 oflag=direct,sync status=none
# the disk still fails: the next attempt's resync fails too
pe1=$(cat $A/peer_errors); c1=$(cat $A/connects)
ok_if "a retry connects again" grows $A/connects "$c1" 20
ok_if "its resync write fails on the peer too" grows $A/peer_errors "$pe1" 20
ok_if "back to peer-io-error, the range still dirty" \
	eval 'wait_state $A peer-io-error 10 && test "$(cat $A/dirty_regions)" -ge 16'
disk_whole
ok_if "the disk whole again: in sync without the operator" \
	wait_state $A in-sync 60
wait_state $B in-sync 30 >/dev/null
ok_if "no region left dirty" test "$(cat $A/dirty_regions)" -eq 0
ok_if "identical" same_data
ok_if "the peer holds the write it failed" same_at /tmp/w6 "$dev_b" 16
ok_if "and the later write" same_at /tmp/w6 "$dev_b" 40
# --- a flush the peer's disk fails ---------------------------------------------
# writes pass, flushes fail: dm-delay sends flushes to a device of their
# own, here dm-flakey always down over the same disk (a device with a
# write cache: the block layer completes a flush to one without at once).
# The peer may then have lost what it acknowledged since its last good
# flush, and only that: those regions, no others, are recorded dirty, and
# the resync sends them
modprobe dm-delay || bail "no dm-delay"
regions=$(( (sectors + 127) / 128 ))	# 64 KiB regions
modprobe dm-flakey || bail "no dm-flakey"
dmsetup create perr --table "0 $sz flakey $dev_b 0 0 1" || bail "no dm-flakey"
dmsetup mknodes perr
fsync_pa() {
	python3 -c '
import os
fd = os.open("/dev/liox/pa", os.O_WRONLY)
os.fsync(fd)'
}
flush_fails() {
	dm_table pbk "0 $sz delay $dev_b 0 0 $dev_b 0 0 /dev/mapper/perr 0 0" ||
		bail "no dm-delay table"
}
# the peer acknowledged this flush on every connection: nothing unflushed
ok_if "a flush the peer runs completes" fsync_pa
flush_fails
# the next attempt waits until the disk is whole again (below)
echo 20000 > $A/probation_ms
pe2=$(cat $A/peer_errors); rsb=$(cat $A/resync_bytes)
tf=$(log_count "pa: the peer failed a flush: 16 more regions")
dd if=/dev/urandom of=/tmp/w8 bs=1M count=1 status=none
# no FUA, no flush: the peer acknowledges it from its cache
ok_if "flushes fail on the peer: a write completes" \
	dd if=/tmp/w8 of=/dev/liox/pa bs=1M seek=8 oflag=direct status=none
# the primary flushes the peer on its own, if the host does not
ok_if "the primary counts the peer's failed flush" grows $A/peer_errors "$pe2" 20
ok_if "the failed flush is logged with what it may have lost" \
	logged "pa: the peer failed a flush: 16 more regions" "$tf" 10
ok_if "after a failed flush only the regions written since the last flush are dirty" \
	eval 'wait_state $A peer-io-error 10 && test "$(cat $A/dirty_regions)" -eq 16'
disk_whole
echo 1000 > $A/probation_ms
# in sync, and stays so across a flush of the host's: a failed flush's
# answer still on its way would take the link down again
in_sync_flushed() {
	fsync_pa && [ "$(cat $A/state)" = in-sync ] &&
		[ "$(cat $A/dirty_regions)" -eq 0 ]
}
ok_if "flushes whole again: in sync, a flush answered" within 90 in_sync_flushed
rs=$(( $(cat $A/resync_bytes) - rsb ))
ok_if "the resync sent those regions, not the whole device ($rs bytes)" \
	eval 'test "$rs" -ge 1048576 && test "$rs" -lt "$(( sectors * 512 ))"'
ok_if "the peer has the write" same_at /tmp/w8 "$dev_b" 8
ok_if "identical after the failed flush" same_data
# a flush that fails before one of this link's succeeded: the peer's disk
# may hold writes of its own this node never sent (it was primary), and
# every region is dirty: a full resync
echo 0 > $A/enable
flush_fails
tb=$(log_count "pa: the peer failed a flush before one covered what it wrote itself")
pe3=$(cat $A/peer_errors); rsb=$(cat $A/resync_bytes)
# the first heartbeats after an enable need no probation; the retry after
# the failure waits 20 s, so the dirty count is read before any resync
echo 20000 > $A/probation_ms
echo 1 > $A/enable
ok_if "the link's first flush fails on the peer" grows $A/peer_errors "$pe3" 30
ok_if "it is logged: every region dirty" \
	logged "pa: the peer failed a flush before one covered what it wrote itself" "$tb" 10
ok_if "every region is dirty" \
	eval 'wait_state $A peer-io-error 10 && test "$(cat $A/dirty_regions)" -eq "$regions"'
diag "dirty $(cat $A/dirty_regions) of $regions regions, state $(cat $A/state)"
disk_whole
dmsetup remove perr
ok_if "flushes whole again: in sync, a flush answered" within 120 in_sync_flushed
ok_if "the full resync sent every region" \
	test "$(( $(cat $A/resync_bytes) - rsb ))" -ge "$(( sectors * 512 ))"
ok_if "identical after the full resync" same_data
echo 1000 > $A/probation_ms

# --- a peer whose disk hangs: the watchdog --------------------------------------
# the secondary's device suspended (its I/O waits, it answers pings): a sync
# write waits for its ack no longer than ack_timeout_ms, then completes,
# its range dirty; once the disk is back the resync sends it
echo 2000 > $A/ack_timeout_ms
ta=$(log_count "pa: peer-timeout")
dd if=/dev/urandom of=/tmp/w7 bs=1M count=1 status=none
dmsetup suspend pbk
dd if=/tmp/w7 of=/dev/liox/pa bs=1M seek=24 oflag=direct,sync status=none &
ok_if "the peer's disk hangs: a sync write completes" pid_exits $! 30
ok_if "the peer's disk hangs: the primary shows peer-timeout" \
	logged "pa: peer-timeout" "$ta" 10
ok_if "the peer's disk hangs: the range is dirty" \
	test "$(cat $A/dirty_regions)" -ge 16
dmsetup resume pbk
ok_if "the disk back: in sync" wait_state $A in-sync 60
ok_if "the disk back: the peer has the write" same_at /tmp/w7 "$dev_b" 24
ok_if "the disk back: identical" same_data

# --- the peer loses its cache ----------------------------------------------------
# a write the peer acknowledged from its cache is durable there only once
# it flushed: the peer's flushes hang (dm-delay, a minute), the watchdog
# takes the link down, and the write's regions are recorded dirty although
# it was acknowledged. The peer then loses its cache (its copy of the write
# zeroed under it, as a power loss would); the resync restores it
ok_if "a flush the peer runs completes" fsync_pa
flush_hangs
ta=$(log_count "pa: peer-timeout")
why="pa: 16 more regions the peer had not flushed are dirty"
tw=$(log_count "$why")
dd if=/dev/urandom of=/tmp/w9 bs=1M count=1 status=none
ok_if "flushes hang on the peer: a write completes" \
	dd if=/tmp/w9 of=/dev/liox/pa bs=1M seek=48 oflag=direct status=none
ok_if "no flush answered: the primary shows peer-timeout" \
	logged "pa: peer-timeout" "$ta" 30
ok_if "the acknowledged, unflushed write's regions are dirty" \
	test "$(cat $A/dirty_regions)" -eq 16
ok_if "the log says why" logged "$why" "$tw" 5
dd if=/dev/zero of="$dev_b" bs=1M seek=48 count=1 oflag=direct status=none
ok_if "the peer lost the write" eval '! same_at /tmp/w9 "$dev_b" 48'
disk_whole
ok_if "flushes back: in sync" wait_state $A in-sync 90
ok_if "the resync gave the peer the write back" same_at /tmp/w9 "$dev_b" 48
ok_if "identical after the lost cache" same_data

# --- a FLUSH the peer never completes while its writes pass -------------------
# the peer answers every write but not the primary's own FLUSH (dm-delay
# holds flushes a minute): the link makes progress, so only the age of
# that one request (request_timeout_ms, DRBD's ko-count) takes it down
echo 4000 > $A/request_timeout_ms
ok_if "a flush the peer runs completes" fsync_pa
flush_hangs
ta=$(log_count "pa: peer-timeout")
silent() { dmesg | grep -c "pa: connection [0-9]*: the peer answered nothing"; }
tn=$(silent); tf=$(log_count "pa: the peer has not answered a FLUSH for 4000 ms")
rm -f /tmp/stop_writer
( i=0; while [ ! -e /tmp/stop_writer ]; do
	dd if=/tmp/w9 of=/dev/liox/pa bs=64k count=1 seek=$(( i % 32 )) \
		oflag=direct status=none || exit 1
	i=$(( i + 1 )); sleep 0.1
  done ) &
writer=$!
ok_if "a hung FLUSH, writes passing: the link goes down, the log names the FLUSH" \
	logged "pa: the peer has not answered a FLUSH for 4000 ms" "$tf" 40
ok_if "not for want of answers" test "$(silent)" -eq "$tn"
ok_if "the primary shows peer-timeout" logged "pa: peer-timeout" "$ta" 10
touch /tmp/stop_writer
ok_if "every write of the writer completed" pid_exits $writer 30
disk_whole
ok_if "flushes back: in sync" wait_state $A in-sync 90
ok_if "identical after the hung FLUSH" same_data

# --- the primary's own disk fails a read of the resync -----------------------
# an outage dirties [20 MiB, 21 MiB) on the primary, whose disk then
# fails to read it: the resync's first read fails. The region stays
# dirty, the primary counts the error and shows io-error, and tries again
# once per probation_ms (4 s here), not at once over and over
echo 4000 > $A/probation_ms
echo 0 > $B/enable
ok_if "the secondary away: the primary shows peer-down" wait_state $A peer-down 30
dd if=/dev/urandom of=/tmp/w11 bs=1M count=1 status=none
ok_if "a write during the outage completes" \
	dd if=/tmp/w11 of=/dev/liox/pa bs=1M seek=20 oflag=direct,sync status=none
dm_table pak "0 40960 linear $dev_a 0
40960 2048 error
43008 $(( sz - 43008 )) linear $dev_a 43008"
io0=$(cat $A/io_errors); tl=$(log_count "pa: reading sector 40960 for the resync failed")
echo 1 > $B/enable
ok_if "the resync's read fails: the primary shows io-error" wait_state $A io-error 60
ok_if "the primary counts its I/O error" test "$(cat $A/io_errors)" -gt "$io0"
ok_if "the log names the sector" \
	logged "pa: reading sector 40960 for the resync failed" "$tl" 5
c1=$(cat $A/connects)
sleep 6
diag "connects in 6 s: $c1 -> $(cat $A/connects), state $(cat $A/state)"
ok_if "at most one attempt per probation_ms, not a loop" \
	test "$(( $(cat $A/connects) - c1 ))" -le 2
ok_if "the unreadable region stays dirty" test "$(cat $A/dirty_regions)" -ge 1
ok_if "the peer lacks the write so far" eval '! same_at /tmp/w11 "$dev_b" 20'
dm_table pak "0 $sz linear $dev_a 0"
ok_if "the disk readable again: in sync without the operator" \
	wait_state $A in-sync 60
ok_if "no region left dirty" test "$(cat $A/dirty_regions)" -eq 0
ok_if "the peer has the write" same_at /tmp/w11 "$dev_b" 20
ok_if "identical after the failed read" same_data
echo 0 > $A/enable; echo 0 > $B/enable
rmdir $A $B
ok_if "rmmod" rmmod liox_ipmirror
dmsetup remove pbk pak
tap_done
