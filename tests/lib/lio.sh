# SPDX-License-Identifier: GPL-2.0
# LIO helpers for scenarios (sourced): set LIO up the way an administrator
# does, with targetcli, and find the SCSI disks it presents.

# lio_disk_by_serial SERIAL [TIMEOUT]: print /dev/sdX whose VPD page 80h
# holds SERIAL, waiting for the SCSI scan.
lio_disk_by_serial() {
	local serial=$1 n=0 limit=$(( ${2:-30} * 10 )) f
	[ -n "$serial" ] || return 1
	while [ "$n" -lt "$limit" ]; do
		for f in /sys/block/sd*/device/vpd_pg80; do
			[ -r "$f" ] || continue
			if tr -d '\0' < "$f" | grep -qF "$serial"; then
				f=${f#/sys/block/}
				echo "/dev/${f%%/*}"
				return 0
			fi
		done
		n=$((n + 1))
		sleep 0.1
	done
	return 1
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
