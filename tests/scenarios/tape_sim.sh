#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test tape drive (tests/tools/liox_tape behind a LIO user backstore,
# exported by tcm_loop) is a real tape to Linux: st binds to it, records
# keep their sizes in variable-block mode, filemarks end reads, mt spaces
# over them, fixed-block mode round-trips, reading past the end fails with
# BLANK CHECK, the identity pages carry LIO's serial and NAA designator,
# and the contents outlive the handler.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/tape.sh

MT=mt-st

# raw DEV LEN CDB...: the Data-In bytes of one command, "xx xx ..."
raw() {
	local dev=$1 len=$2
	shift 2
	rm -f /tmp/raw.bin
	sg_raw -r "$len" -o /tmp/raw.bin "$dev" "$@" >/dev/null 2>&1
	od -An -tx1 -v /tmp/raw.bin 2>/dev/null | xargs
}
img=/tmp/tape0.img
rm -f "$img"
devs=$(tape_create tape0 "$img") || bail "tape_create failed"
read -r sg nst <<<"$devs"
ok_if "tape presented as $sg and ${nst:-no st device}" test -c "$sg" -a -c "${nst:-/none}"
[ -n "${nst:-}" ] || bail "st did not bind"
sgdev=/sys/class/scsi_generic/${sg#/dev/}/device
serial=$(sed -n 's/.*Number: *//p' /sys/kernel/config/target/core/user_*/tape0/wwn/vpd_unit_serial)
diag "unit serial $serial"

# ---- identity ----
is "sysfs: SCSI type 1 (sequential access)" 1 "$(cat "$sgdev/type")"
ok_if "sg_inq: peripheral device type 1 (tape)" \
	grep -qE '(PDT|Device_type)=1 ' <<<"$(sg_inq "$sg")"
is "INQUIRY byte 0 is 01h, RMB set" "01 80 06" \
	"$(raw "$sg" 36 12 00 00 00 24 00 | cut -d' ' -f1-3)"
ok_if "midlayer read VPD 83h (INQUIRY says SPC-4)" \
	test "$(wc -c < "$sgdev/vpd_pg83")" -gt 24
is "VPD 80h: LIO's unit serial" "$serial" \
	"$(sg_inq -p 0x80 "$sg" | sed -n 's/.*Unit serial number: *//p')"
vpd83=$(sg_inq -p 0x83 "$sg")
hex=$(tr -d -- '-' <<<"$serial")
ok_if "VPD 83h: NAA 6 designator, IEEE company id 0x1405" \
	grep -q "NAA 6, IEEE Company_id: 0x1405" <<<"$vpd83"
ok_if "VPD 83h: designator 0x6001405 + serial digits" \
	grep -qi "0x6001405${hex:0:25}" <<<"$vpd83"
ok_if "VPD 83h: designator associated with the logical unit" \
	grep -qi "addressed logical unit" <<<"$vpd83"
ok_if "VPD 83h: T10 vendor id designator LIO-ORG + serial" \
	grep -aqF "LIO-ORG $serial" "$sgdev/vpd_pg83"
is "READ BLOCK LIMITS: max 256 KiB, min 1" "00 04 00 00 00 01" \
	"$(raw "$sg" 6 05 00 00 00 00 00)"
out=$(sg_raw "$sg" 28 00 00 00 00 00 00 00 01 00 2>&1)
ok_if "READ(10) (not a tape command): ILLEGAL REQUEST, invalid opcode" \
	grep -qi "invalid command operation code" <<<"$out"

status=$($MT -f "$nst" status 2>&1)
ok_if "mt status: variable block size (0)" grep -q "Tape block size 0 bytes" <<<"$status"

# ---- variable-block mode: records keep their sizes ----
sizes=(1000 12345 65536 512 7777)
for i in 0 1 2 3 4; do
	head -c "${sizes[$i]}" /dev/urandom > "/tmp/rec$i"
done
rec() { dd if="/tmp/rec$1" bs="${sizes[$1]}" count=1 status=none; }
# one open each: st writes a filemark when a device written to is closed
ok_if "write 3 records (1000, 12345, 65536 bytes) + filemark" \
	bash -c "$(declare -f rec; declare -p sizes); { rec 0 && rec 1 && rec 2; } > $nst"
ok_if "write 2 records (512, 7777 bytes) + filemark" \
	bash -c "$(declare -f rec; declare -p sizes); { rec 3 && rec 4; } > $nst"
is "position after writing: 7 objects (5 records, 2 filemarks)" "At block 7." \
	"$($MT -f "$nst" tell 2>&1)"
is "backing file: 5 records + 2 filemarks as headers + data" \
	$(( 7 * 4 + 1000 + 12345 + 65536 + 512 + 7777 )) "$(stat -c %s "$img")"
ok_if "rewind" $MT -f "$nst" rewind
is "position after rewind: 0" "At block 0." "$($MT -f "$nst" tell 2>&1)"
ok_if "mt status: BOT after rewind" \
	grep -qw BOT <<<"$($MT -f "$nst" status 2>&1)"

# read record by record with a large buffer: each read returns one record
exec 3< "$nst"
got=()
for i in 0 1 2 fm 3 4 fm2; do
	dd bs=256k count=1 status=none of="/tmp/out.$i" <&3
	got+=("$(stat -c %s "/tmp/out.$i")")
done
is "read sizes: 3 records, filemark (0), 2 records, filemark (0)" \
	"1000 12345 65536 0 512 7777 0" "${got[*]}"
for i in 0 1 2 3 4; do
	is "record $i: same sha256" "$(sha256sum < "/tmp/rec$i")" \
		"$(sha256sum < "/tmp/out.$i")"
done
# past the last filemark: end of data, st says so with EIO
err=
for i in 1 2 3; do
	if ! out=$(dd bs=256k count=1 status=none of=/dev/null <&3 2>&1); then
		err=$out
		break
	fi
done
exec 3<&-
ok_if "a read past the end of data fails (EIO)" \
	grep -qi "input/output error" <<<"$err"

# a filemark stops a read: dd until EOF gets exactly file 1
ok_if "rewind" $MT -f "$nst" rewind
dd if="$nst" bs=256k status=none of=/tmp/file1
ok_if "dd to EOF reads file 1 (3 records) and stops at the filemark" \
	cmp /tmp/file1 <(cat /tmp/rec0 /tmp/rec1 /tmp/rec2)

# spacing
ok_if "rewind; mt fsf 1" bash -c "$MT -f $nst rewind && $MT -f $nst fsf 1"
is "after fsf 1: at object 4" "At block 4." "$($MT -f "$nst" tell 2>&1)"
dd if="$nst" bs=256k count=1 status=none of=/tmp/after_fsf
ok_if "after fsf 1 the next record is record 3" cmp /tmp/after_fsf /tmp/rec3
ok_if "rewind; mt fsr 2 (SPACE blocks)" bash -c "$MT -f $nst rewind && $MT -f $nst fsr 2"
dd if="$nst" bs=256k count=1 status=none of=/tmp/after_fsr
ok_if "after fsr 2 the next record is record 2" cmp /tmp/after_fsr /tmp/rec2
ok_if "mt bsf 1 goes back over the filemark" bash -c "$MT -f $nst eod && $MT -f $nst bsf 1"
is "after eod, bsf 1: at object 6 (before the last filemark)" "At block 6." \
	"$($MT -f "$nst" tell 2>&1)"
ok_if "mt seek 3 (LOCATE)" $MT -f "$nst" seek 3
dd if="$nst" bs=256k count=1 status=none of=/tmp/after_seek
ok_if "after seek 3 a read hits the filemark (0 bytes)" test ! -s /tmp/after_seek

# a buffer smaller than the record: ILI with negative residue, st refuses
$MT -f "$nst" rewind
out=$(dd if="$nst" bs=100 count=1 status=none of=/dev/null 2>&1)
ok_if "reading a 1000-byte record into 100 bytes fails (ENOMEM)" \
	grep -qi "cannot allocate memory" <<<"$out"

# end of data at the SCSI level
$MT -f "$nst" eod
out=$(sg_raw -r 1k "$sg" 08 00 00 04 00 00 2>&1)
ok_if "READ(6) at end of data: BLANK CHECK" grep -qi "blank check" <<<"$out"
ok_if "READ(6) at end of data: END-OF-DATA DETECTED (00h/05h)" \
	grep -qi "end-of-data detected" <<<"$out"

# ---- fixed-block mode ----
ok_if "mt setblk 512 (MODE SELECT)" $MT -f "$nst" setblk 512
ok_if "mt status: block size 512" \
	grep -q "Tape block size 512 bytes" <<<"$($MT -f "$nst" status 2>&1)"
is "MODE SENSE(6): 8-byte block descriptor, block length 512" "08 00 02 00" \
	"$(raw "$sg" 12 1a 00 00 00 0c 00 | cut -d' ' -f4,10-12)"
head -c 65536 /dev/urandom > /tmp/fixed
ok_if "rewind" $MT -f "$nst" rewind
ok_if "write 64 KiB in fixed mode (bs=4096)" \
	dd if=/tmp/fixed of="$nst" bs=4096 status=none
is "128 blocks of 512 bytes + 1 filemark on tape" "At block 129." \
	"$($MT -f "$nst" tell 2>&1)"
is "writing at BOT truncated the old contents" $(( 129 * 4 + 65536 )) \
	"$(stat -c %s "$img")"
ok_if "rewind" $MT -f "$nst" rewind
dd if="$nst" bs=4096 status=none of=/tmp/fixed.out
ok_if "fixed mode: read back to the filemark equals what was written" \
	cmp /tmp/fixed /tmp/fixed.out
out=$(dd if="$nst" bs=4096 count=1 status=none of=/dev/null 2>&1; \
      dd if="$nst" bs=4096 count=1 status=none of=/dev/null 2>&1)
ok_if "fixed mode: reading past the end of data fails (EIO)" \
	grep -qi "input/output error" <<<"$out"
ok_if "mt setblk 0 (back to variable)" $MT -f "$nst" setblk 0

# ---- medium removal ----
sg_raw "$sg" 1e 00 00 00 01 00 >/dev/null 2>&1
out=$(sg_raw "$sg" 1b 00 00 00 00 00 2>&1)
ok_if "UNLOAD after PREVENT MEDIUM REMOVAL: medium removal prevented (53h/02h)" \
	grep -qi "medium removal prevented" <<<"$out"
ok_if "ALLOW MEDIUM REMOVAL, then UNLOAD" \
	bash -c "sg_raw $sg 1e 00 00 00 00 00 && sg_raw $sg 1b 00 00 00 00 00"
ok_if "unloaded: TEST UNIT READY says medium not present (3Ah)" \
	grep -qi "medium not present" <<<"$(sg_turs -v "$sg" 2>&1)"
ok_if "LOAD, then TEST UNIT READY is GOOD" \
	bash -c "sg_raw $sg 1b 00 00 00 01 00 && sg_turs $sg"
is "READ POSITION after LOAD: BOP, object 0" "80 00 00 00 00 00 00 00" \
	"$(raw "$sg" 20 34 00 00 00 00 00 00 00 00 00 | cut -d' ' -f1-8)"

# ---- the contents outlive the handler ----
ok_if "tape_destroy" tape_destroy tape0
ok_if "configfs clean: no user backstore, no loopback target" \
	bash -c '! ls -d /sys/kernel/config/target/core/user_* /sys/kernel/config/target/loopback/naa.* 2>/dev/null | grep -q .'
devs=$(tape_create tape0 "$img") || bail "tape_create (again) failed"
read -r sg nst <<<"$devs"
ok_if "tape presented again as $sg and ${nst:-no st device}" test -c "${nst:-/none}"
$MT -f "$nst" setblk 512 >/dev/null 2>&1
dd if="$nst" bs=4096 status=none of=/tmp/fixed.again
ok_if "a new handler on the same file reads the same 64 KiB" \
	cmp /tmp/fixed /tmp/fixed.again
ok_if "tape_destroy" tape_destroy tape0
tap_done
