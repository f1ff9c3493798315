#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_xcopy to and from a "backup system" on another storage system,
# reached through initiator ports of a port group: other LIO LUNs behind
# two tcm_loop hosts and an open-iscsi session on 127.0.0.1. The host
# sends E-Copy to its own LUN (target port "front"); the node moves the
# data itself. Probe fallback (first port's device offline), all ports
# offline (COPY ABORTED 0Dh/02h, event, log line), a port pulled in the
# middle of a copy (the next port finishes it), port-group isolation, the
# configfs objects and their counters, and lioxctl xcopy status.
# liox-timeout: 1200
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh
. tests/lib/xcopy.sh

CTL=userspace/lioxctl
X=/sys/kernel/config/liox/xcopy
PG=$X/port_groups
KLP=/sys/kernel/livepatch/liox_xcopy
FRONT=naa.5001405000000031	# the host's target port
LA=naa.5001405000000032		# backup system, path a
LB=naa.5001405000000033		# backup system, path b
OTHER=naa.5001405000000034	# a target port of another group
BTGT=iqn.2026-11.org.liox:backup	# backup system, path c (iSCSI)
INI=iqn.2026-11.org.liox:node

# --- the node's own LUNs, seen by the host through "front" ----------------
src=$(lio_fileio_loopback src0 64M $FRONT) || bail "no source LUN"
dst=$(lio_fileio_add_lun dst0 64M $FRONT) || bail "no local destination LUN"
oth=$(lio_fileio_loopback src2 16M $OTHER) || bail "no LUN on the other port"

# --- the backup system: bk0 (fileio) and slow0 (block on dm-delay) --------
targetcli /backstores/fileio create name=bk0 file_or_dev=/tmp/bk0.img size=64M >/dev/null
lio_delay_block slow0 64 0 25 || bail "no dm-delay"
for w in $LA $LB; do
	targetcli /loopback create wwn=$w >/dev/null
	targetcli /loopback/$w/luns create /backstores/fileio/bk0 >/dev/null
	targetcli /loopback/$w/luns create /backstores/block/slow0 >/dev/null
done
targetcli /iscsi create $BTGT >/dev/null
targetcli /iscsi/$BTGT/tpg1/luns create /backstores/fileio/bk0 >/dev/null
targetcli /iscsi/$BTGT/tpg1/luns create /backstores/block/slow0 >/dev/null
targetcli /iscsi/$BTGT/tpg1/acls create $INI >/dev/null
echo "InitiatorName=$INI" > /etc/iscsi/initiatorname.iscsi
modprobe iscsi_tcp
iscsid
iscsiadm -m discovery -t st -p 127.0.0.1 >/dev/null
ok_if "iSCSI login to the backup system" \
	iscsiadm -m node -T $BTGT -p 127.0.0.1 --login
lio_disk_by_serial "$(lio_serial fileio bk0)" 60 >/dev/null
sbk=$(lio_serial fileio bk0)
sslow=$(lio_serial iblock slow0)
ha=$(cut -d: -f1 < /sys/kernel/config/target/loopback/$LA/tpgt_1/address)
hb=$(cut -d: -f1 < /sys/kernel/config/target/loopback/$LB/tpgt_1/address)
hc=$(iscsiadm -m session -P 3 | sed -n 's/.*Host Number: *\([0-9]*\).*/\1/p' | head -n1)
# disk_on SERIAL HOST: the path of a backup LUN through one port
disk_on() {
	local d i
	for i in $(seq 100); do
		for d in $(lio_disks_by_serial "$1"); do
			[ "$(lio_host_of "$d")" = "$2" ] && { echo "$d"; return 0; }
		done
		sleep 0.1
	done
	return 1
}
bka=$(disk_on "$sbk" "$ha") && bkb=$(disk_on "$sbk" "$hb") &&
	bkc=$(disk_on "$sbk" "$hc") || bail "backup disk not on every path"
sla=$(disk_on "$sslow" "$ha") && slb=$(disk_on "$sslow" "$hb") &&
	slc=$(disk_on "$sslow" "$hc") || bail "slow disk not on every path"
