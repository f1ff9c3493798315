# SPDX-License-Identifier: GPL-2.0
# LIO helpers for scenarios (sourced): set LIO up the way an administrator
# does, with targetcli, and find the SCSI disks it presents.

# lio_disk_by_serial SERIAL [TIMEOUT]: print /dev/sdX whose VPD page 80h
# holds SERIAL, waiting for the SCSI scan; then pin the SCSI targets'
# runtime PM (lio_pin_scsi_targets below) for the logout to come.
lio_disk_by_serial() {
	local serial=$1 n=0 limit=$(( ${2:-30} * 10 )) f
	[ -n "$serial" ] || return 1
	while [ "$n" -lt "$limit" ]; do
		for f in /sys/block/sd*/device/vpd_pg80; do
			[ -r "$f" ] || continue
			if tr -d '\0' < "$f" | grep -qF "$serial"; then
				f=${f#/sys/block/}
				lio_pin_scsi_targets
				echo "/dev/${f%%/*}"
				return 0
			fi
		done
		n=$((n + 1))
		sleep 0.1
	done
	return 1
}

# lio_pin_scsi_targets: forbid runtime PM of every SCSI target. The stock
# 6.1 kernel warns (check_flush_dependency) when an iSCSI logout removes a
# target whose runtime-PM idle work is still queued: the session's
# WQ_MEM_RECLAIM workqueue then flushes a work of the system one, and
# panic_on_warn stops the VM (seen once, two_node_iscsi in CI, session 9).
# A target whose runtime PM is forbidden ("on") queues no idle work.
lio_pin_scsi_targets() {
	local t
	for t in /sys/bus/scsi/devices/target*/power/control; do
		[ -w "$t" ] && echo on > "$t"
	done
	return 0
}

# lio_serial BACKSTORE_TYPE NAME: the unit serial LIO gave a backstore.
lio_serial() {
	local d
	d=$(ls -d /sys/kernel/config/target/core/"$1"_*/"$2" | head -n1)
	sed -n 's/.*Number: *//p' "$d/wwn/vpd_unit_serial"
}

# lio_fileio_loopback NAME SIZE WWN: a fileio backstore in /tmp exported
# through a new tcm_loop target; prints the /dev/sdX the VM sees.
lio_fileio_loopback() {
	targetcli /loopback create wwn="$3" >/dev/null || return 1
	lio_fileio_add_lun "$@"
}

# lio_fileio_add_lun NAME SIZE WWN: another fileio LUN on the existing
# tcm_loop target WWN (so the same session sees it); prints its /dev/sdX.
lio_fileio_add_lun() {
	local name=$1 size=$2 wwn=$3
	targetcli /backstores/fileio create name="$name" \
		file_or_dev="/tmp/$name.img" size="$size" >/dev/null || return 1
	targetcli "/loopback/$wwn/luns" create \
		"/backstores/fileio/$name" >/dev/null || return 1
	lio_disk_by_serial "$(lio_serial fileio "$name")"
}

# lio_same_bytes DEV_OR_FILE PATTERN: the first size-of-PATTERN bytes of
# DEV_OR_FILE (read with O_DIRECT for a block device) equal PATTERN.
lio_same_bytes() {
	local size flags=
	size=$(stat -c %s "$2")
	[ -b "$1" ] && flags=iflag=direct
	cmp -n "$size" <(dd if="$1" bs=1M $flags status=none) "$2"
}

# lio_sg_of DISK: the /dev/sgN of a SCSI disk (made if devtmpfs has none).
lio_sg_of() {
	local d
	d=$(ls /sys/block/"${1#/dev/}"/device/scsi_generic/ 2>/dev/null | head -n1)
	[ -n "$d" ] || return 1
	[ -c "/dev/$d" ] || mknod "/dev/$d" c \
		$(tr ':' ' ' < "/sys/class/scsi_generic/$d/dev") || return 1
	echo "/dev/$d"
}

# lio_clear_ua DEV...: consume pending unit attentions (new LUNs report
# "REPORTED LUNS DATA HAS CHANGED" to the first command).
lio_clear_ua() {
	local d
	for d in "$@"; do
		sg_turs "$d" >/dev/null 2>&1
		sg_turs "$d" >/dev/null 2>&1
	done
}

# lio_host_of DISK: the SCSI host number a disk is reached through.
lio_host_of() {
	readlink -f "/sys/block/${1#/dev/}/device" | grep -o 'host[0-9]*' |
		tail -n1 | tr -d 'host'
}

# lio_disks_by_serial SERIAL: every /dev/sdX with that unit serial (one per
# path), one per line.
lio_disks_by_serial() {
	local f
	for f in /sys/block/sd*/device/vpd_pg80; do
		[ -r "$f" ] || continue
		if tr -d '\0' < "$f" | grep -qF "$1"; then
			f=${f#/sys/block/}
			echo "/dev/${f%%/*}"
		fi
	done
}

# lio_delay_block NAME SIZE_MB READ_MS WRITE_MS: a block backstore NAME over
# dm-delay (READ_MS per read, WRITE_MS per write) over a loop device on
# /tmp/NAME.img: storage that answers like a disk, not like memory.
lio_delay_block() {
	local name=$1 mb=$2 loop
	truncate -s "${mb}M" "/tmp/$name.img"
	loop=$(losetup --find --show "/tmp/$name.img") || return 1
	modprobe dm-delay
	dmsetup create "$name" --table \
		"0 $((mb * 2048)) delay $loop 0 $3 $loop 0 $4" || return 1
	dmsetup mknodes "$name"	# no udev in the VM
	targetcli /backstores/block create name="$name" dev="/dev/mapper/$name" >/dev/null
}

# lio_delay_remove NAME: the dm-delay device and loop of lio_delay_block
# (after the backstore is gone)
lio_delay_remove() {
	local loop
	loop=$(dmsetup deps -o devname "$1" 2>/dev/null | sed -n 's/.*(\(loop[0-9]*\)).*/\/dev\/\1/p')
	dmsetup remove "$1"
	[ -n "$loop" ] && losetup -d "$loop"
}
