#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_xcopy under concurrency and access control: two copies at once, a
# copy while the host writes elsewhere on the same LUN, RECEIVE COPY
# RESULTS (COPY STATUS) from another process during a long copy, rmmod
# while a copy runs (it waits, the copy completes), and a LUN of another
# session refused as source and as destination.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/xcopy.sh

CFS=/sys/kernel/config/liox/xcopy
KLP=/sys/kernel/livepatch/liox_xcopy

src=$(lio_fileio_loopback src0 64M naa.5001405000000021) || bail "no source LUN"
dst=$(lio_fileio_add_lun dst0 128M naa.5001405000000021) || bail "no destination LUN"
# a LUN of another I_T nexus: another tcm_loop target
hid=$(lio_fileio_loopback hidden0 16M naa.5001405000000022) || bail "no hidden LUN"
# a slow LUN: block backstore over dm-delay (20 ms per write)
lio_delay_block slow0 64 0 20 || bail "no dm-delay"
targetcli /loopback/naa.5001405000000021/luns create /backstores/block/slow0 >/dev/null
slow=$(lio_disk_by_serial "$(lio_serial iblock slow0)") || bail "no slow LUN"
lio_clear_ua "$src" "$dst" "$hid" "$slow"
ok_if "three LUNs ($src $dst, other session $hid)" test -b "$hid"
ok_if "modprobe liox_xcopy" modprobe liox_xcopy

nsrc=$(python3 tests/lib/xcopy.py naa "$src")
ndst=$(python3 tests/lib/xcopy.py naa "$dst")
nhid=$(python3 tests/lib/xcopy.py naa "$hid")
head -c 48M /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of="$src" bs=1M oflag=direct status=none
head -c 16M /dev/urandom > /tmp/hidden
dd if=/tmp/hidden of="$hid" bs=1M oflag=direct status=none

# --- two copies at once, and host I/O on the destination meanwhile ---------
python3 tests/lib/xcopy.py list /tmp/a.bin b2b "$nsrc" "$ndst" 8192 0 0 11 4
python3 tests/lib/xcopy.py list /tmp/b.bin b2b "$nsrc" "$ndst" 8192 32768 32768 12 4
head -c 8M /dev/urandom > /tmp/host
xcopy_send "$src" /tmp/a.bin > /tmp/a.out &
pa=$!
xcopy_send "$src" /tmp/b.bin > /tmp/b.out &
pb=$!
dd if=/tmp/host of="$dst" bs=1M seek=112 oflag=direct status=none	# 112..120 MiB
wait $pa; wait $pb
ok_if "copy A (16 MiB, 4 segments) GOOD" grep -q "SCSI Status: Good" /tmp/a.out
ok_if "copy B (16 MiB, 4 segments) GOOD" grep -q "SCSI Status: Good" /tmp/b.out
ok_if "copy A's range identical" \
	cmp -n 16777216 <(dd if="$dst" bs=1M count=16 iflag=direct status=none) /tmp/pattern
ok_if "copy B's range identical" \
	cmp -n 16777216 <(dd if="$dst" bs=1M skip=16 count=16 iflag=direct status=none) \
	<(dd if=/tmp/pattern bs=1M skip=16 count=16 status=none)
ok_if "host write beside the copies intact" \
	cmp <(dd if="$dst" bs=1M skip=112 count=8 iflag=direct status=none) /tmp/host

st=$(sg_copy_results --status --list_id=11 "$src")
ok_if "COPY STATUS of list 11: completed without errors" \
	grep -q "Operation completed without errors" <<<"$st"
is "COPY STATUS of list 11: 4 segments processed" 4 \
	"$(sed -n 's/.*Segments processed: *//p' <<<"$st")"
is "COPY STATUS of list 11: 16 MiB transferred" 16777216 \
	"$(sed -n 's/.*Transfer count: *//p' <<<"$st")"
ok_if "COPY STATUS of an unknown list id: refused" \
	bash -c "! sg_copy_results --status --list_id=99 $src"

