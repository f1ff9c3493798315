#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_xcopy over iSCSI: two fileio LUNs of one targetcli iSCSI target,
# reached by open-iscsi over 127.0.0.1; sg_xcopy copies between them
# through the initiator's session and the bytes are compared.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh

TGT=iqn.2026-11.org.liox:xcopy
INI=iqn.2026-11.org.liox:host

targetcli /backstores/fileio create name=isrc file_or_dev=/tmp/isrc.img size=32M >/dev/null
targetcli /backstores/fileio create name=idst file_or_dev=/tmp/idst.img size=32M >/dev/null
ok_if "iSCSI target $TGT" targetcli /iscsi create "$TGT"
ok_if "LUN 0 (source)" targetcli "/iscsi/$TGT/tpg1/luns" create /backstores/fileio/isrc
ok_if "LUN 1 (destination)" targetcli "/iscsi/$TGT/tpg1/luns" create /backstores/fileio/idst
ok_if "ACL for the initiator" targetcli "/iscsi/$TGT/tpg1/acls" create "$INI"

echo "InitiatorName=$INI" > /etc/iscsi/initiatorname.iscsi
modprobe iscsi_tcp
iscsid
ok_if "discovery on 127.0.0.1" \
	bash -c "iscsiadm -m discovery -t st -p 127.0.0.1 | grep -q '$TGT'"
ok_if "login" iscsiadm -m node -T "$TGT" -p 127.0.0.1 --login
src=$(lio_disk_by_serial "$(lio_serial fileio isrc)" 60) || bail "no source disk"
dst=$(lio_disk_by_serial "$(lio_serial fileio idst)" 60) || bail "no destination disk"
lio_clear_ua "$src" "$dst"
sgsrc=$(lio_sg_of "$src") && sgdst=$(lio_sg_of "$dst") || bail "no sg nodes"
ok_if "modprobe liox_xcopy" modprobe liox_xcopy

head -c 24M /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of="$src" bs=1M oflag=direct status=none
for blocks in 1 4095 49152; do
	dd if=/dev/zero of="$dst" bs=1M count=24 oflag=direct status=none
	ok_if "sg_xcopy over iSCSI, $blocks blocks" \
		sg_xcopy if="$sgsrc" of="$sgdst" bs=512 count=$blocks
	ok_if "destination equals source for $blocks blocks" \
		cmp -n $((blocks * 512)) <(dd if="$dst" bs=1M iflag=direct status=none) /tmp/pattern
done
ok_if "the engine did the copies" test "$(cat /sys/kernel/config/liox/xcopy/copies)" -ge 3
ok_if "logout" iscsiadm -m node -T "$TGT" -p 127.0.0.1 --logout
echo 0 > /sys/kernel/livepatch/liox_xcopy/enabled
for i in $(seq 100); do [ -e /sys/kernel/livepatch/liox_xcopy ] || break; sleep 0.1; done
ok_if "rmmod liox_xcopy" rmmod liox_xcopy
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True
tap_done
