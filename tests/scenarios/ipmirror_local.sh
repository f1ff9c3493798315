#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_ipmirror, the local half: a mirror made in configfs over a loop
# device, its settings (defaults, refusals, EBUSY while enabled), the block
# device /dev/liox/<name> (size = backing minus the metadata area, data at
# the same offsets on the backing device, fio with verify), the metadata
# area (decoded from outside: generation and dirty bitmap persist across
# disable/enable, acknowledged writes are already recorded on disk, a
# geometry change and a corrupt header are refused), the activity log
# (its slots reused least recently used first, writes cut at its extents,
# writes waiting for a slot), a secondary refusing
# writes, netlink status, export through a targetcli block backstore on a
# tcm_loop LUN, and a clean unload.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/ipmirror.sh

M=$MIRRORS/m0
NLT=userspace/tests/nltest
SCHEMAS=configfs_schema/*.json

truncate -s 64M /tmp/back0.img
back=$(losetup --find --show /tmp/back0.img) || bail "no loop device"
dd if=/dev/urandom of="$back" bs=1M count=64 oflag=direct status=none

# --- module and configfs ---------------------------------------------------
ok_if "modprobe liox_ipmirror" modprobe liox_ipmirror
ok_if "capability ipmirror registered" \
	grep -q "^ipmirror 0.1.0$" /sys/kernel/config/liox/capabilities
ok_if "mirrors/ group exists" test -d $MIRRORS
ok_if "mkdir mirrors/m0" mkdir $M
ok_if "a 26-character name fits the disk name" mkdir $MIRRORS/abcdefghijklmnopqrstuvwxyz
rmdir $MIRRORS/abcdefghijklmnopqrstuvwxyz
ok_if "a 27-character name is refused" \
	bash -c "! mkdir $MIRRORS/abcdefghijklmnopqrstuvwxyz0 2>/dev/null"
ok_if "a name starting with a dot is refused" \
	bash -c "! mkdir $MIRRORS/.m 2>/dev/null"
ok_if "live configfs tree (with m0 at its defaults) matches configfs_schema/" \
	python3 tests/lib/configfs_schema.py $SCHEMAS
is "defaults: state" disabled "$(cat $M/state)"
is "defaults: role, mode, conns, ports" "secondary sync 2 7790 7790" \
	"$(cat $M/role) $(cat $M/mode) $(cat $M/conns) $(cat $M/peer_port) $(cat $M/local_port)"
is "defaults: timers" "1500 4000 10000 10000 20000" \
	"$(cat $M/hb_interval_ms) $(cat $M/hb_dead_ms) $(cat $M/probation_ms) $(cat $M/ack_timeout_ms) $(cat $M/request_timeout_ms)"
is "defaults: region_kb, enable, data_crc, al_extents" "64 0 1 512" \
	"$(cat $M/region_kb) $(cat $M/enable) $(cat $M/data_crc) $(cat $M/al_extents)"

# --- wrong values: EINVAL, nothing changes ----------------------------------
for kv in conns=0 conns=9 conns=two peer_port=0 peer_port=65536 \
	  local_port=-1 mode=fast role=master region_kb=3 region_kb=48 \
	  region_kb=2097152 hb_interval_ms=99 hb_interval_ms=4000 \
	  hb_dead_ms=1500 hb_dead_ms=1000 probation_ms=3600001 \
	  ack_timeout_ms=3600001 ack_timeout_ms=-1 \
	  request_timeout_ms=3600001 request_timeout_ms=1s \
	  peer_addr=192.0.2 peer_addr=::g peer_addr=192.0.2.2:7790 \
	  local_addr=[::1] backing=dev/loop0 enable=2 data_crc=2 \
	  data_crc=yes al_extents=0 al_extents=893 al_extents=-1 \
	  al_extents=many; do
	is "${kv%%=*} refuses '${kv#*=}' with EINVAL" "Invalid argument" \
		"$(cfs_err "$M/${kv%%=*}" "${kv#*=}")"
done
is "secret refuses 65 bytes with EINVAL" "Invalid argument" \
	"$(cfs_err $M/secret "$(printf 'x%.0s' $(seq 65))")"
is "after the refusals: role mode conns ports region timers data_crc" \
	"secondary sync 2 7790 7790 64 1500 4000 10000 10000 20000 1" \
	"$(cat $M/role) $(cat $M/mode) $(cat $M/conns) $(cat $M/peer_port) $(cat $M/local_port) $(cat $M/region_kb) $(cat $M/hb_interval_ms) $(cat $M/hb_dead_ms) $(cat $M/probation_ms) $(cat $M/ack_timeout_ms) $(cat $M/request_timeout_ms) $(cat $M/data_crc)"
is "peer_addr still empty" "" "$(cat $M/peer_addr)"
is "al_extents still 512" 512 "$(cat $M/al_extents)"

# --- good values ------------------------------------------------------------
ok_if "peer_addr accepts 192.0.2.2" test "$(cfs_err $M/peer_addr 192.0.2.2)" = ok
is "peer_addr reads back" 192.0.2.2 "$(cat $M/peer_addr)"
ok_if "local_addr accepts 2001:db8:0:0::1 (with a newline)" \
	test "$(cfs_err $M/local_addr $'2001:db8:0:0::1\n')" = ok
is "local_addr reads back compressed" 2001:db8::1 "$(cat $M/local_addr)"
for kv in peer_port=7791 conns=4 mode=async hb_dead_ms=5000 \
	  hb_interval_ms=1000 probation_ms=0 ack_timeout_ms=0 region_kb=64 \
	  request_timeout_ms=0 data_crc=0; do
	ok_if "${kv%%=*} accepts ${kv#*=}" test "$(cfs_err "$M/${kv%%=*}" "${kv#*=}")" = ok
done
is "values read back" "7791 4 async 5000 1000 0 0 0 0" \
	"$(cat $M/peer_port) $(cat $M/conns) $(cat $M/mode) $(cat $M/hb_dead_ms) $(cat $M/hb_interval_ms) $(cat $M/probation_ms) $(cat $M/ack_timeout_ms) $(cat $M/request_timeout_ms) $(cat $M/data_crc)"
echo 1 > $M/data_crc
echo 10000 > $M/ack_timeout_ms
echo 20000 > $M/request_timeout_ms
ok_if "secret accepts 64 bytes" \
	test "$(cfs_err $M/secret "$(printf 's%.0s' $(seq 64))")" = ok
ok_if "secret is write-only" bash -c "! cat $M/secret 2>/dev/null"
echo sync > $M/mode

# --- enable -----------------------------------------------------------------
is "enable without a backing device: EINVAL" "Invalid argument" "$(cfs_err $M/enable 1)"
echo /dev/liox-no-such-device > $M/backing
is "enable with a missing backing device: ENOENT" "No such file or directory" \
	"$(cfs_err $M/enable 1)"
is "still disabled" "disabled 0" "$(cat $M/state) $(cat $M/enable)"
echo "$back" > $M/backing
is "backing reads back" "$back" "$(cat $M/backing)"
echo primary > $M/role
# no peer here: a lone newline clears the addresses (standalone mirror)
echo > $M/peer_addr
echo > $M/local_addr
is "addresses cleared" "/" "$(cat $M/peer_addr)/$(cat $M/local_addr)"
ok_if "enable=1" test "$(cfs_err $M/enable 1)" = ok
is "state standalone" standalone "$(cat $M/state)"
ok_if "/dev/liox/m0 is a block device" mirror_dev_wait m0
ok_if "sysfs names it liox!m0" test -d '/sys/block/liox!m0'
md=$(mirror_md_start "$back" 64)
size=$(cat $M/size_sectors)
is "size_sectors = backing minus the metadata area (4 KiB aligned)" "$md" "$size"
is "/dev/liox/m0 has size_sectors sectors" "$size" "$(blockdev --getsz /dev/liox/m0)"
diag "backing $(blockdev --getsz "$back") sectors, metadata from sector $md"
is "logical block size of the backing device" "$(blockdev --getss "$back")" \
	"$(blockdev --getss /dev/liox/m0)"
q=/sys/block/${back#/dev/}/queue
mq='/sys/block/liox!m0/queue'
for l in max_hw_sectors_kb max_sectors_kb discard_max_bytes write_cache rotational; do
	is "queue $l stacked from the backing device" "$(cat $q/$l)" "$(cat "$mq/$l")"
done
ok_if "the backing device is held exclusively (O_EXCL open fails)" \
	bash -c "! python3 -c 'import os,sys; os.open(sys.argv[1], os.O_RDONLY | os.O_EXCL)' $back 2>/dev/null"
gen=$(cat $M/generation)
ok_if "a new primary has a generation ($gen)" test "$gen" != 0000000000000000
is "no dirty region yet" 0 "$(cat $M/dirty_regions)"
hdr=$(mirror_md_read "$back" "$md")
diag "metadata: $hdr"
is "on disk: magic LIOB, version 1" "LIOB 1" \
	"$(mirror_md_field "$hdr" magic) $(mirror_md_field "$hdr" version)"
is "on disk: in use (primary, not clean), 0 dirty, same generation" "1 0 $gen" \
	"$(mirror_md_field "$hdr" flags) $(mirror_md_field "$hdr" dirty) $(mirror_md_field "$hdr" current_gen)"
is "on disk: geometry" "65536 $size" \
	"$(mirror_md_field "$hdr" region_size) $(mirror_md_field "$hdr" dev_sectors)"
is "on disk: both CRCs check" "1 1" \
	"$(mirror_md_field "$hdr" hdr_crc_ok) $(mirror_md_field "$hdr" bits_crc_ok)"
is "on disk: an empty activity log of 4 MiB extents (2^13 sectors)" "1 13 -" \
	"$(mirror_md_field "$hdr" al_ok) $(mirror_md_field "$hdr" al_shift) $(mirror_md_field "$hdr" al)"

# --- settings while enabled ------------------------------------------------
for kv in conns=3 backing=/dev/null region_kb=128 \
	  peer_addr=192.0.2.9 secret=x mode=async peer_port=1 data_crc=0 \
	  al_extents=4; do
	is "${kv%%=*} while enabled: EBUSY" "Device or resource busy" \
		"$(cfs_err "$M/${kv%%=*}" "${kv#*=}")"
done
ok_if "hb_interval_ms may change while enabled" \
	test "$(cfs_err $M/hb_interval_ms 1500)" = ok
ok_if "demote while enabled and not open" \
	test "$(cfs_err $M/role secondary)" = ok
is "the demoted device is read-only" 1 "$(blockdev --getro /dev/liox/m0)"
ok_if "promote again (no peer)" test "$(cfs_err $M/role primary)" = ok
is "the promoted device is writable" 0 "$(blockdev --getro /dev/liox/m0)"
ok_if "enable=1 again is a no-op" test "$(cfs_err $M/enable 1)" = ok
is "rmdir while enabled: EBUSY" "Device or resource busy" \
	"$(rmdir $M 2>&1 | sed 's/.*: //')"
mkdir $MIRRORS/m1
echo "$back" > $MIRRORS/m1/backing
is "a second mirror on the same backing device: EBUSY" "Device or resource busy" \
	"$(cfs_err $MIRRORS/m1/enable 1)"
rmdir $MIRRORS/m1

# --- data: write intent, bytes at the same offsets --------------------------
head -c 1M /dev/urandom > /tmp/p1
dd if=/tmp/p1 of=/dev/liox/m0 bs=1M seek=40 oflag=direct status=none
is "1 MiB at 40 MiB dirties 16 regions of 64 KiB" 16 "$(cat $M/dirty_regions)"
# the first change the (absent) peer lacks starts a new generation, once
gen1=$(cat $M/generation)
ok_if "the first write without a peer starts a new generation ($gen -> $gen1)" \
	test "$gen1" != "$gen" -a "$gen1" != 0000000000000000
gen=$gen1
head -c 4096 /dev/urandom > /tmp/p2
dd if=/tmp/p2 of=/dev/liox/m0 bs=4096 seek=$(( (40 * 1024 + 20 * 64) / 4 )) \
	oflag=direct status=none
is "4 KiB in another region: 17" 17 "$(cat $M/dirty_regions)"
dd if=/tmp/p2 of=/dev/liox/m0 bs=4096 seek=$(( (40 * 1024 + 20 * 64) / 4 + 1 )) \
	oflag=direct status=none
is "a write to a dirty region: still 17" 17 "$(cat $M/dirty_regions)"
hdr=$(mirror_md_read "$back" "$md")
is "acknowledged writes are on disk already: count 17, 17 bits, CRCs good" "17 17 1 1" \
	"$(mirror_md_field "$hdr" dirty) $(mirror_md_field "$hdr" bits) $(mirror_md_field "$hdr" hdr_crc_ok) $(mirror_md_field "$hdr" bits_crc_ok)"
ok_if "metadata commits counted" test "$(cat $M/md_commits)" -ge 2
ok_if "the pattern is on the backing device at 40 MiB" same_at /tmp/p1 "$back" 40
ok_if "and reads back through /dev/liox/m0" same_at /tmp/p1 /dev/liox/m0 40
ok_if "no write past the end of /dev/liox/m0 (the metadata area)" \
	bash -c "! dd if=/dev/zero of=/dev/liox/m0 bs=4096 seek=$((size / 8)) count=1 oflag=direct status=none 2>/dev/null"

w0=$(cat $M/writes)
ok_if "fio 4 KiB random writes, QD16, verify" \
	fio --name=rand --filename=/dev/liox/m0 --direct=1 --ioengine=libaio \
	--iodepth=16 --rw=randwrite --bs=4k --size=24M --verify=crc32c \
	--verify_fatal=1 --randrepeat=0
ok_if "fio 1 MiB sequential writes, fsync every 4, verify" \
	fio --name=seq --filename=/dev/liox/m0 --direct=1 --ioengine=libaio \
	--iodepth=4 --rw=write --bs=1M --offset=24M --size=16M --fsync=4 \
	--verify=crc32c --verify_fatal=1
ok_if "writes counted" test "$(cat $M/writes)" -gt "$w0"
ok_if "reads counted" test "$(cat $M/reads)" -gt 0
ok_if "write_bytes counted (>= 40 MiB)" test "$(cat $M/write_bytes)" -ge $((40 << 20))
is "no I/O error" "0 0" "$(cat $M/io_errors) $(cat $M/md_errors)"
dd if=/dev/liox/m0 of=/tmp/whole bs=1M iflag=direct status=none
ok_if "whole device identical to the backing device's data area" \
	same_at /tmp/whole "$back" 0
rm -f /tmp/whole
dirty=$(cat $M/dirty_regions)
is "dirty regions after fio: 0-40 MiB (640) plus the 17" 657 "$dirty"
ok_if "discard through the mirror" blkdiscard -o $((48 << 20)) -l $((1 << 20)) /dev/liox/m0
is "a discard dirties its regions too" $((dirty + 16)) "$(cat $M/dirty_regions)"
dirty=$(cat $M/dirty_regions)
out=$($NLT mirrors)
is "netlink status dump" "m0 standalone primary $dirty $gen" "$out"

# --- disable/enable: metadata persists --------------------------------------
ok_if "enable=0" test "$(cfs_err $M/enable 0)" = ok
ok_if "/dev/liox/m0 is gone" mirror_dev_wait m0 absent
is "state disabled" disabled "$(cat $M/state)"
is "dirty_regions and generation kept while disabled" "$dirty $gen" \
	"$(cat $M/dirty_regions) $(cat $M/generation)"
hdr=$(mirror_md_read "$back" "$md")
is "on disk: clean|primary, dirty $dirty, $dirty bits, generation kept" \
	"5 $dirty $dirty $gen" \
	"$(mirror_md_field "$hdr" flags) $(mirror_md_field "$hdr" dirty) $(mirror_md_field "$hdr" bits) $(mirror_md_field "$hdr" current_gen)"
ok_if "enable=1 again" test "$(cfs_err $M/enable 1)" = ok
ok_if "/dev/liox/m0 is back" mirror_dev_wait m0
is "generation and dirty regions survived" "$gen $dirty" \
	"$(cat $M/generation) $(cat $M/dirty_regions)"
ok_if "data survived" same_at /tmp/p1 /dev/liox/m0 40
echo 0 > $M/enable

# geometry that differs from the metadata: refused, nothing changes
echo 128 > $M/region_kb
is "enable with another region size: EINVAL" "Invalid argument" "$(cfs_err $M/enable 1)"
ok_if "no device after the refusal" test ! -e /dev/liox/m0
ok_if "the log says why" bash -c "dmesg | grep -q 'm0: metadata on .* regions of 64 KiB, the configuration gives .* regions of 128 KiB'"
echo 64 > $M/region_kb

# a corrupt header: refused with EUCLEAN, the bits stay as they are
dd if="$back" of=/tmp/hdr bs=4096 skip=$((md / 8)) count=1 iflag=direct status=none
python3 - "$back" $((md * 512 + 40)) <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
off = int(sys.argv[2])
b = os.pread(fd, 1, off)
os.pwrite(fd, bytes([b[0] ^ 0xff]), off)
os.fsync(fd)
PY
is "enable with a corrupt header: EUCLEAN" "Structure needs cleaning" "$(cfs_err $M/enable 1)"
dd if=/tmp/hdr of="$back" bs=4096 seek=$((md / 8)) oflag=direct conv=notrunc status=none
ok_if "enable after restoring the header" test "$(cfs_err $M/enable 1)" = ok
is "generation and dirty regions unchanged" "$gen $dirty" \
	"$(cat $M/generation) $(cat $M/dirty_regions)"
echo 0 > $M/enable

# --- the activity log ---------------------------------------------------------
# Two slots: a write to an extent the log holds needs no metadata write, a
# new extent takes the least recently used slot, and the log on disk says
# which extents a crash would resend; it comes back at the next enable.
# 0-40 MiB is dirty already (no peer): only the log changes here.
echo 2 > $M/al_extents
echo primary > $M/role
ok_if "enable with al_extents 2" test "$(cfs_err $M/enable 1)" = ok
mirror_dev_wait m0
al_disk() { mirror_md_field "$(mirror_md_read "$back" "$md")" al; }
al_write() {	# al_write OFFSET_KB: 4 KiB there from /tmp/p2
	dd if=/tmp/p2 of=/dev/liox/m0 bs=1k seek="$1" count=4 oflag=direct \
		status=none
}
commits() { echo $(( $(cat $M/md_commits) - c0 )); }
# whatever the log held before, extents 1 and 2 (4 and 8 MiB) now
al_write $((4 << 10))
al_write $((8 << 10))
is "two slots, writes to two extents: the log on disk holds them" "1,2" "$(al_disk)"
c0=$(cat $M/md_commits)
al_write $(( (4 << 10) + 64 ))
is "a write to an extent the log holds: no metadata write" 0 "$(commits)"
al_write $((12 << 10))
is "a third extent takes the least recently used slot (2, not 1): one metadata write" \
	"1,3 1" "$(al_disk) $(commits)"
# 8 KiB across the 16 MiB boundary: cut in two, each in its extent
head -c 8192 /dev/urandom > /tmp/p3
dd if=/tmp/p3 of=/dev/liox/m0 bs=1k seek=$(( (16 << 10) - 4 )) oflag=direct \
	status=none
is "a write across two extents takes both" "3,4" "$(al_disk)"
dd if="$back" of=/tmp/p3.back bs=1k skip=$(( (16 << 10) - 4 )) count=8 \
	iflag=direct status=none
ok_if "and its bytes are where they belong" cmp /tmp/p3 /tmp/p3.back
echo 0 > $M/enable
echo 1 > $M/enable
mirror_dev_wait m0
is "enabled again: the log on disk is loaded, not emptied" "3,4" "$(al_disk)"
c0=$(cat $M/md_commits)
al_write $((16 << 10))
is "a write to an extent loaded from disk: no metadata write" 0 "$(commits)"
echo 0 > $M/enable
echo 1 > $M/al_extents
echo 1 > $M/enable
mirror_dev_wait m0
# one slot, 16 writes at a time all over the device: each waits until the
# slot is free of the extent before it
ok_if "al_extents 1: fio 4 KiB random writes QD16 over 40 MiB, verify" \
	timeout 300 fio --name=al1 --filename=/dev/liox/m0 --direct=1 \
	--ioengine=libaio --iodepth=16 --rw=randwrite --bs=4k --size=40M \
	--io_size=4M --verify=crc32c --verify_fatal=1 --randrepeat=0
is "al_extents 1: one extent in the log, no error" "1 0 0" \
	"$(al_disk | tr ',' '\n' | grep -c '^[0-9][0-9]*$') $(cat $M/io_errors) $(cat $M/md_errors)"
echo 0 > $M/enable
echo 512 > $M/al_extents
hdr=$(mirror_md_read "$back" "$md")
is "disabled: clean, the log still checks" "5 1 1" \
	"$(mirror_md_field "$hdr" flags) $(mirror_md_field "$hdr" hdr_crc_ok) $(mirror_md_field "$hdr" al_ok)"

# --- a secondary refuses writes ---------------------------------------------
echo secondary > $M/role
ok_if "enable as secondary" test "$(cfs_err $M/enable 1)" = ok
mirror_dev_wait m0
is "the secondary's device is read-only" 1 "$(blockdev --getro /dev/liox/m0)"
out=$(dd if=/dev/zero of=/dev/liox/m0 bs=4096 count=1 oflag=direct 2>&1)
ok_if "opening it for writing fails: read-only file system" \
	grep -q "Read-only file system" <<<"$out"
ok_if "reads are served" same_at /tmp/p1 /dev/liox/m0 40
is "nothing written: dirty regions unchanged" "$dirty" "$(cat $M/dirty_regions)"
hdr=$(mirror_md_read "$back" "$md")
is "on disk: in use, not primary" 0 "$(mirror_md_field "$hdr" flags)"
echo 0 > $M/enable
echo primary > $M/role
echo 1 > $M/enable
mirror_dev_wait m0

# --- through LIO: a block backstore on a tcm_loop LUN -----------------------
wwn=naa.5001405000000031
ok_if "targetcli block backstore on /dev/liox/m0" \
	targetcli /backstores/block create name=mir0 dev=/dev/liox/m0
targetcli /loopback create wwn=$wwn >/dev/null
targetcli /loopback/$wwn/luns create /backstores/block/mir0 >/dev/null
sd=$(lio_disk_by_serial "$(lio_serial iblock mir0)") || sd=
ok_if "the LUN appears as a SCSI disk ($sd)" test -b "$sd"
lio_clear_ua "$sd"
is "the SCSI disk has the mirror's size" "$size" "$(blockdev --getsz "$sd")"
head -c 4M /dev/urandom > /tmp/p3
ok_if "write 4 MiB through the SCSI disk at 52 MiB" \
	dd if=/tmp/p3 of="$sd" bs=1M seek=52 oflag=direct status=none
ok_if "the bytes are on the backing device at 52 MiB" same_at /tmp/p3 "$back" 52
ok_if "and through /dev/liox/m0" same_at /tmp/p3 /dev/liox/m0 52
ok_if "and read back through the SCSI disk" same_at /tmp/p3 "$sd" 52
is "LIO's writes are tracked (64 more regions)" $((dirty + 64)) "$(cat $M/dirty_regions)"
is "enable=0 while LIO has the device open: EBUSY" "Device or resource busy" \
	"$(cfs_err $M/enable 0)"
is "still standalone" standalone "$(cat $M/state)"
ok_if "targetcli ls works" bash -c "targetcli ls / | grep -q mir0"
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True
ok_if "enable=0 once LIO let go" test "$(cfs_err $M/enable 0)" = ok

# --- shape, removal, unload -------------------------------------------------
ok_if "live configfs tree matches configfs_schema/ (shape)" \
	python3 tests/lib/configfs_schema.py --skip-defaults $SCHEMAS
ok_if "rmmod refused while a mirror exists" bash -c "! rmmod liox_ipmirror 2>/dev/null"
ok_if "rmdir m0" rmdir $M
ok_if "rmmod liox_ipmirror" rmmod liox_ipmirror
ok_if "capability gone" bash -c "! grep -q ipmirror /sys/kernel/config/liox/capabilities"
hdr=$(mirror_md_read "$back" "$md")
is "metadata left clean on the backing device" "5 $((dirty + 64))" \
	"$(mirror_md_field "$hdr" flags) $(mirror_md_field "$hdr" dirty)"
losetup -d "$back"
tap_done
