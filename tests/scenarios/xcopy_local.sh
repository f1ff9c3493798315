#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_xcopy between local LUNs: the livepatch takes over EXTENDED COPY
# from LIO; sg_xcopy copies between two tcm_loop LUNs and the bytes are
# compared; RECEIVE COPY RESULTS reports our limits; malformed lists get
# SPC-4 sense with a field pointer; counters move; unloading restores
# stock LIO.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/xcopy.sh

CFS=/sys/kernel/config/liox/xcopy
KLP=/sys/kernel/livepatch/liox_xcopy

src=$(lio_fileio_loopback src0 64M naa.5001405000000011) || bail "no source LUN"
dst=$(lio_fileio_add_lun dst0 64M naa.5001405000000011) || bail "no destination LUN"
ok_if "two LUNs on one tcm_loop target ($src, $dst)" test -b "$src" -a -b "$dst"
lio_clear_ua "$src" "$dst"
sgsrc=$(lio_sg_of "$src") && sgdst=$(lio_sg_of "$dst") || bail "no sg nodes"

is "stock LIO first: max segment descriptors 1" 1 \
	"$(sg_copy_results --params "$src" | sed -n 's/.*Maximum segment descriptor count: *//p')"

ok_if "modprobe liox_xcopy" modprobe liox_xcopy
is "livepatch enabled" 1 "$(cat $KLP/enabled 2>/dev/null)"
ok_if "capability xcopy registered" grep -q "^xcopy " /sys/kernel/config/liox/capabilities
ok_if "live configfs tree matches configfs_schema/" \
	python3 tests/lib/configfs_schema.py configfs_schema/*.json
params=$(sg_copy_results --params "$src")
is "RECEIVE COPY RESULTS: max segment descriptors 64" 64 \
	"$(sed -n 's/.*Maximum segment descriptor count: *//p' <<<"$params")"
is "RECEIVE COPY RESULTS: max CSCD descriptors 16" 16 \
	"$(sed -n 's/.*Maximum target descriptor count: *//p' <<<"$params")"
ok_if "implemented descriptors include the C0h port group descriptor" \
	grep -q "Vendor specific descriptor 0xc0" <<<"$params"
is "RECEIVE COPY RESULTS: maximum concurrent copies 64 (the enforced limit)" 64 \
	"$(sed -n 's/.*Maximum concurrent copies: *//p' <<<"$params")"

commands=0
head -c 40M /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of="$src" bs=1M oflag=direct status=none
for blocks in 1 7 2048 2049 20480 81920; do
	dd if=/dev/zero of="$dst" bs=1M count=40 oflag=direct status=none
	out=$(sg_xcopy if="$sgsrc" of="$sgdst" bs=512 count=$blocks 2>&1); rc=$?
	is "sg_xcopy $blocks blocks exits 0" 0 "$rc"
	# sg_xcopy says how many EXTENDED COPY commands it sent
	commands=$((commands + $(sed -n 's/.*blocks, \([0-9]*\) command.*/\1/p' <<<"$out")))
	ok_if "destination equals source for $blocks blocks" \
		cmp -n $((blocks * 512)) <(dd if="$dst" bs=1M iflag=direct status=none) /tmp/pattern
	ok_if "nothing written past $blocks blocks" \
		cmp -n 1048576 -i $((blocks * 512)):0 \
		<(dd if="$dst" bs=1M iflag=direct status=none) /dev/zero
done
is "copies counted (one per EXTENDED COPY sg_xcopy sent)" "$commands" \
	"$(cat $CFS/copies)"
is "bytes counted" $(( (1 + 7 + 2048 + 2049 + 20480 + 81920) * 512 )) "$(cat $CFS/bytes)"
is "no failure counted" 0 "$(cat $CFS/failures)"

# an offset copy inside one LUN, with a small chunk and depth 1
ok_if "chunk_kb accepts 64" bash -c "echo 64 > $CFS/chunk_kb"
ok_if "chunk_kb refuses 100 (not a multiple of 64)" bash -c "! echo 100 > $CFS/chunk_kb"
ok_if "depth refuses 0" bash -c "! echo 0 > $CFS/depth"
is "chunk_kb unchanged" 64 "$(cat $CFS/chunk_kb)"
echo 1 > $CFS/depth
n=$(python3 tests/lib/xcopy.py naa "$src")
python3 tests/lib/xcopy.py list /tmp/pl.bin b2b "$n" "$n" 1000 0 40960
ok_if "EXTENDED COPY within one LUN via sg_raw (GOOD)" xcopy_send "$src" /tmp/pl.bin
ok_if "the copied range equals the source range" \
	cmp -n 512000 <(dd if="$src" bs=512 skip=40960 count=1000 iflag=direct status=none) /tmp/pattern
echo 1024 > $CFS/chunk_kb; echo 4 > $CFS/depth

# malformed lists: sense data and nothing copied
python3 tests/lib/xcopy.py list /tmp/bad.bin bad-cscd
out=$(xcopy_send "$src" /tmp/bad.bin)
ok_if "unsupported CSCD type: ILLEGAL REQUEST" grep -qi "illegal request" <<<"$out"
ok_if "unsupported CSCD type: 26h/07h" grep -qi "unsupported target descriptor type code" <<<"$out"
ok_if "unsupported CSCD type: field pointer byte 16 bit 7" \
	grep -qiE "byte 16 bit 7|Field pointer.*16" <<<"$out"
diag "$(grep -i 'sense\|field' <<<"$out" | head -n 4 | tr '\n' ' ')"
python3 tests/lib/xcopy.py list /tmp/short.bin short
out=$(xcopy_send "$src" /tmp/short.bin)
ok_if "10-byte list: PARAMETER LIST LENGTH ERROR" grep -qi "parameter list length error" <<<"$out"
is "refusals counted" 2 "$(cat $CFS/refused)"

# a designator the session cannot see: copy target device not reachable
python3 tests/lib/xcopy.py list /tmp/far.bin b2b 6001405aaaaaaaaaaaaaaaaaaaaaaaaa "$n" 8 0 0
out=$(xcopy_send "$src" /tmp/far.bin)
ok_if "unknown LUN: COPY ABORTED" grep -qi "copy aborted" <<<"$out"
ok_if "unknown LUN: copy target device not reachable" \
	grep -qi "copy target device not reachable" <<<"$out"

ok_if "targetcli ls works with the engine loaded" bash -c "targetcli ls / | grep -q dst0"

# unload: disable the patch, wait for the transition, rmmod; stock is back
echo 0 > $KLP/enabled
for i in $(seq 100); do [ -e $KLP ] || break; sleep 0.1; done
ok_if "livepatch gone after disabling" test ! -e $KLP
ok_if "rmmod liox_xcopy" rmmod liox_xcopy
is "stock LIO again: max segment descriptors 1" 1 \
	"$(sg_copy_results --params "$src" | sed -n 's/.*Maximum segment descriptor count: *//p')"
ok_if "stock sg_xcopy still works after unload" \
	sg_xcopy if="$sgsrc" of="$sgdst" bs=512 count=16
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True
tap_done
