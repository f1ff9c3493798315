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
# fails makes every region dirty: a full resync. A peer whose disk hangs
# (its dm device suspended) fails the link after ack_timeout_ms
# (peer-timeout): the write completes, and is resent once the disk is back.
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
dmsetup mknodes pbk
ok_if "modprobe liox_ipmirror" modprobe liox_ipmirror
mkdir $A $B
mirror_setup $A "$dev_a" 127.0.0.1 127.0.0.2 sb primary
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
# sectors [32768, 34816) (16 MiB, 1 MiB) fail on the secondary
dmsetup suspend pbk
dmsetup reload pbk --table "0 32768 linear $dev_b 0
32768 2048 error
34816 $(( sz - 34816 )) linear $dev_b 34816"
dmsetup resume pbk
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
dmsetup suspend pbk
dmsetup reload pbk --table "0 $sz linear $dev_b 0"
dmsetup resume pbk
ok_if "the disk whole again: in sync without the operator" \
	wait_state $A in-sync 60
wait_state $B in-sync 30 >/dev/null
ok_if "no region left dirty" test "$(cat $A/dirty_regions)" -eq 0
ok_if "identical" same_data
ok_if "the peer holds the write it failed" same_at /tmp/w6 "$dev_b" 16
ok_if "and the later write" same_at /tmp/w6 "$dev_b" 40
# a flush the peer's disk fails (dm-flakey, always down: every I/O fails,
# flushes too) has no range: every region is recorded dirty, and the
# resync after the disk is whole is a full one
modprobe dm-flakey || bail "no dm-flakey"
regions=$(( (sectors + 127) / 128 ))	# 64 KiB regions
dmsetup suspend pbk
dmsetup reload pbk --table "0 $sz flakey $dev_b 0 0 1"
dmsetup resume pbk
pe2=$(cat $A/peer_errors); rsb=$(cat $A/resync_bytes)
ok_if "a flush the peer fails completes on the primary" python3 -c '
import os
fd = os.open("/dev/liox/pa", os.O_WRONLY)
os.fsync(fd)'
ok_if "the primary counts the failed flush" grows $A/peer_errors "$pe2" 20
all_dirty() { test "$(cat $A/dirty_regions)" -eq "$regions"; }
ok_if "after a failed flush every region is dirty" \
	eval 'wait_state $A peer-io-error 10 && all_dirty'
dmsetup suspend pbk
dmsetup reload pbk --table "0 $sz linear $dev_b 0"
dmsetup resume pbk
ok_if "the disk whole again: in sync after a full resync" \
	wait_state $A in-sync 120
# (attempts while the disk failed sent some regions too)
ok_if "the full resync sent every region" \
	test "$(( $(cat $A/resync_bytes) - rsb ))" -ge "$(( sectors * 512 ))"
ok_if "no region left dirty after the full resync" \
	test "$(cat $A/dirty_regions)" -eq 0
ok_if "identical after the full resync" same_data

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
echo 0 > $A/enable; echo 0 > $B/enable
rmdir $A $B
ok_if "rmmod" rmmod liox_ipmirror
dmsetup remove pbk
tap_done
