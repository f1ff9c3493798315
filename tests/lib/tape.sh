# SPDX-License-Identifier: GPL-2.0
# A tape drive for scenarios (sourced): a LIO "user" (TCMU) backstore served
# by tests/tools/liox_tape (build it on the host: make -C tests/tools),
# exported through its own tcm_loop target. No targetcli: without
# tcmu-runner rtslib knows no user backstore, so this is plain configfs.
#
#   tape_create NAME FILE   prints "/dev/sgN /dev/nstN" (nstN only if st bound)
#   tape_destroy NAME       LUN, target, handler, backstore, in that order
# State of each tape lives in /run/liox_tape/NAME/.

_TAPE_BIN=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools" && pwd)/liox_tape
_TAPE_CORE=/sys/kernel/config/target/core
_TAPE_LOOP=/sys/kernel/config/target/loopback

# _tape_naa: a random naa.5001405... WWN (LIO's IEEE company id)
_tape_naa() {
	echo "naa.5001405$(od -An -N5 -tx1 /dev/urandom | tr -d ' \n' | cut -c1-9)"
}

# _tape_devs SERIAL: "/dev/sgN [/dev/nstN]" of the SCSI device whose VPD
# page 80h is SERIAL, once it is there (30 s).
_tape_devs() {
	local serial=$1 n d sg st
	for ((n = 0; n < 300; n++)); do
		for d in /sys/bus/scsi/devices/*; do
			[ -r "$d/vpd_pg80" ] && [ "$(cat "$d/type" 2>/dev/null)" = 1 ] ||
				continue
			tr -d '\0' < "$d/vpd_pg80" | grep -qF "$serial" || continue
			sg=$(ls "$d/scsi_generic" 2>/dev/null | head -n1)
			[ -n "$sg" ] || continue
			st=$(ls "$d/scsi_tape" 2>/dev/null | grep -m1 '^nst[0-9]*$')
			_tape_node "$sg" scsi_generic || return 1
			if [ -n "$st" ]; then
				_tape_node "$st" scsi_tape || return 1
				echo "/dev/$sg /dev/$st"
			else
				echo "/dev/$sg"
			fi
			return 0
		done
		sleep 0.1
	done
	return 1
}

# _tape_node NAME CLASS: make /dev/NAME if devtmpfs has none
_tape_node() {
	[ -c "/dev/$1" ] ||
		mknod "/dev/$1" c $(tr ':' ' ' < "/sys/class/$2/$1/dev")
}

tape_create() {
	local name=$1 file=$2 hba=0 dir state=/run/liox_tape/$1 tgt pid serial i
	[ -x "$_TAPE_BIN" ] || { echo "tape: no $_TAPE_BIN (make -C tests/tools)" >&2; return 1; }
	case "$file" in *[,\ :]*) echo "tape: FILE must not hold , : or space" >&2; return 1 ;; esac
	modprobe -a target_core_user tcm_loop st || return 1
	while [ -e "$_TAPE_CORE/user_$hba" ]; do hba=$((hba + 1)); done
	dir=$_TAPE_CORE/user_$hba/$name
	mkdir -p "$dir" "$state" || return 1
	echo "$hba" > "$state/hba"
	# dev_config is "<subtype>/<cfgstring>"; it becomes part of the uio name
	echo -n "dev_config=liox_tape/$file" > "$dir/control" &&
		echo -n "dev_size=$((1 << 30))" > "$dir/control" || return 1
	# as rtslib does: LIO generates no unit serial of its own
	serial=$(cat /proc/sys/kernel/random/uuid)
	echo "$serial" > "$dir/wwn/vpd_unit_serial" &&
		echo 1 > "$dir/enable" || return 1

	"$_TAPE_BIN" "tcm-user/$hba/$name/" "$file" > "$state/log" 2>&1 &
	pid=$!
	echo "$pid" > "$state/pid"
	for ((i = 0; i < 50; i++)); do
		grep -q objects "$state/log" && break
		kill -0 "$pid" 2>/dev/null || { cat "$state/log" >&2; return 1; }
		sleep 0.1
	done

	tgt=$_TAPE_LOOP/$(_tape_naa)
	echo "$tgt" > "$state/target"
	mkdir -p "$tgt/tpgt_1/lun/lun_0" &&
		_tape_naa > "$tgt/tpgt_1/nexus" &&
		ln -s "$dir" "$tgt/tpgt_1/lun/lun_0/$name" || return 1
	_tape_devs "$serial"
}

tape_destroy() {
	local state=/run/liox_tape/$1 tgt hba pid i
	[ -d "$state" ] || return 1
	tgt=$(cat "$state/target" 2>/dev/null)
	hba=$(cat "$state/hba")
	pid=$(cat "$state/pid" 2>/dev/null)
	# the LUN goes first, while the handler still answers the SCSI
	# midlayer's last commands
	if [ -n "$tgt" ] && [ -d "$tgt" ]; then
		rm -f "$tgt"/tpgt_1/lun/lun_0/*
		rmdir "$tgt/tpgt_1/lun/lun_0"
		echo NULL > "$tgt/tpgt_1/nexus"
		rmdir "$tgt/tpgt_1" "$tgt" || return 1
	fi
	if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
		for ((i = 0; i < 100; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
	rmdir "$_TAPE_CORE/user_$hba/$1" "$_TAPE_CORE/user_$hba" || return 1
	rm -rf "$state"
}
