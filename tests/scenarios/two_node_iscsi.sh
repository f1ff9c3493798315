#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two kernels on one virtual network: node1 is a storage node exporting a
# fileio LUN over iSCSI with targetcli, node0 an initiator (open-iscsi)
# that writes random data to it. Both sides check the bytes: node0 reads
# them back through the session, node1 finds them in its backing file.
# This is the pattern for every test that needs two nodes.
# liox-vms: 2
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh

TGT=iqn.2026-11.org.liox:node1
INI=iqn.2026-11.org.liox:node0
SIZE=$((8 << 20))

if [ "$LIOX_NODE" -eq 1 ]; then
	ok_if "fileio backstore" targetcli /backstores/fileio create name=remote0 \
		file_or_dev=/tmp/remote0.img size=32M
	ok_if "iSCSI target $TGT" targetcli /iscsi create "$TGT"
	ok_if "LUN 0 on tpg1" targetcli "/iscsi/$TGT/tpg1/luns" create \
		/backstores/fileio/remote0
	ok_if "ACL for node0's initiator" targetcli "/iscsi/$TGT/tpg1/acls" \
		create "$INI"
	ok_if "portal listening on 3260" bash -c "ss -ltn | grep -q ':3260 '"
	vm_put serial "$(lio_serial fileio remote0)"
	vm_barrier target-ready
	vm_barrier written
	is "backing file holds what node0 wrote" "$(vm_get sum0)" \
		"$(head -c $SIZE /tmp/remote0.img | sha256sum | cut -d' ' -f1)"
	vm_barrier done
	targetcli clearconfig confirm=True >/dev/null
else
	echo "InitiatorName=$INI" > /etc/iscsi/initiatorname.iscsi
	modprobe iscsi_tcp
	iscsid
	vm_barrier target-ready
	ok_if "network: node1 answers ping" ping -c 3 -W 5 192.0.2.2
	ok_if "sendtargets discovery finds node1's target" \
		bash -c "iscsiadm -m discovery -t st -p 192.0.2.2 | grep -q '$TGT'"
	ok_if "login" iscsiadm -m node -T "$TGT" -p 192.0.2.2 --login
	disk=$(lio_disk_by_serial "$(vm_get serial)" 60)
	ok_if "the remote LUN appears as a SCSI disk ($disk)" test -b "$disk"
	head -c $SIZE /dev/urandom > /tmp/pattern
	ok_if "write 8 MiB over iSCSI with O_DIRECT" \
		dd if=/tmp/pattern of="$disk" bs=1M oflag=direct status=none
	ok_if "read back over iSCSI matches" lio_same_bytes "$disk" /tmp/pattern
	ok_if "logout" iscsiadm -m node -T "$TGT" -p 192.0.2.2 --logout
	vm_put sum0 "$(sha256sum < /tmp/pattern | cut -d' ' -f1)"
	vm_barrier written
	vm_barrier done
fi
tap_done
