#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_ipmirror between two mirrors in one kernel over loopback addresses
# (127.0.0.1 <-> 127.0.0.2, lo): the first full sync, sync-mode writes with
# fio verify, both backing devices byte-identical.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/ipmirror.sh

A=$MIRRORS/pa	# primary, 127.0.0.1
B=$MIRRORS/sb	# secondary, 127.0.0.2

for n in a b; do
	truncate -s 64M /tmp/m$n.img
	eval "dev_$n=\$(losetup --find --show /tmp/m$n.img)" || bail "no loop device"
done
dd if=/dev/urandom of="$dev_a" bs=1M count=64 oflag=direct status=none

ok_if "modprobe liox_ipmirror" modprobe liox_ipmirror
mkdir $A $B
# mirror_setup DIR BACKING LOCAL PEER PEER_NAME ROLE
mirror_setup() {
	echo "$2" > $1/backing
	echo "$3" > $1/local_addr
	echo "$4" > $1/peer_addr
	echo "$5" > $1/peer_name
	echo "$6" > $1/role
	echo 200 > $1/hb_interval_ms
	echo 1000 > $1/hb_dead_ms
	echo 1000 > $1/probation_ms
}
mirror_setup $A "$dev_a" 127.0.0.1 127.0.0.2 sb primary
mirror_setup $B "$dev_b" 127.0.0.2 127.0.0.1 pa secondary
ok_if "enable the secondary" bash -c "echo 1 > $B/enable"
ok_if "enable the primary" bash -c "echo 1 > $A/enable"

# wait_state DIR STATE [SECONDS]
wait_state() {
	local i
	for i in $(seq $(( ${3:-60} * 10 ))); do
		[ "$(cat $1/state)" = "$2" ] && return 0
		sleep 0.1
	done
	diag "$1: state $(cat $1/state), wanted $2"
	mirror_debug
	return 1
}
# mirror_debug: the module's log and its threads' stacks, as diagnostics
mirror_debug() {
	local p
	dmesg | grep -E 'liox|pa:|sb:' | tail -n 40 | while IFS= read -r l; do diag "$l"; done
	for p in $(pgrep 'liox_'); do
		diag "$(cat /proc/$p/comm): $(tr '\n' ' ' < /proc/$p/stack)"
	done
}
ok_if "primary in-sync after the first (full) resync" wait_state $A in-sync 60
ok_if "secondary in-sync" wait_state $B in-sync 30
sectors=$(cat $A/size_sectors)
same_data() {
	cmp -n $(( sectors * 512 )) "$dev_a" "$dev_b"
}
ok_if "backing devices identical after the first sync" same_data
is "primary: no dirty region" 0 "$(cat $A/dirty_regions)"
is "secondary: no dirty region" 0 "$(cat $B/dirty_regions)"
is "same generation on both" "$(cat $A/generation)" "$(cat $B/generation)"

mirror_dev_wait pa || bail "no /dev/liox/pa"
ok_if "fio 4 KiB random writes QD16 with verify (sync mode)" \
	fio --name=r --filename=/dev/liox/pa --rw=randwrite --bs=4k \
	--iodepth=16 --ioengine=libaio --direct=1 --size=32M \
	--verify=crc32c --do_verify=1 --output=/tmp/fio1.txt
ok_if "backing devices identical after fio" same_data
is "primary: no dirty region while connected" 0 "$(cat $A/dirty_regions)"

echo 0 > $A/enable
echo 0 > $B/enable
ok_if "both disabled" test "$(cat $A/state) $(cat $B/state)" = "disabled disabled"
rmdir $A $B
ok_if "rmmod liox_ipmirror" rmmod liox_ipmirror
losetup -d "$dev_a" "$dev_b"
tap_done
