#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_xcopy with a tape as copy target: the test tape drive
# (tests/tools/liox_tape behind a LIO user backstore, exported through its
# own tcm_loop host, see tests/lib/tape.sh) is a "backup system" reached
# through an initiator port of a port group. Block -> stream (segment 00h)
# and stream -> block (01h) round trips in fixed-block and variable-block
# mode; the tape is read back with mt/dd through st, and the disks are
# compared byte for byte. Reading past the tape's data ends the copy with
# COPY ABORTED, third party device failure.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/xcopy.sh
. tests/lib/tape.sh

X=/sys/kernel/config/liox/xcopy
PG=$X/port_groups/tapes
FRONT=naa.5001405000000041

src=$(lio_fileio_loopback tsrc 32M $FRONT) || bail "no source LUN"
dst=$(lio_fileio_add_lun tdst 32M $FRONT) || bail "no destination LUN"
lio_clear_ua "$src" "$dst"
rm -f /tmp/tape0.img
devs=$(tape_create tape0 /tmp/tape0.img) || bail "tape_create failed"
read -r sgt nst <<<"$devs"
[ -n "${nst:-}" ] || bail "st did not bind to the tape"
th=$(readlink -f /sys/class/scsi_generic/${sgt#/dev/}/device | grep -o 'host[0-9]*' | tail -n1 | tr -d 'host')
ok_if "tape $sgt ($nst) behind SCSI host $th" test -n "$th"
sg_turs "$sgt" >/dev/null 2>&1
ok_if "modprobe liox_xcopy" modprobe liox_xcopy
mkdir -p $PG/target_ports/front $PG/initiator_ports/t
echo loopback > $PG/target_ports/front/fabric
echo $FRONT > $PG/target_ports/front/wwn
echo 1 > $PG/target_ports/front/tpgt
echo "$th" > $PG/initiator_ports/t/host

nsrc=$(python3 tests/lib/xcopy.py naa "$src")
ndst=$(python3 tests/lib/xcopy.py naa "$dst")
ntape=$(python3 tests/lib/xcopy.py naa "$sgt")
head -c 16M /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of="$src" bs=1M oflag=direct status=none

# --- fixed-block mode, 512-byte blocks ------------------------------------
mt-st -f "$nst" setblk 512
mt-st -f "$nst" rewind
python3 tests/lib/xcopy.py list /tmp/l.bin b2s "$nsrc" "$ntape" 16384 0 1 512 1
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "disk -> tape, fixed 512-byte blocks, 8 MiB: GOOD" \
	grep -q "SCSI Status: Good" <<<"$out"
mt-st -f "$nst" rewind
ok_if "the tape holds the 8 MiB (read back through st)" \
	cmp -n 8388608 <(dd if="$nst" bs=64k count=128 status=none) /tmp/pattern
is "tape position after 8 MiB read: block 16384" 16384 \
	"$(mt-st -f "$nst" tell | sed -n 's/At block \([0-9]*\).*/\1/p')"
mt-st -f "$nst" rewind
python3 tests/lib/xcopy.py list /tmp/l.bin s2b "$ntape" "$ndst" 16384 0 1 512 2
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "tape -> disk, fixed 512-byte blocks, 8 MiB: GOOD" \
	grep -q "SCSI Status: Good" <<<"$out"
ok_if "the disk holds what the tape held" \
	cmp -n 8388608 <(dd if="$dst" bs=1M count=8 iflag=direct status=none) /tmp/pattern

# --- variable-block mode: one record per chunk, at most the drive's
# largest record (READ BLOCK LIMITS: 256 KiB), though chunk_kb is 1024 ---
mt-st -f "$nst" setblk 0
mt-st -f "$nst" rewind
python3 tests/lib/xcopy.py list /tmp/l.bin b2s "$nsrc" "$ntape" 8192 8192 0 0 3
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "disk -> tape, variable blocks, 4 MiB: GOOD" \
	grep -q "SCSI Status: Good" <<<"$out"
mt-st -f "$nst" rewind
sizes=$(for i in 1 2 3; do dd if="$nst" bs=256k count=1 2>/dev/null | wc -c; done | xargs)
is "variable mode: records of 256 KiB (the drive's limit)" "262144 262144 262144" "$sizes"
mt-st -f "$nst" rewind
ok_if "the tape's 16 records hold the 4 MiB from 4 MiB on" \
	cmp <(for i in $(seq 16); do dd if="$nst" bs=256k count=1 status=none; done) \
	<(dd if=/tmp/pattern bs=1M skip=4 count=4 status=none)
mt-st -f "$nst" rewind
python3 tests/lib/xcopy.py list /tmp/l.bin s2b "$ntape" "$ndst" 8192 16384 0 0 4
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "tape -> disk, variable blocks, 4 MiB: GOOD" \
	grep -q "SCSI Status: Good" <<<"$out"
ok_if "the disk at 8 MiB holds the tape's 4 MiB" \
	cmp <(dd if="$dst" bs=1M skip=8 count=4 iflag=direct status=none) \
	<(dd if=/tmp/pattern bs=1M skip=4 count=4 status=none)

# --- reading past the tape's data ----------------------------------------
mt-st -f "$nst" rewind
python3 tests/lib/xcopy.py list /tmp/l.bin s2b "$ntape" "$ndst" 16384 24576 0 0 5
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "tape -> disk past the end of data: COPY ABORTED" \
	grep -qi "copy aborted" <<<"$out"
ok_if "... third party device failure" \
	grep -qi "third party device failure" <<<"$out"
is "port group counted 4 copies, 1 failure" "4 1" \
	"$(cat $PG/copies $PG/failures | xargs)"
is "tape port moved 8+8+4+4 MiB (+ what the failed copy read)" 1 \
	"$(python3 -c "print(int($(cat $PG/initiator_ports/t/bytes) >= 25165824))")"

rmdir $PG/target_ports/front $PG/initiator_ports/t $PG
echo 0 > /sys/kernel/livepatch/liox_xcopy/enabled
for i in $(seq 100); do [ -e /sys/kernel/livepatch/liox_xcopy ] || break; sleep 0.1; done
ok_if "rmmod liox_xcopy" rmmod liox_xcopy
ok_if "tape_destroy" tape_destroy tape0
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True
tap_done
