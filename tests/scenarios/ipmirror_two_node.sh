#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_ipmirror between two kernels on one virtual network: node0
# (192.0.2.1) is primary, node1 (192.0.2.2) secondary, the same mirror
# name on both. The first full sync, fio random writes with verify on the
# primary, then the peer's module removed (rmmod) while the primary keeps
# writing, and loaded again: the resync brings it back. Then node0's link
# goes down (ip link set down) while it writes: both sides see the peer
# down, node0's writes complete and are tracked, and when the link is up
# again the resync follows. After each step both nodes hash their backing
# device's data area and compare.
# liox-vms: 2
# liox-timeout: 1500
set -u
. tests/lib/tap.sh
. tests/lib/ipmirror.sh

M=$MIRRORS/m0
me=192.0.2.$((LIOX_NODE + 1))
peer=192.0.2.$((2 - LIOX_NODE))
role=$([ "$LIOX_NODE" -eq 0 ] && echo primary || echo secondary)

truncate -s 64M /tmp/back.img
dev=$(losetup --find --show /tmp/back.img) || bail "no loop device"
[ "$LIOX_NODE" -eq 0 ] && dd if=/dev/urandom of="$dev" bs=1M count=64 oflag=direct status=none

# start: load, configure and enable the mirror
start() {
	modprobe liox_ipmirror &&
	mkdir $M &&
	echo "$dev" > $M/backing &&
	echo "$me" > $M/local_addr &&
	echo "$peer" > $M/peer_addr &&
	echo "$role" > $M/role &&
	echo 200 > $M/hb_interval_ms &&
	echo 1000 > $M/hb_dead_ms &&
	echo 1000 > $M/probation_ms &&
	echo 1 > $M/enable
}
# data_sum: SHA-256 of the data area of the backing device
data_sum() {
	blockdev --flushbufs "$dev"
	head -c $(( $(cat $M/size_sectors) * 512 )) "$dev" | sha256sum | cut -d' ' -f1
}

ok_if "node$LIOX_NODE: $role mirror m0 enabled ($me -> $peer)" start
ok_if "node$LIOX_NODE: in sync after the first sync" wait_state $M in-sync 180
vm_barrier synced
vm_put sum1-$LIOX_NODE "$(data_sum)"
is "node$LIOX_NODE: both nodes hold the same data" \
	"$(vm_get sum1-0)" "$(vm_get sum1-1)"

if [ "$LIOX_NODE" -eq 0 ]; then
	mirror_dev_wait m0
	ok_if "fio 4 KiB random writes QD16 with verify (sync mode)" \
		fio --name=r --filename=/dev/liox/m0 --rw=randwrite --bs=4k \
		--iodepth=16 --ioengine=libaio --direct=1 --size=24M \
		--verify=crc32c --do_verify=1 --output=/tmp/fio1.txt
	vm_barrier written
	vm_put sum2-0 "$(data_sum)"
	# the peer removes its module: writes go on and are tracked
	vm_barrier peer-gone
	ok_if "peer gone: seen down" wait_state $M peer-down 30
	dd if=/dev/urandom of=/tmp/w bs=1M count=8 status=none
	ok_if "peer gone: writes complete" \
		dd if=/tmp/w of=/dev/liox/m0 bs=1M seek=30 oflag=direct,sync status=none
	ok_if "peer gone: tracked dirty" test "$(cat $M/dirty_regions)" -ge 128
	vm_barrier peer-back
	ok_if "peer back: in sync after the resync" wait_state $M in-sync 120
	is "peer back: nothing dirty" 0 "$(cat $M/dirty_regions)"
	vm_put sum3-0 "$(data_sum)"
	vm_barrier resynced
	# link down: the interface that holds this node's address goes down
	ifc=$(ip -o -4 addr show to "$me" | awk '{ print $2 }')
	ok_if "link down: $ifc is this node's interface" test -n "$ifc"
	w0=$(cat $M/writes)
	ip link set dev "$ifc" down
	ok_if "link down: peer seen down" wait_state $M peer-down 30
	vm_barrier link-down
	dd if=/dev/urandom of=/tmp/w2 bs=1M count=4 status=none
	ok_if "link down: writes complete" \
		dd if=/tmp/w2 of=/dev/liox/m0 bs=1M seek=40 oflag=direct,sync status=none
	ok_if "link down: the writes went through the mirror" \
		test "$(cat $M/writes)" -gt "$w0"
	ok_if "link down: tracked dirty" test "$(cat $M/dirty_regions)" -ge 64
	ip link set dev "$ifc" up
	ok_if "link up: in sync after the resync" wait_state $M in-sync 120
	is "link up: nothing dirty" 0 "$(cat $M/dirty_regions)"
	ok_if "link up: the device holds what was written" same_at /tmp/w2 /dev/liox/m0 40
	vm_put sum4-0 "$(data_sum)"
	vm_barrier done
else
	vm_barrier written
	ok_if "node1 in sync after the writes" wait_state $M in-sync 30
	is "node1 holds what node0 wrote (sync mode)" "$(vm_get sum2-0)" "$(data_sum)"
	echo 0 > $M/enable
	rmdir $M
	ok_if "node1: rmmod liox_ipmirror" rmmod liox_ipmirror
	vm_barrier peer-gone
	sleep 5
	ok_if "node1: the module back, the mirror re-enabled" start
	vm_barrier peer-back
	ok_if "node1: in sync after the resync" wait_state $M in-sync 120
	is "node1 holds the data node0 wrote while it was gone" \
		"$(vm_get sum3-0)" "$(data_sum)"
	vm_barrier resynced
	ok_if "node1: node0's link down seen as peer down" wait_state $M peer-down 30
	vm_barrier link-down
	ok_if "node1: in sync again after node0's link is up" wait_state $M in-sync 150
	is "node1 holds what node0 wrote while its link was down" \
		"$(vm_get sum4-0)" "$(data_sum)"
	vm_barrier done
fi
echo 0 > $M/enable
rmdir $M
ok_if "node$LIOX_NODE: rmmod" rmmod liox_ipmirror
losetup -d "$dev"
tap_done
