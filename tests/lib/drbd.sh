# SPDX-License-Identifier: GPL-2.0
# DRBD, the stock alternative liox_ipmirror is measured against (sourced by
# tests/bench/ipmirror.sh): Debian's drbd.ko (8.4) driven with drbd-utils'
# drbdsetup-84 directly, because drbdadm wants one host name per side and
# both sides here live in one kernel over loopback addresses.

DRBDSETUP=/usr/lib/drbd/drbdsetup-84

# drbd_pair_up DEV_A DEV_B ADDR_A ADDR_B [NET_OPTION...]: resource ra
# (minor 0, /dev/drbd0) on DEV_A and rb (minor 1) on DEV_B, internal
# metadata, protocol C (and the net options given, e.g.
# --data-integrity-alg=crc32c), connected to each other; the initial sync
# skipped (both sides start identical: new-current-uuid --clear-bitmap), ra
# primary. Returns non-zero unless both disks end UpToDate/UpToDate and ra
# is Primary/Secondary.
drbd_pair_up() {
	local devs=("$1" "$2") addrs=("$3" "$4") i r
	shift 4
	# no drbdadm configuration here: DRBD's handlers (before-resync-source...)
	# would fail and drop the connection
	modprobe drbd usermode_helper=/bin/true || return 1
	for i in 0 1; do
		r=r$([ $i = 0 ] && echo a || echo b)
		yes | drbdmeta --force $i v08 "${devs[$i]}" internal create-md \
			>/dev/null 2>&1 || return 1
		$DRBDSETUP new-resource $r &&
			$DRBDSETUP new-minor $r $i 0 &&
			$DRBDSETUP attach $i "${devs[$i]}" "${devs[$i]}" internal ||
			return 1
	done
	$DRBDSETUP connect ra "ipv4:${addrs[0]}:7789" "ipv4:${addrs[1]}:7789" \
		--protocol=C "$@" || return 1
	$DRBDSETUP connect rb "ipv4:${addrs[1]}:7789" "ipv4:${addrs[0]}:7789" \
		--protocol=C "$@" || return 1
	for i in $(seq 100); do
		grep -q '^ 0: cs:Connected' /proc/drbd && break
		sleep 0.1
	done
	$DRBDSETUP new-current-uuid 0 --clear-bitmap &&
		$DRBDSETUP primary 0 || return 1
	drbd_wait_uptodate 10 && [ -b /dev/drbd0 ]
}

# drbd_pair_down: both resources down, drbd.ko unloaded
drbd_pair_down() {
	$DRBDSETUP secondary 0
	$DRBDSETUP down ra
	$DRBDSETUP down rb
	rmmod drbd
}

# drbd_uptodate: minor 0 connected, Primary/Secondary, UpToDate on both sides
drbd_uptodate() {
	grep -q '^ 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate' /proc/drbd
}

# drbd_wait_uptodate SECONDS: until drbd_uptodate (polled every 50 ms)
drbd_wait_uptodate() {
	local end=$(( $(date +%s) + $1 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		drbd_uptodate && return 0
		sleep 0.05
	done
	return 1
}