lio_clear_ua "$src" "$dst" "$oth" "$bka" "$bkb" "$bkc" "$sla" "$slb" "$slc"
ok_if "backup LUNs on three initiator ports (hosts $ha $hb $hc): $bka $bkb $bkc" \
	test "$ha" != "$hb" -a "$hb" != "$hc" -a -n "$hc"
offline() { for d in "$@"; do echo offline > /sys/block/${d#/dev/}/device/state; done; }
online() { for d in "$@"; do echo running > /sys/block/${d#/dev/}/device/state; done; }

ok_if "modprobe liox_xcopy" modprobe liox_xcopy
nsrc=$(python3 tests/lib/xcopy.py naa "$src")
ndst=$(python3 tests/lib/xcopy.py naa "$dst")
noth=$(python3 tests/lib/xcopy.py naa "$oth")
nbk=$(python3 tests/lib/xcopy.py naa "$bka")
nslow=$(python3 tests/lib/xcopy.py naa "$sla")
head -c 48M /dev/urandom > /tmp/pattern
dd if=/tmp/pattern of="$src" bs=1M oflag=direct status=none
dd if=/tmp/pattern of="$oth" bs=1M count=16 oflag=direct status=none

# --- a copy to a remote disk without a port group: refused ----------------
python3 tests/lib/xcopy.py list /tmp/l.bin b2b "$nsrc" "$nbk" 64 0 0 1
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "no port group: remote copy target not reachable (0Dh/02h)" \
	grep -qi "copy target device not reachable" <<<"$out"

# --- the port group in configfs ------------------------------------------
ok_if "mkdir port group pg1" mkdir $PG/pg1
ok_if "mkdir target port front" mkdir $PG/pg1/target_ports/front
echo loopback > $PG/pg1/target_ports/front/fabric
echo $FRONT > $PG/pg1/target_ports/front/wwn
echo 1 > $PG/pg1/target_ports/front/tpgt
for p in a b c; do
	h=$(eval echo \$h$p)
	mkdir $PG/pg1/initiator_ports/$p
	echo "$h" > $PG/pg1/initiator_ports/$p/host
done
is "target port front reads back" "loopback $FRONT 1" \
	"$(cd $PG/pg1/target_ports/front && echo $(cat fabric wwn tpgt))"
is "initiator ports read back" "$ha $hb $hc" \
	"$(cd $PG/pg1/initiator_ports && echo $(cat a/host b/host c/host))"
ok_if "tpgt 70000 refused" bash -c "! echo 70000 > $PG/pg1/target_ports/front/tpgt"
ok_if "tpgt abc refused" bash -c "! echo abc > $PG/pg1/target_ports/front/tpgt"
is "tpgt unchanged" 1 "$(cat $PG/pg1/target_ports/front/tpgt)"
ok_if "host -1 refused" bash -c "! echo -1 > $PG/pg1/initiator_ports/a/host"
is "host unchanged" "$ha" "$(cat $PG/pg1/initiator_ports/a/host)"
ok_if "wwn with a slash refused" \
	bash -c "! echo 'naa.50/01' > $PG/pg1/target_ports/front/wwn"
is "wwn unchanged" "$FRONT" "$(cat $PG/pg1/target_ports/front/wwn)"
ok_if "a 29-character port group name refused" \
	bash -c "! mkdir $PG/abcdefghijklmnopqrstuvwxyz012"
ok_if "a port name with a space refused" \
	bash -c "! mkdir '$PG/pg1/initiator_ports/x y'"
ok_if "counters are read-only" bash -c "! echo 5 > $PG/pg1/copies"
ok_if "configfs tree matches configfs_schema/" \
	python3 tests/lib/configfs_schema.py --skip-defaults configfs_schema/*.json

# --- local -> remote with sg_xcopy, through the first port ----------------
sgsrc=$(lio_sg_of "$src") && sgbka=$(lio_sg_of "$bka") || bail "no sg nodes"
ok_if "sg_xcopy front LUN -> backup disk (16 MiB)" \
	sg_xcopy --on_src if="$sgsrc" of="$sgbka" bs=512 count=32768
ok_if "backup disk holds the data" \
	cmp -n 16777216 /tmp/bk0.img /tmp/pattern
is "pg1 copies" 1 "$(cat $PG/pg1/copies)"
is "pg1 bytes" 16777216 "$(cat $PG/pg1/bytes)"
is "port a: 1 copy, 16 MiB" "1 16777216" \
	"$(cat $PG/pg1/initiator_ports/a/copies $PG/pg1/initiator_ports/a/bytes | xargs)"
is "port b unused" "0 0" \
	"$(cat $PG/pg1/initiator_ports/b/copies $PG/pg1/initiator_ports/b/bytes | xargs)"

# --- remote -> local: restore 8 MiB from the backup -----------------------
python3 tests/lib/xcopy.py list /tmp/l.bin b2b "$nbk" "$ndst" 16384 0 0 2
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "backup disk -> local LUN (8 MiB) GOOD" grep -q "SCSI Status: Good" <<<"$out"
ok_if "local LUN holds the restored data" \
	cmp -n 8388608 <(dd if="$dst" bs=1M count=8 iflag=direct status=none) /tmp/pattern
is "port a read 8 MiB more" 25165824 "$(cat $PG/pg1/initiator_ports/a/bytes)"

# --- first port's device offline: the second port does it ---------------
offline "$bka"
python3 tests/lib/xcopy.py list /tmp/l.bin b2b "$nsrc" "$nbk" 16384 32768 32768 3
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "port a's device offline: copy GOOD through port b" \
	grep -q "SCSI Status: Good" <<<"$out"
ok_if "data at 16 MiB identical" \
	cmp <(dd if=/tmp/bk0.img bs=1M skip=16 count=8 status=none) \
	<(dd if=/tmp/pattern bs=1M skip=16 count=8 status=none)
is "port a: dropped once" 1 "$(cat $PG/pg1/initiator_ports/a/failures)"
is "port b: 1 copy, 8 MiB" "1 8388608" \
	"$(cat $PG/pg1/initiator_ports/b/copies $PG/pg1/initiator_ports/b/bytes | xargs)"

# --- every port's device offline: COPY ABORTED, event, log -----------------
offline "$bkb" "$bkc"
$CTL --json events --count 1 --timeout 120 > /tmp/ev1.json &
evpid=$!
sleep 2
python3 tests/lib/xcopy.py list /tmp/l.bin b2b "$nsrc" "$nbk" 2048 0 65536 4
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "all ports offline: COPY ABORTED" grep -qi "copy aborted" <<<"$out"
ok_if "all ports offline: copy target device not reachable" \
	grep -qi "copy target device not reachable" <<<"$out"
wait $evpid
ev=$(python3 -c 'import json,sys; e=json.loads(sys.stdin.readline()); print(e["event"], e["object"]); print(e["message"])' < /tmp/ev1.json)
diag "event: $ev"
is "event xcopy-unreachable for pg1" "xcopy-unreachable pg1" "$(head -n1 <<<"$ev")"
ok_if "event names the designator" grep -q "naa.$nbk" <<<"$ev"
ok_if "event gives each port's reason" \
	grep -q "a: offline, b: offline, c: offline" <<<"$ev"
ok_if "log line names the copy, designator and reasons" \
	bash -c "dmesg | grep 'port group pg1: list 4 from' | grep -q 'naa.$nbk not reachable: a: offline'"
ok_if "nothing written at 32 MiB of the backup" \
	cmp -n 1048576 <(dd if=/tmp/bk0.img bs=1M skip=32 count=1 status=none) /dev/zero
is "pg1 failures" 1 "$(cat $PG/pg1/failures)"
online "$bka" "$bkb" "$bkc"
lio_clear_ua "$bka" "$bkb" "$bkc"

# --- a port pulled in the middle of a copy ---------------------------------
echo 64 > $X/chunk_kb
echo 2 > $X/depth
$CTL --json events --count 1 --timeout 300 > /tmp/ev2.json &
evpid=$!
sleep 2
python3 tests/lib/xcopy.py list /tmp/l.bin b2b "$nsrc" "$nslow" 32768 0 0 5 3
xcopy_send "$src" /tmp/l.bin > /tmp/mid.out &
cpid=$!
st=
for i in $(seq 300); do
	st=$($CTL --json xcopy status 2>/dev/null | python3 -c '
import json, sys
for c in json.load(sys.stdin)["copies"]:
    if c["list_id"] == 5 and c["bytes_done"] >= 1048576:
        print(c["port"], c["name"], c["bytes_total"])' 2>/dev/null)
	[ -n "$st" ] && break
	sleep 0.1
done
is "lioxctl xcopy status: the copy in flight, through pg1/a, 48 MiB" \
	"a pg1 50331648" "$st"
ok_if "copy still running when port a is pulled" kill -0 $cpid
offline "$sla"
wait $cpid
ok_if "copy GOOD after port a was pulled" grep -q "SCSI Status: Good" /tmp/mid.out
ok_if "slow backup disk identical (48 MiB)" \
	cmp -n 50331648 <(dd if="$slb" bs=1M count=48 iflag=direct status=none) /tmp/pattern
is "pg1 fallbacks" 1 "$(cat $PG/pg1/fallbacks)"
is "port a fallbacks" 1 "$(cat $PG/pg1/initiator_ports/a/fallbacks)"
is "engine fallbacks" 1 "$(cat $X/fallbacks)"
wait $evpid
ev=$(python3 -c 'import json,sys; e=json.loads(sys.stdin.readline()); print(e["event"], e["object"]); print(e["message"])' < /tmp/ev2.json)
diag "event: $ev"
is "event xcopy-fallback for pg1" "xcopy-fallback pg1" "$(head -n1 <<<"$ev")"
ok_if "event says a failed and b continues" \
	grep -q "a failed, continuing through b" <<<"$ev"
online "$sla"
echo 1024 > $X/chunk_kb
echo 4 > $X/depth

# --- isolation between port groups --------------------------------------
dd if=/tmp/bk0.img of=/tmp/bk0.before bs=1M status=none
python3 tests/lib/xcopy.py list /tmp/l.bin b2b "$noth" "$nbk" 2048 0 0 6
out=$(xcopy_send "$oth" /tmp/l.bin)
ok_if "target port in no group: remote copy not reachable" \
	grep -qi "copy target device not reachable" <<<"$out"
mkdir -p $PG/pg2/target_ports/other $PG/pg2/initiator_ports/d
echo loopback > $PG/pg2/target_ports/other/fabric
echo $OTHER > $PG/pg2/target_ports/other/wwn
echo 1 > $PG/pg2/target_ports/other/tpgt
echo 999 > $PG/pg2/initiator_ports/d/host
$CTL --json events --count 1 --timeout 120 > /tmp/ev3.json &
evpid=$!
sleep 2
out=$(xcopy_send "$oth" /tmp/l.bin)
ok_if "pg2's only port has no host: not reachable, pg1's ports unused" \
	grep -qi "copy target device not reachable" <<<"$out"
wait $evpid
ok_if "event: pg2, d: no such host" \
	bash -c "grep -q '\"pg2\"' /tmp/ev3.json && grep -q 'd: no such host' /tmp/ev3.json"
python3 tests/lib/xcopy.py list /tmp/l.bin b2b-pg pg2 "$nsrc" "$nbk" 2048 0 0 7
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "front names pg2 (C0h): ILLEGAL REQUEST, invalid field in parameter list" \
	grep -qi "invalid field in parameter list" <<<"$out"
ok_if "backup unchanged by the refused copies" cmp /tmp/bk0.img /tmp/bk0.before
python3 tests/lib/xcopy.py list /tmp/l.bin b2b-pg pg1 "$nsrc" "$nbk" 2048 0 98304 8
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "front names pg1 (C0h): GOOD" grep -q "SCSI Status: Good" <<<"$out"

# --- lioxctl xcopy status agrees with configfs -----------------------------
$CTL --json xcopy status > /tmp/st.json
is "json totals.copies = configfs copies" "$(cat $X/copies)" \
	"$(python3 -c 'import json; print(json.load(open("/tmp/st.json"))["totals"]["copies"])')"
is "json pg1/a failures, fallbacks = configfs" \
	"$(cat $PG/pg1/initiator_ports/a/failures) $(cat $PG/pg1/initiator_ports/a/fallbacks)" \
	"$(python3 -c '
import json
pg = [g for g in json.load(open("/tmp/st.json"))["port_groups"] if g["name"] == "pg1"][0]
a = [p for p in pg["initiator_ports"] if p["name"] == "a"][0]
print(a["failures"], a["fallbacks"])')"
is "json pg1 target port" "front loopback $FRONT 1" \
	"$(python3 -c '
import json
pg = [g for g in json.load(open("/tmp/st.json"))["port_groups"] if g["name"] == "pg1"][0]
t = pg["target_ports"][0]
print(t["name"], t["fabric"], t["wwn"], t["tpgt"])')"
is "json pg2/d host 999" 999 \
	"$(python3 -c '
import json
pg = [g for g in json.load(open("/tmp/st.json"))["port_groups"] if g["name"] == "pg2"][0]
print(pg["initiator_ports"][0]["host"])')"
$CTL xcopy status > /tmp/st.txt
while IFS= read -r l; do diag "lioxctl xcopy status | $l"; done < /tmp/st.txt
ok_if "human output lists both groups" \
	bash -c "grep -q 'port group: pg1' /tmp/st.txt && grep -q 'port group: pg2' /tmp/st.txt"
ok_if "configfs tree matches configfs_schema/ with both groups" \
	python3 tests/lib/configfs_schema.py --skip-defaults configfs_schema/*.json

# --- initiator ports by stable name: FC WWPN, iSCSI initiator + portal ------
# pg3 serves "front" when a C0h descriptor names it. Its first port is an
# FC WWPN no host here has; the second the iSCSI session to the backup
# system, by initiator name and portal rather than host number.
IPORT="$INI,127.0.0.1:3260"
mkdir -p $PG/pg3/target_ports/front $PG/pg3/initiator_ports/fc $PG/pg3/initiator_ports/iscsi
echo loopback > $PG/pg3/target_ports/front/fabric
echo $FRONT > $PG/pg3/target_ports/front/wwn
echo 1 > $PG/pg3/target_ports/front/tpgt
ok_if "FC WWPN accepted (0x form)" \
	bash -c "echo 0x21000024FF3B2C1D > $PG/pg3/initiator_ports/fc/stable_name"
is "FC WWPN reads back in colon form" "21:00:00:24:ff:3b:2c:1d" \
	"$(cat $PG/pg3/initiator_ports/fc/stable_name)"
echo 7 > $PG/pg3/initiator_ports/iscsi/host
ok_if "iSCSI initiator name + portal accepted" \
	bash -c "echo '$IPORT' > $PG/pg3/initiator_ports/iscsi/stable_name"
is "stable name reads back" "$IPORT" "$(cat $PG/pg3/initiator_ports/iscsi/stable_name)"
is "a stable name clears host" "" "$(cat $PG/pg3/initiator_ports/iscsi/host)"
for bad in "$INI" "$INI,127.0.0.1" "$INI,127.0.0.1:0" "$INI,::1:3260" \
	"iqn x,127.0.0.1:3260" "0x0000000000000000" "21:00:00:24:ff:3b:2c"; do
	ok_if "stable_name '$bad' refused" \
		bash -c "! echo '$bad' > $PG/pg3/initiator_ports/iscsi/stable_name 2>/dev/null"
done
is "stable name unchanged after refusals" "$IPORT" \
	"$(cat $PG/pg3/initiator_ports/iscsi/stable_name)"
python3 tests/lib/xcopy.py list /tmp/l.bin b2b-pg pg3 "$nsrc" "$nbk" 2048 0 102400 9
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "front names pg3: GOOD through the iSCSI port found by name" \
	grep -q "SCSI Status: Good" <<<"$out"
ok_if "backup holds the data at 50 MiB" \
	cmp <(dd if=/tmp/bk0.img bs=1M skip=50 count=1 status=none) \
	<(head -c 1M /tmp/pattern)
is "pg3/fc: no such host, dropped" 1 "$(cat $PG/pg3/initiator_ports/fc/failures)"
is "pg3/iscsi: 1 copy, 1 MiB" "1 1048576" \
	"$(cat $PG/pg3/initiator_ports/iscsi/copies $PG/pg3/initiator_ports/iscsi/bytes | xargs)"
$CTL --json xcopy status > /tmp/st3.json
is "lioxctl: pg3 ports' stable names, no host" \
	"fc 21:00:00:24:ff:3b:2c:1d None iscsi $IPORT None" "$(python3 -c '
import json
pg = [g for g in json.load(open("/tmp/st3.json"))["port_groups"] if g["name"] == "pg3"][0]
print(" ".join("%s %s %s" % (p["name"], p["stable_name"], p["host"]) for p in pg["initiator_ports"]))')"

# The session logs out; a new tcm_loop target takes its host number; the
# session logs in again and gets another one. pg3 still finds it by name.
iscsiadm -m node -T $BTGT -p 127.0.0.1 --logout >/dev/null
targetcli /loopback create wwn=naa.5001405000000035 >/dev/null
ok_if "iSCSI login again" iscsiadm -m node -T $BTGT -p 127.0.0.1 --login
hc2=$(iscsiadm -m session -P 3 | sed -n 's/.*Host Number: *\([0-9]*\).*/\1/p' | head -n1)
ok_if "the session's host number changed ($hc -> $hc2)" test -n "$hc2" -a "$hc2" != "$hc"
bkc2=$(disk_on "$sbk" "$hc2") || bail "backup disk not back on the iSCSI session"
lio_clear_ua "$bkc2"
python3 tests/lib/xcopy.py list /tmp/l.bin b2b-pg pg3 "$nsrc" "$nbk" 2048 0 104448 10
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "after the new login: GOOD through the same port, by name" \
	grep -q "SCSI Status: Good" <<<"$out"
ok_if "backup holds the data at 51 MiB" \
	cmp <(dd if=/tmp/bk0.img bs=1M skip=51 count=1 status=none) \
	<(head -c 1M /tmp/pattern)
is "pg3/iscsi: 2 copies, 2 MiB" "2 2097152" \
	"$(cat $PG/pg3/initiator_ports/iscsi/copies $PG/pg3/initiator_ports/iscsi/bytes | xargs)"
# the same port by its old host number no longer reaches the backup
echo "$hc" > $PG/pg3/initiator_ports/iscsi/host
is "writing host clears the stable name" "" "$(cat $PG/pg3/initiator_ports/iscsi/stable_name)"
python3 tests/lib/xcopy.py list /tmp/l.bin b2b-pg pg3 "$nsrc" "$nbk" 2048 0 106496 11
out=$(xcopy_send "$src" /tmp/l.bin)
ok_if "by the stale host number: copy target not reachable" \
	grep -qi "copy target device not reachable" <<<"$out"
ok_if "nothing written at 52 MiB" \
	cmp -n 1048576 <(dd if=/tmp/bk0.img bs=1M skip=52 count=1 status=none) /dev/zero
ok_if "configfs tree matches configfs_schema/ with stable names" \
	python3 tests/lib/configfs_schema.py --skip-defaults configfs_schema/*.json

# --- teardown -----------------------------------------------------------
echo 0 > $KLP/enabled
for i in $(seq 100); do [ -e $KLP ] || break; sleep 0.1; done
ok_if "rmmod refused while port groups exist" bash -c "! rmmod liox_xcopy 2>/dev/null"
for g in pg1 pg2 pg3; do
	rmdir $PG/$g/target_ports/* $PG/$g/initiator_ports/*
	rmdir $PG/$g
done
ok_if "port groups removed" test -z "$(ls $PG)"
ok_if "rmmod liox_xcopy" rmmod liox_xcopy
iscsiadm -m node -T $BTGT -p 127.0.0.1 --logout >/dev/null
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True
lio_delay_remove slow0
tap_done