# --- a long copy: status from another process, rmmod while it runs -------
# 48 MiB onto the slow LUN in 64 KiB chunks, one at a time: ~15 s
echo 64 > $CFS/chunk_kb
echo 1 > $CFS/depth
nslow=$(python3 tests/lib/xcopy.py naa "$slow")
python3 tests/lib/xcopy.py list /tmp/long.bin b2b "$nsrc" "$nslow" 8192 0 0 13 12
xcopy_send "$src" /tmp/long.bin > /tmp/long.out &
pl=$!
seen=
for i in $(seq 100); do
	st=$(sg_copy_results --status --list_id=13 "$src" 2>/dev/null)
	if grep -q "Operation in progress" <<<"$st"; then seen=1; break; fi
	sleep 0.1
done
ok_if "COPY STATUS from another process: in progress" test -n "$seen"
python3 tests/lib/xcopy.py list /tmp/dup.bin b2b "$nsrc" "$ndst" 8 0 0 13
out=$(xcopy_send "$src" /tmp/dup.bin)
ok_if "list id 13 again while it runs: OPERATION IN PROGRESS" \
	grep -qi "operation in progress" <<<"$out"
diag "during the copy: $(grep -E 'Segments processed|Transfer count:' <<<"$st" | tr -s ' ' | tr '\n' ' ')"
echo 0 > $KLP/enabled
for i in $(seq 100); do [ -e $KLP ] || break; sleep 0.1; done
ok_if "copy still running when rmmod starts" kill -0 $pl
ok_if "rmmod liox_xcopy while the copy runs (waits for it)" rmmod liox_xcopy
ok_if "module gone" bash -c "! grep -q '^liox_xcopy ' /proc/modules"
wait $pl
ok_if "the long copy (48 MiB) completed GOOD" grep -q "SCSI Status: Good" /tmp/long.out
ok_if "the long copy's data identical" \
	cmp -n 50331648 <(dd if="$slow" bs=1M count=48 iflag=direct status=none) /tmp/pattern

# --- access control: another session's LUN ------------------------------
ok_if "modprobe liox_xcopy again" modprobe liox_xcopy
python3 tests/lib/xcopy.py list /tmp/to_hid.bin b2b "$nsrc" "$nhid" 64 0 0
out=$(xcopy_send "$src" /tmp/to_hid.bin)
ok_if "destination outside the session's ACL: COPY ABORTED, not reachable" \
	grep -qi "copy target device not reachable" <<<"$out"
python3 tests/lib/xcopy.py list /tmp/from_hid.bin b2b "$nhid" "$ndst" 64 0 0
out=$(xcopy_send "$src" /tmp/from_hid.bin)
ok_if "source outside the session's ACL: COPY ABORTED, not reachable" \
	grep -qi "copy target device not reachable" <<<"$out"
ok_if "the other session's LUN is unchanged" \
	cmp <(dd if="$hid" bs=1M iflag=direct status=none) /tmp/hidden
ok_if "refusals counted" test "$(cat $CFS/refused)" -ge 2

# --- a copy that runs off the end of the destination ---------------------
# 128 MiB destination, 4 MiB copy starting 1 MiB before its end
python3 tests/lib/xcopy.py list /tmp/end.bin b2b "$nsrc" "$ndst" 8192 0 260096 14
out=$(xcopy_send "$src" /tmp/end.bin)
ok_if "copy past the end: COPY ABORTED" grep -qi "copy aborted" <<<"$out"
ok_if "copy past the end: third party device failure" \
	grep -qi "third party device failure" <<<"$out"
st=$(sg_copy_results --status --list_id=14 "$src")
ok_if "COPY STATUS: completed with errors" \
	grep -q "Operation completed with errors" <<<"$st"
fd=$(sg_copy_results --failed --list_id=14 "$src")
ok_if "FAILED SEGMENT DETAILS: CHECK CONDITION status" \
	grep -q "Extended copy command status: 2" <<<"$fd"
ok_if "FAILED SEGMENT DETAILS: the copy's sense data" grep -qi "copy aborted" <<<"$fd"
is "failures counted" 1 "$(cat $CFS/failures)"

echo 0 > $KLP/enabled
for i in $(seq 100); do [ -e $KLP ] || break; sleep 0.1; done
ok_if "rmmod liox_xcopy" rmmod liox_xcopy
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True
lio_delay_remove slow0
tap_done
