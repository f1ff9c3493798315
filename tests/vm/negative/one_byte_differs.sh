#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-check, MUST FAIL: the data comparison core_basic uses, after
# one byte of the backing file was changed behind the LUN's back.
# liox-timeout: 300
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
disk=$(lio_fileio_loopback disk0 16M naa.5001405000000002) || bail "no LUN"
head -c 4M /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of="$disk" bs=1M oflag=direct status=none
# flip one byte in the middle of the backing file
printf '\x5a' | cmp -s - <(dd if=/tmp/disk0.img bs=1 skip=2097152 count=1 status=none) &&
	val='\xa5' || val='\x5a'
printf "$val" | dd of=/tmp/disk0.img bs=1 seek=2097152 conv=notrunc status=none
ok_if "read back through the LUN matches" lio_same_bytes "$disk" /tmp/pattern
targetcli clearconfig confirm=True >/dev/null
tap_done
