#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# liox_core end to end in a real kernel: configfs root and its attributes,
# the generic netlink family through lioxctl, a capability module hanging
# its objects under the core (liox_selftest.ko), events, ratelimited
# logging, a targetcli loopback LUN carrying data, and 100 load/unload
# cycles without leaking.
# liox-timeout: 900
set -u
. tests/lib/tap.sh
. tests/lib/lio.sh

CFS=/sys/kernel/config/liox
CTL=userspace/lioxctl
NLT=userspace/tests/nltest

# write VALUE to configfs FILE; succeed only if the kernel accepted it
cfs_write() { printf '%s' "$2" > "$1" 2>/dev/null; }

# --- the core module -------------------------------------------------------
ok_if "lioxctl without the module says so (exit 3)" \
	bash -c "$CTL version; [ \$? -eq 3 ]"
ok_if "modprobe liox_core" modprobe liox_core
ok_if "configfs root /sys/kernel/config/liox exists" test -d "$CFS"
is "configfs version" "0.1.0 1" "$(cat $CFS/version)"
is "no capability registered yet" "" "$(cat $CFS/capabilities)"
ok_if "live configfs tree matches configfs_schema/" \
	python3 tests/lib/configfs_schema.py configfs_schema/*.json

out=$($CTL version); rc=$?
while IFS= read -r l; do diag "lioxctl version | $l"; done <<<"$out"
is "lioxctl version exits 0" 0 "$rc"
ok_if "lioxctl version names liox_core 0.1.0 protocol 1" \
	grep -q "^liox_core: *0.1.0 (netlink protocol 1)" <<<"$out"
json=$($CTL --json version)
is "lioxctl --json version: kernel.protocol" 1 \
	"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["kernel"]["protocol"])' <<<"$json")"

# --- root attributes: good values stick, bad ones change nothing ----------
is "log_ratelimit_burst default" 10 "$(cat $CFS/log_ratelimit_burst)"
ok_if "log_ratelimit_burst accepts 7" cfs_write $CFS/log_ratelimit_burst 7
is "log_ratelimit_burst reads back 7" 7 "$(cat $CFS/log_ratelimit_burst)"
for bad in 0 10001 abc "7x" "-1" $'\n' " 7" "+7" "4294967296" $'7\n\n'; do
	ok_if "log_ratelimit_burst refuses '$bad'" \
		bash -c "! printf '%s' '$bad' > $CFS/log_ratelimit_burst"
done
is "log_ratelimit_burst unchanged after bad writes" 7 \
	"$(cat $CFS/log_ratelimit_burst)"
ok_if "log_ratelimit_interval_ms accepts 0x1f4" \
	cfs_write $CFS/log_ratelimit_interval_ms 0x1f4
is "log_ratelimit_interval_ms reads back 500" 500 \
	"$(cat $CFS/log_ratelimit_interval_ms)"
ok_if "log_ratelimit_interval_ms refuses 3600001" \
	bash -c "! printf 3600001 > $CFS/log_ratelimit_interval_ms"
is "log_ratelimit_interval_ms unchanged" 500 \
	"$(cat $CFS/log_ratelimit_interval_ms)"
ok_if "read-only version refuses writes" \
	bash -c "! printf x > $CFS/version"

# --- a capability module under the core -----------------------------------
$CTL --json events --count 3 --timeout 120 > /tmp/events.json &
evpid=$!
sleep 2	# let it join the group
ok_if "modprobe liox_selftest" modprobe liox_selftest
is "capabilities lists selftest" "selftest 0.1.0" "$(cat $CFS/capabilities)"
ok_if "capability group /sys/kernel/config/liox/selftest" test -d $CFS/selftest
ok_if "schema check flags a group no schema describes" \
	bash -c "! python3 tests/lib/configfs_schema.py --skip-defaults configfs_schema/*.json"
ok_if "schema check passes with the test-only group left out" \
	python3 tests/lib/configfs_schema.py --skip-defaults --ignore-group selftest \
	configfs_schema/*.json
ok_if "lioxctl version lists the selftest capability" \
	bash -c "$CTL version | grep -q '^  selftest *0.1.0'"
ok_if "rmmod liox_core refused while a capability uses it" \
	bash -c "! rmmod liox_core"

is "netlink echo through the core's dispatcher" "hello-liox" \
	"$($NLT echo hello-liox)"
is "unserved command number gets EOPNOTSUPP" "error 95 Operation not supported" \
	"$($NLT call 100)"
is "command 0 is refused" "error 95 Operation not supported" "$($NLT call 0)"

ok_if "selftest value accepts 5" cfs_write $CFS/selftest/value 5
is "dump returns 5 objects" "obj-1 obj-2 obj-3 obj-4 obj-5" \
	"$($NLT dump | tr '\n' ' ' | sed 's/ $//')"
ok_if "selftest value accepts 100" cfs_write $CFS/selftest/value 100
is "dump of 100 objects over several messages" "100 obj-100" \
	"$($NLT dump | wc -l) $($NLT dump | tail -n1)"
for bad in 0 101 12abc 1e2; do
	ok_if "selftest value refuses '$bad'" \
		bash -c "! printf '%s' '$bad' > $CFS/selftest/value"
done
is "selftest value unchanged" 100 "$(cat $CFS/selftest/value)"

ok_if "name accepts 'node-1.a_b:c'" cfs_write $CFS/selftest/name "node-1.a_b:c"
for bad in "../x" ".hidden" "-dash" "a b" "a/b" \
	   "$(printf 'x%.0s' $(seq 64))"; do
	ok_if "name refuses '$bad'" bash -c "! printf '%s' '$bad' > $CFS/selftest/name"
done
is "name unchanged" "node-1.a_b:c" "$(cat $CFS/selftest/name)"

ok_if "peer accepts 127.0.0.2:3260" cfs_write $CFS/selftest/peer "127.0.0.2:3260"
is "peer reads back" "127.0.0.2:3260" "$(cat $CFS/selftest/peer)"
ok_if "peer accepts [::1]:7789" cfs_write $CFS/selftest/peer "[::1]:7789"
is "peer reads back IPv6" "[::1]:7789" "$(cat $CFS/selftest/peer)"
for bad in "1.2.3.4" "1.2.3.4:0" "1.2.3.4:65536" "1.2.3:80" "::1:80" \
	   "[::1]80" "host:80" "1.2.3.4:80x"; do
	ok_if "peer refuses '$bad'" bash -c "! printf '%s' '$bad' > $CFS/selftest/peer"
done
is "peer unchanged" "[::1]:7789" "$(cat $CFS/selftest/peer)"

# ratelimited logging: burst 7, one long interval -> 7 of 50 lines printed
cfs_write $CFS/log_ratelimit_interval_ms 600000
before=$(dmesg | grep -c "ratelimited line")
cfs_write $CFS/selftest/log 50
after=$(dmesg | grep -c "ratelimited line")
is "50 ratelimited lines print exactly the burst (7)" 7 $((after - before))
cfs_write $CFS/log_ratelimit_interval_ms 0
before=$(dmesg | grep -c "ratelimited line")
cfs_write $CFS/selftest/log 20
after=$(dmesg | grep -c "ratelimited line")
is "interval 0 turns ratelimiting off (20 of 20)" 20 $((after - before))

ok_if "rmmod liox_selftest" rmmod liox_selftest
is "capabilities empty again" "" "$(cat $CFS/capabilities)"
ok_if "capability group gone" test ! -e $CFS/selftest
wait $evpid
is "events: three received" 3 "$(wc -l < /tmp/events.json)"
is "events: added, echo, removed in order" \
	"capability-added/selftest/- selftest/selftest/hello-liox capability-removed/selftest/-" \
	"$(python3 -c '
import json, sys
print(" ".join("%s/%s/%s" % (e["event"], e["capability"], e.get("object", "-"))
               for e in map(json.loads, sys.stdin)))' < /tmp/events.json)"

# --- targetcli and a loopback LUN carrying data ---------------------------
disk=$(lio_fileio_loopback disk0 64M naa.5001405000000001)
ok_if "targetcli fileio + loopback LUN appears as a SCSI disk ($disk)" test -b "$disk"
targetcli ls /loopback 2>/dev/null | while IFS= read -r l; do diag "targetcli ls | $l"; done
ok_if "targetcli ls still works with liox loaded" \
	bash -c "targetcli ls / | grep -q disk0"
head -c 8M /dev/urandom > /tmp/pattern
ok_if "write 8 MiB of random data with O_DIRECT" \
	dd if=/tmp/pattern of="$disk" bs=1M oflag=direct status=none
ok_if "read back through the LUN matches" lio_same_bytes "$disk" /tmp/pattern
ok_if "backing file holds the same bytes" lio_same_bytes /tmp/disk0.img /tmp/pattern
ok_if "targetcli clearconfig" targetcli clearconfig confirm=True

# --- load/unload 100 times ------------------------------------------------
ok_if "rmmod liox_core" rmmod liox_core
ok_if "configfs root gone after rmmod" test ! -e $CFS
is "lioxctl reports the module missing again (exit 3)" 3 \
	"$($CTL version >/dev/null 2>&1; echo $?)"

slab() { awk -v c="$1" '$1 == c { print $2 }' /proc/slabinfo; }
kmalloc_total() { awk '$1 ~ /^kmalloc-[0-9]+$/ { s += $2 } END { print s }' /proc/slabinfo; }
cfs_before=$(slab configfs_dir_cache)
km_before=$(kmalloc_total)
fails=0
for i in $(seq 100); do
	modprobe liox_core || fails=$((fails + 1))
	[ -d $CFS ] || fails=$((fails + 1))
	rmmod liox_core || fails=$((fails + 1))
done
is "100 load/unload cycles without a failure" 0 "$fails"
is "configfs_dir_cache objects unchanged after 100 cycles" \
	"$cfs_before" "$(slab configfs_dir_cache)"
km_after=$(kmalloc_total)
diag "kmalloc objects before $km_before after $km_after"
ok_if "kmalloc objects grew by less than one per cycle" \
	test $((km_after - km_before)) -lt 100

tap_done
