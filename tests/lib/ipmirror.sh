# SPDX-License-Identifier: GPL-2.0
# liox_ipmirror helpers for scenarios (sourced).

MIRRORS=/sys/kernel/config/liox/mirrors

# cfs_err FILE VALUE: write VALUE (as is, no newline added) to a configfs
# FILE; prints "ok" or the error text ("Invalid argument", ...).
cfs_err() {
	local out
	out=$( { printf '%s' "$2" > "$1"; } 2>&1 ) && { echo ok; return; }
	echo "${out##*: }"
}

# mirror_md_start BACKING REGION_KB: the first sector of the metadata area
# liox_ipmirror puts at the end of BACKING (mirror_meta.c): a 4 KiB header
# and the bits of every region of the whole device in 4 KiB blocks, the
# start rounded down to 4 KiB.
mirror_md_start() {
	local total rs nr bits md
	total=$(blockdev --getsz "$1")
	rs=$(( $2 * 2 ))
	nr=$(( (total + rs - 1) / rs ))
	bits=$(( (nr + 7) / 8 ))
	md=$(( (4096 + (bits + 4095) / 4096 * 4096) / 512 ))
	echo $(( (total - md) / 8 * 8 ))
}

# mirror_md_read BACKING MD_START: the decoded metadata area, key=value
mirror_md_read() {
	dd if="$1" bs=4096 skip=$(( $2 / 8 )) iflag=direct status=none |
		python3 tests/lib/mirror_md.py
}

# mirror_md_field LINE KEY: one value of mirror_md_read's line
mirror_md_field() {
	tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

# mirror_dev_wait NAME [present|absent]: wait (5 s at most) for
# /dev/liox/NAME to appear or go
mirror_dev_wait() {
	local i
	for i in $(seq 50); do
		if [ "${2:-present}" = present ]; then
			[ -b "/dev/liox/$1" ] && return 0
		else
			[ -e "/dev/liox/$1" ] || return 0
		fi
		sleep 0.1
	done
	return 1
}

# same_at FILE DEV OFFSET_MB: DEV holds FILE's bytes at OFFSET_MB MiB (read
# with O_DIRECT into a file first: a reader left behind in a process
# substitution would keep DEV open and make a disable fail with EBUSY)
same_at() {
	local len
	len=$(stat -c %s "$1")
	dd if="$2" of=/tmp/same_at.bin bs=1M skip="$3" \
		count=$(( (len + 1048575) >> 20 )) iflag=direct status=none &&
		cmp -n "$len" "$1" /tmp/same_at.bin
}

# mirror_setup DIR BACKING LOCAL PEER PEER_NAME ROLE: a mirror of a pair in
# one kernel, with short heartbeat timers (200/1000/1000 ms) for tests
mirror_setup() {
	echo "$2" > $1/backing
	echo "$3" > $1/local_addr
	echo "$4" > $1/peer_addr
	echo "$5" > $1/peer_name
	echo "$6" > $1/role
	echo 200 > $1/hb_interval_ms
	echo 1000 > $1/hb_dead_ms
	echo 1000 > $1/probation_ms
}

# within SECONDS CMD...: CMD succeeds within SECONDS (polled every 0.1 s)
within() {
	local i n=$(( $1 * 10 ))
	shift
	for i in $(seq $n); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
# grows FILE FROM SECONDS: the number in FILE exceeds FROM within SECONDS
grows() { within "$3" eval "[ \"\$(cat $1)\" -gt $2 ]"; }
# log_count TEXT: kernel log lines that contain TEXT
log_count() { dmesg | grep -cF -- "$1"; }
# logged TEXT FROM SECONDS: more than FROM such lines within SECONDS
log_more() { [ "$(log_count "$1")" -gt "$2" ]; }
logged() { within "$3" log_more "$1" "$2"; }
# pid_exits PID SECONDS: PID (a child) ends within SECONDS, successfully
pid_exits() {
	within "$2" eval "! kill -0 $1 2>/dev/null" && wait "$1"
}

# wait_state DIR STATE [SECONDS]
wait_state() {
	local i
	for i in $(seq $(( ${3:-60} * 10 ))); do
		[ "$(cat $1/state)" = "$2" ] && return 0
		sleep 0.1
	done
	diag "$1: state $(cat $1/state), wanted $2"
	mirror_debug
	return 1
}
# mirror_debug: the module's log and its threads' stacks, as diagnostics
mirror_debug() {
	local p
	dmesg | grep -E 'liox|pa:|sb:' | tail -n 40 | while IFS= read -r l; do diag "$l"; done
	for p in $(pgrep 'liox_'); do
		diag "$(cat /proc/$p/comm): $(tr '\n' ' ' < /proc/$p/stack)"
	done
}
